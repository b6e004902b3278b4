/**
 * Per system × dataset × metric means of the Q&A records with bootstrap intervals, computed from the tidy
 * records alone.
 */
import type { RandomSource } from '../../core/random.js';
import type { EvaluationRecord, QaSummaryRow } from '../../schemas/evaluation.js';
import { bootstrapInterval } from '../../stats/bootstrap-interval.js';

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Groups the records by (system, dataset, metric) in first-seen order and reports the mean of the non-null
 * values with a percentile bootstrap interval (Efron & Tibshirani 1993; `lib/stats/bootstrap-interval.ts`:
 * items resampled with replacement `resamples` times from `random`). With fewer than two values the interval
 * is null; with identical values it is that value twice.
 *
 * @example
 * questionAnsweringSummary(records, { random: createRandom(42), resamples: 2000 });
 */
export function questionAnsweringSummary(
  records: readonly EvaluationRecord[],
  options: { random: RandomSource; resamples?: number; level?: number; metrics?: readonly string[] },
): QaSummaryRow[] {
  const groups = new Map<string, { system: string; dataset: string; metric: string; values: number[] }>();
  for (const record of records) {
    if (options.metrics && !options.metrics.includes(record.metric)) continue;
    const key = JSON.stringify([record.system, record.dataset, record.metric]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { system: record.system, dataset: record.dataset, metric: record.metric, values: [] }));
    if (record.value !== null) group.values.push(record.value);
  }
  return [...groups.values()].map(({ values, ...group }) => {
    if (values.length === 0) return { ...group, n: 0, mean: null, bootstrap95: null };
    const estimate = mean(values);
    let interval: [number, number] | null = null;
    if (values.length >= 2) {
      if (values.every((value) => value === values[0])) interval = [estimate, estimate];
      else {
        const result = bootstrapInterval(values, mean, { random: options.random, resamples: options.resamples ?? 2000, level: options.level ?? 0.95, method: 'percentile' });
        interval = [result.lower, result.upper];
      }
    }
    return { ...group, n: values.length, mean: estimate, bootstrap95: interval };
  });
}
