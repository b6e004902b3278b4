/**
 * Pairwise comparisons of systems on the same items, computed from the tidy records: exact McNemar tests for
 * a binary metric (multiple-choice `correct`), paired permutation tests for a continuous one (BLEU, ROUGE…),
 * every p-value Holm-adjusted over the whole table.
 */
import type { RandomSource } from '../core/random.js';
import type { EvaluationRecord, PairwiseComparisonRow } from '../schemas/evaluation.js';
import { adjustPValues } from '../stats/adjust-p-values.js';
import { bootstrapInterval } from '../stats/bootstrap-interval.js';
import { mcnemarTest } from '../stats/mcnemar-test.js';
import { pairedPermutationTest } from '../stats/paired-permutation-test.js';

/** Values of `metric` per dataset, system and item (null values left out). */
function byDatasetSystemItem(records: readonly EvaluationRecord[], metric: string): Map<string, Map<string, Map<string, number>>> {
  const table = new Map<string, Map<string, Map<string, number>>>();
  for (const record of records) {
    if (record.metric !== metric || record.value === null) continue;
    let systems = table.get(record.dataset);
    if (!systems) table.set(record.dataset, (systems = new Map()));
    let items = systems.get(record.system);
    if (!items) systems.set(record.system, (items = new Map()));
    items.set(record.item, record.value);
  }
  return table;
}

function pairs(records: readonly EvaluationRecord[], metric: string): Array<{ dataset: string; first: string; second: string; x: number[]; y: number[] }> {
  const result: Array<{ dataset: string; first: string; second: string; x: number[]; y: number[] }> = [];
  for (const [dataset, systems] of byDatasetSystemItem(records, metric)) {
    const names = [...systems.keys()];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const a = systems.get(names[i]!)!;
        const b = systems.get(names[j]!)!;
        const shared = [...a.keys()].filter((item) => b.has(item));
        result.push({ dataset, first: names[i]!, second: names[j]!, x: shared.map((item) => a.get(item)!), y: shared.map((item) => b.get(item)!) });
      }
    }
  }
  return result;
}

/**
 * Exact McNemar test (two-sided binomial test on the discordant pairs; statsmodels `mcnemar(exact=True)`)
 * for every pair of systems on every dataset, on the items both answered, with Holm's step-down adjustment
 * (Holm 1979) over all rows. `difference` is the accuracy difference first − second on the shared items.
 *
 * @example
 * mcnemarComparisons(records); // [{ dataset, metric: 'correct', first, second, n, onlyFirstCorrect, onlySecondCorrect, pValue, pValueHolm, … }]
 */
export function mcnemarComparisons(records: readonly EvaluationRecord[], metric = 'correct'): PairwiseComparisonRow[] {
  const rows = pairs(records, metric).map(({ dataset, first, second, x, y }) => {
    const test = mcnemarTest(x, y, { exact: true });
    return {
      dataset,
      metric,
      first,
      second,
      n: x.length,
      difference: (test.onlyFirstPositive - test.onlySecondPositive) / Math.max(1, x.length),
      onlyFirstCorrect: test.onlyFirstPositive,
      onlySecondCorrect: test.onlySecondPositive,
      method: test.method,
      pValue: test.pValue,
      pValueHolm: 0,
    };
  });
  const adjusted = rows.length ? adjustPValues(rows.map((row) => row.pValue), 'holm') : [];
  return rows.map((row, index) => ({ ...row, pValueHolm: adjusted[index]! }));
}

/**
 * Paired sign-flip permutation test of the mean difference (Noreen 1989; `lib/stats/paired-permutation-test.ts`)
 * for every pair of systems on every dataset and every metric given, Holm-adjusted over all rows, with a paired
 * percentile bootstrap 95% interval of the mean difference (`difference95`: the item pairs resampled
 * `bootstrapResamples` times, default 2000; Efron & Tibshirani 1993). The same seeded random source gives the
 * same p-values and intervals.
 *
 * @example
 * permutationComparisons(records, ['bleu', 'rougeL'], { random: createRandom(42), resamples: 9999 });
 */
export function permutationComparisons(
  records: readonly EvaluationRecord[],
  metrics: readonly string[],
  options: { random: RandomSource; resamples: number; bootstrapResamples?: number },
): PairwiseComparisonRow[] {
  const rows: PairwiseComparisonRow[] = [];
  for (const metric of metrics) {
    for (const { dataset, first, second, x, y } of pairs(records, metric)) {
      if (x.length === 0) continue;
      const test = pairedPermutationTest(x, y, { random: options.random, resamples: options.resamples });
      const differences = x.map((value, index) => value - y[index]!);
      let difference95: [number, number] | undefined;
      if (differences.length >= 2) {
        if (differences.every((value) => value === differences[0])) difference95 = [differences[0]!, differences[0]!];
        else {
          const interval = bootstrapInterval(differences, (sample) => sample.reduce((sum, value) => sum + value, 0) / sample.length, {
            random: options.random,
            resamples: options.bootstrapResamples ?? 2000,
            method: 'percentile',
          });
          difference95 = [interval.lower, interval.upper];
        }
      }
      rows.push({
        dataset,
        metric,
        first,
        second,
        n: x.length,
        difference: test.statistic,
        ...(difference95 ? { difference95 } : {}),
        method: test.method,
        pValue: test.pValue,
        pValueHolm: 0,
      });
    }
  }
  const adjusted = rows.length ? adjustPValues(rows.map((row) => row.pValue), 'holm') : [];
  return rows.map((row, index) => ({ ...row, pValueHolm: adjusted[index]! }));
}
