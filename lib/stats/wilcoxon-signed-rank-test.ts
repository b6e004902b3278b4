import { InvalidArgumentError } from '../core/errors.js';
import { averageRanks } from './average-ranks.js';
import { normalCdf } from './distributions/normal-cdf.js';
import { wilcoxonSignedRankDistribution } from './distributions/wilcoxon-signed-rank-distribution.js';
import type { EffectSize, HypothesisTestResult } from './hypothesis-test-result.js';
import { twoSidedExactPValue } from './two-sided-exact-p-value.js';
import { booleanOption } from './validation/boolean-option.js';
import { exactOption } from './validation/exact-option.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';
import { requireSameLength } from './validation/require-same-length.js';

/** Options of {@link wilcoxonSignedRankTest}. */
export interface WilcoxonSignedRankTestOptions {
  /**
   * Zero differences: `'wilcox'` (default) drops them before ranking (Wilcoxon 1945); `'pratt'` ranks them with
   * the others and then leaves their ranks out of both sums (Pratt 1959), with Cureton's (1967) adjustment of the
   * normal approximation.
   */
  zeroMethod?: 'wilcox' | 'pratt';
  /**
   * `'auto'` (default): exact when there are at most 50 differences, none zero and none tied; otherwise the
   * normal approximation. `true` forces the exact distribution (an error when there are zeros or ties, which it
   * does not allow); `false` forces the approximation.
   */
  exact?: 'auto' | boolean;
  /** Continuity correction of ½ in the normal approximation (default `true`). */
  continuity?: boolean;
}

/** The result of {@link wilcoxonSignedRankTest}. */
export interface WilcoxonSignedRankTestResult extends HypothesisTestResult {
  /** `W+`, the sum of the ranks of the positive differences `x − y`. */
  statistic: number;
  /** `W−`, the sum of the ranks of the negative differences. */
  rankSumNegative: number;
  /** The number of non-zero differences. */
  nonZeroCount: number;
  /** The number of zero differences. */
  zeroCount: number;
  /** Whether the exact null distribution was used. */
  exact: boolean;
  /** The standardized statistic of the normal approximation (absent when exact). */
  zStatistic?: number;
  /** Matched-pairs rank-biserial correlation `(W+ − W−)/(W+ + W−)` (Kerby 2014), in [−1, 1]. */
  effectSize: EffectSize;
}

/**
 * The Wilcoxon signed-rank test for paired samples, two-sided, H0: the differences `x − y` are symmetric
 * about 0.
 *
 * - Ranks are average ranks of `|x − y|`; the statistic is `W+`, the sum of the ranks of the positive
 *   differences (R's `V`; `scipy.stats.wilcoxon` reports `min(W+, W−)` for the two-sided test instead, which
 *   gives the same p-value).
 * - Exact: `p = min(1, 2 min(P(W+ <= w), P(W+ >= w)))` under the exact null distribution
 *   ({@link wilcoxonSignedRankDistribution}), and 1 at the centre, as `scipy.stats.wilcoxon(method='exact')`.
 * - Normal approximation: mean `n(n+1)/4`, variance `n(n+1)(2n+1)/24 − Σ(t³ − t)/48` over tie groups of
 *   non-zero |differences| (Hollander, Wolfe & Chicken 2014, §3.1); with `'pratt'`, `n` counts the zeros and
 *   mean and variance are reduced by those of the `z` zero ranks, `z(z+1)/4` and `z(z+1)(2z+1)/24` (Cureton
 *   1967). The continuity correction subtracts `½ sign(W+ − mean)` before standardizing. Identical to
 *   `scipy.stats.wilcoxon(x, y, zero_method, correction, method='approx')` and to R's `wilcox.test(…, exact = FALSE)`.
 * - Effect size: the matched-pairs rank-biserial correlation `(W+ − W−)/(W+ + W−)` (D. S. Kerby, "The simple
 *   difference formula", *Comprehensive Psychology* 3, 2014).
 *
 * @param x first measurement of each pair
 * @param y second measurement of each pair, same length as `x`
 * @example
 * wilcoxonSignedRankTest([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30],
 *                        [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]);
 * // exact: statistic (W+) 40, pValue 0.0390625, effectSize 0.777…
 */
