import { InvalidArgumentError } from '../core/errors.js';
import { averageRanks } from './average-ranks.js';
import { chiSquareSurvival } from './distributions/chi-square-survival.js';
import type { EffectSize, HypothesisTestResultWithDf } from './hypothesis-test-result.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';

/** The result of {@link kruskalWallisTest}. */
export interface KruskalWallisTestResult extends HypothesisTestResultWithDf {
  /** Rank-based epsilon-squared, `H / (N − 1)` (Kelley 1935; Tomczak & Tomczak 2014), in [0, 1]. */
  effectSize: EffectSize;
}

/**
 * The Kruskal-Wallis H test for k >= 2 independent groups, H0: all groups come from the same distribution.
 *
 * All values are ranked together (average ranks for ties);
 * `H = [12/(N(N+1)) Σ R_i²/n_i − 3(N+1)] / [1 − Σ(t³ − t)/(N³ − N)]` on `k − 1` df, the denominator correcting
 * for ties (Kruskal & Wallis 1952; Hollander, Wolfe & Chicken 2014, §6.1). Identical to
 * `scipy.stats.kruskal(*groups)`. Effect size: epsilon-squared `E²_R = H/(N − 1)`.
 *
 * @param groups the samples, each with at least one value
 * @example
 * kruskalWallisTest([[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]);
 */
export function kruskalWallisTest(groups: readonly (readonly number[])[]): KruskalWallisTestResult {
  if (!Array.isArray(groups) || groups.length < 2) {
    throw new InvalidArgumentError('groups', 'needs at least 2 groups');
  }
  const samples = groups.map((group, index) => requireFiniteNumbers(group, `groups[${index}]`));
  const pooled = samples.flat();
  const total = pooled.length;
  const { ranks, tieSum } = averageRanks(pooled);
  let offset = 0;
  let weightedSquares = 0;
  for (const sample of samples) {
    let rankSum = 0;
    for (let index = 0; index < sample.length; index++) rankSum += ranks[offset + index] as number;
    weightedSquares += (rankSum * rankSum) / sample.length;
    offset += sample.length;
  }
  const correction = 1 - tieSum / (total * total * total - total);
  if (!(correction > 0)) throw new InvalidArgumentError('groups', 'all values are equal; the H statistic is undefined');
  const statistic = ((12 / (total * (total + 1))) * weightedSquares - 3 * (total + 1)) / correction;
  const df = samples.length - 1;
  return {
    statistic,
    pValue: chiSquareSurvival(statistic, df),
    method: 'Kruskal-Wallis H test with tie correction',
    df,
    effectSize: { name: 'epsilon-squared (H / (N - 1))', value: statistic / (total - 1) },
  };
}
