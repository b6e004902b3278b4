/**
 * Wilson 95% intervals for the share of "correct" and of "correct or correct but incomplete" answers per
 * file and system (the table beside the paper-style figure).
 */
import { describeHumanRatingSystem } from '../../data/human-rating-system.js';
import { wilsonInterval } from '../../stats/index.js';
import type { HumanRatingCount } from './count-human-ratings.js';

/** One row of the intervals table. Shares and bounds are proportions in [0, 1]; null when `n` is 0. */
export interface HumanRatingInterval {
  file: string;
  system: string;
  systemLabel: string;
  n: number;
  correct: number;
  correctShare: number | null;
  correctLower: number | null;
  correctUpper: number | null;
  correctOrIncomplete: number;
  correctOrIncompleteShare: number | null;
  correctOrIncompleteLower: number | null;
  correctOrIncompleteUpper: number | null;
  level: number;
}

/**
 * Wilson score intervals (no continuity correction; `wilsonInterval` in lib/stats) for each row of the
 * counts table, over the `n` answers with exactly one mark.
 *
 * @param level confidence level (default 0.95)
 * @example
 * humanRatingIntervals(counts).find((row) => row.system === 'Claude 3.7 Sonnet');
 * // { n: 39, correct: 34, correctShare: 0.872, correctLower: 0.734, correctUpper: 0.944, ... }
 */
export function humanRatingIntervals(counts: readonly HumanRatingCount[], level = 0.95): HumanRatingInterval[] {
  return counts.map((row) => {
    const correctOrIncomplete = row.correct + row.correct_incomplete;
    const correct = row.n > 0 ? wilsonInterval(row.correct, row.n, level) : null;
    const either = row.n > 0 ? wilsonInterval(correctOrIncomplete, row.n, level) : null;
    return {
      file: row.file,
      system: row.system,
      systemLabel: describeHumanRatingSystem(row.system).label,
      n: row.n,
      correct: row.correct,
      correctShare: correct?.estimate ?? null,
      correctLower: correct?.lower ?? null,
      correctUpper: correct?.upper ?? null,
      correctOrIncomplete,
      correctOrIncompleteShare: either?.estimate ?? null,
      correctOrIncompleteLower: either?.lower ?? null,
      correctOrIncompleteUpper: either?.upper ?? null,
      level,
    };
  });
}