export function wilcoxonSignedRankTest(
  x: readonly number[],
  y: readonly number[],
  options: WilcoxonSignedRankTestOptions = {},
): WilcoxonSignedRankTestResult {
  const first = requireFiniteNumbers(x, 'x');
  const second = requireFiniteNumbers(y, 'y');
  requireSameLength(first, 'x', second, 'y');
  const zeroMethod = options.zeroMethod ?? 'wilcox';
  if (zeroMethod !== 'wilcox' && zeroMethod !== 'pratt') {
    throw new InvalidArgumentError('options.zeroMethod', `must be 'wilcox' or 'pratt', got ${String(zeroMethod)}`);
  }
  const exactSetting = exactOption(options.exact);
  const continuity = booleanOption(options.continuity, 'options.continuity', true);

  const allDifferences = first.map((value, index) => value - (second[index] as number));
  const zeroCount = allDifferences.filter((difference) => difference === 0).length;
  if (zeroCount === allDifferences.length) {
    throw new InvalidArgumentError('y', 'every difference x − y is zero; the signed-rank test is undefined');
  }
  const ranked = zeroMethod === 'wilcox' ? allDifferences.filter((difference) => difference !== 0) : allDifferences;
  const { ranks } = averageRanks(ranked.map(Math.abs));
  let rankSumPositive = 0;
  let rankSumNegative = 0;
  const nonZeroRanks: number[] = [];
  ranked.forEach((difference, index) => {
    const rank = ranks[index] as number;
    if (difference > 0) rankSumPositive += rank;
    else if (difference < 0) rankSumNegative += rank;
    if (difference !== 0) nonZeroRanks.push(rank);
  });
  const nonZeroCount = nonZeroRanks.length;
  const { tieGroupSizes, tieSum } = averageRanks(nonZeroRanks);
  const effectSize: EffectSize = {
    name: 'matched-pairs rank-biserial correlation',
    value: (rankSumPositive - rankSumNegative) / (rankSumPositive + rankSumNegative),
  };
  const common = { statistic: rankSumPositive, rankSumNegative, nonZeroCount, zeroCount, effectSize };
  const exactAllowed = zeroCount === 0 && tieGroupSizes.length === 0;
  if (exactSetting === true && !exactAllowed) {
    throw new InvalidArgumentError(
      'options.exact',
      'the exact distribution assumes no zero and no tied differences; use exact: false or "auto"',
    );
  }
  if (exactSetting === true || (exactSetting === 'auto' && exactAllowed && nonZeroCount <= 50)) {
    const pValue = twoSidedExactPValue(wilcoxonSignedRankDistribution(nonZeroCount), rankSumPositive);
    return { ...common, pValue, method: 'Wilcoxon signed-rank test, exact (two-sided)', exact: true };
  }
  const count = ranked.length;
  let mean = (count * (count + 1)) / 4;
  let variance = (count * (count + 1) * (2 * count + 1)) / 24;
  if (zeroMethod === 'pratt') {
    mean -= (zeroCount * (zeroCount + 1)) / 4;
    variance -= (zeroCount * (zeroCount + 1) * (2 * zeroCount + 1)) / 24;
  }
  variance -= tieSum / 48;
  const correction = continuity ? 0.5 * Math.sign(rankSumPositive - mean) : 0;
  const zStatistic = (rankSumPositive - mean - correction) / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(zStatistic)));
  const method =
    `Wilcoxon signed-rank test, normal approximation with tie correction${continuity ? ' and continuity correction' : ''}` +
    ` (zero method: ${zeroMethod}, two-sided)`;
  return { ...common, pValue, method, exact: false, zStatistic };
}
