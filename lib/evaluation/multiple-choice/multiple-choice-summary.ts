/**
 * Per system × dataset multiple-choice summary, computed from the tidy records alone.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { EvaluationRecord, McSummaryRow } from '../../schemas/evaluation.js';
import { wilsonInterval } from '../../stats/wilson-interval.js';

/**
 * Counts `correct` and `unparseable` records per (system, dataset), in first-seen order:
 * `accuracy = correct / n` (an unparseable reply is wrong), `accuracyExcludingUnparseable = correct / (n −
 * unparseable)` (the authors' figure, which drops failed parses from the denominator, authors-pipeline §5.1
 * and §7.2; null when every reply was unparseable) and the Wilson score 95% interval of the accuracy
 * (Wilson 1927; `lib/stats/wilson-interval.ts`).
 *
 * @example
 * multipleChoiceSummary(records); // [{ system, dataset, n: 60, correct: 45, unparseable: 3, accuracy: 0.75, … }]
 */
export function multipleChoiceSummary(records: readonly EvaluationRecord[]): McSummaryRow[] {
  const groups = new Map<string, { system: string; dataset: string; n: number; correct: number; unparseable: number }>();
  for (const record of records) {
    if (record.metric !== 'correct' && record.metric !== 'unparseable') continue;
    const key = JSON.stringify([record.system, record.dataset]);
    let group = groups.get(key);
    if (!group) {
      group = { system: record.system, dataset: record.dataset, n: 0, correct: 0, unparseable: 0 };
      groups.set(key, group);
    }
    if (record.value !== 0 && record.value !== 1) {
      throw new InvalidArgumentError('records', `metric ${record.metric} of item ${record.item} must be 0 or 1, got ${String(record.value)}`);
    }
    if (record.metric === 'correct') {
      group.n++;
      group.correct += record.value;
    } else group.unparseable += record.value;
  }
  return [...groups.values()].map((group) => {
    const interval = wilsonInterval(group.correct, group.n, 0.95);
    const parsed = group.n - group.unparseable;
    return {
      ...group,
      accuracy: group.correct / group.n,
      accuracyExcludingUnparseable: parsed > 0 ? group.correct / parsed : null,
      wilson95: [interval.lower, interval.upper] as [number, number],
    };
  });
}
