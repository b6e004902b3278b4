import { InvalidArgumentError } from '../../core/errors.js';
import type { BleuSmoothMethod } from './metric-schemas.js';
import type { BleuStatistics } from './bleu-segment-statistics.js';

/** How {@link bleuFromStatistics} turns statistics into a score. */
export interface BleuScoringOptions {
  smoothMethod: BleuSmoothMethod;
  /** For `floor` (default 0.1) and `add-k` (default 1). */
  smoothValue?: number | undefined;
  effectiveOrder: boolean;
}

/** The numbers of a BLEU score, without the signature. */
export interface BleuValues {
  score: number;
  precisions: number[];
  brevityPenalty: number;
  hypothesisLength: number;
  referenceLength: number;
  counts: number[];
  totals: number[];
}

/** sacrebleu's default smoothing values (`BLEU.SMOOTH_DEFAULTS`). */
export const BLEU_SMOOTH_DEFAULTS: Readonly<Record<BleuSmoothMethod, number | undefined>> = {
  none: undefined,
  floor: 0.1,
  'add-k': 1,
  exp: undefined,
};

/** sacrebleu's `my_log`: log, with log(0) floored at −9999999999 so that a zero precision gives BLEU 0. */
function flooredLog(value: number): number {
  return value === 0 ? -9999999999 : Math.log(value);
}

/**
 * BLEU on the 0–100 scale from summed sufficient statistics, exactly as sacrebleu 2.x `BLEU.compute_bleu`:
 * brevity penalty `exp(1 − r/c)` when c < r (0 when c = 0), the geometric mean of the n-gram precisions, and the
 * smoothing methods of Chen & Cherry, "A Systematic Comparison of Smoothing Techniques for Sentence-Level BLEU",
 * WMT 2014: `none`; `floor` (method 1: a zero count becomes `smoothValue`); `add-k` (method 2: k added to the
 * matches and totals of orders ≥ 2); `exp` (method 3, NIST mteval-v13a: the k-th zero precision becomes
 * 1/(2^k · total)). With `effectiveOrder` the mean runs only over the orders that have hypothesis n-grams. When
 * no n-gram of any order matches, the score is 0 whatever the smoothing. `counts` and `totals` are returned as
 * given (sacrebleu returns them after add-k).
 *
 * @example
 * // sacrebleu test/test_bleu.py test_scoring: 0.8375922397 on the 0–1 scale
 * bleuFromStatistics({ hypothesisLength: 11, referenceLength: 11, counts: [9, 7, 5, 3], totals: [10, 8, 6, 4] },
 *   { smoothMethod: 'none', effectiveOrder: false }).score; // 83.75922397...
 */
export function bleuFromStatistics(statistics: BleuStatistics, options: BleuScoringOptions): BleuValues {
  const maxNgramOrder = statistics.counts.length;
  if (maxNgramOrder === 0 || statistics.totals.length !== maxNgramOrder) {
    throw new InvalidArgumentError('statistics', 'counts and totals must have one entry per n-gram order');
  }
  const smoothValue = options.smoothValue ?? BLEU_SMOOTH_DEFAULTS[options.smoothMethod];
  const { hypothesisLength, referenceLength } = statistics;
  const correct = [...statistics.counts];
  const total = [...statistics.totals];
  let brevityPenalty = 1;
  if (hypothesisLength < referenceLength) {
    brevityPenalty = hypothesisLength > 0 ? Math.exp(1 - referenceLength / hypothesisLength) : 0;
  }
  const precisions = new Array<number>(maxNgramOrder).fill(0);
  const result = (score: number): BleuValues => ({
    score,
    precisions,
    brevityPenalty,
    hypothesisLength,
    referenceLength,
    counts: [...statistics.counts],
    totals: [...statistics.totals],
  });
  if (!correct.some((count) => count !== 0)) return result(0);

  let mtevalFactor = 1;
  let effectiveOrder = maxNgramOrder;
  for (let order = 1; order <= maxNgramOrder; order++) {
    const index = order - 1;
    if (options.smoothMethod === 'add-k' && order > 1) {
      correct[index] = (correct[index] as number) + (smoothValue as number);
      total[index] = (total[index] as number) + (smoothValue as number);
    }
    const orderTotal = total[index] as number;
    const orderCorrect = correct[index] as number;
    if (orderTotal === 0) break;
    if (options.effectiveOrder) effectiveOrder = order;
    if (orderCorrect === 0) {
      if (options.smoothMethod === 'exp') {
        mtevalFactor *= 2;
        precisions[index] = 100 / (mtevalFactor * orderTotal);
      } else if (options.smoothMethod === 'floor') {
        precisions[index] = (100 * (smoothValue as number)) / orderTotal;
      }
    } else {
      precisions[index] = (100 * orderCorrect) / orderTotal;
    }
  }
  let logSum = 0;
  for (let index = 0; index < effectiveOrder; index++) logSum += flooredLog(precisions[index] as number);
  return result(brevityPenalty * Math.exp(logSum / effectiveOrder));
}
