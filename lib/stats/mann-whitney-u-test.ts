import { InvalidArgumentError } from '../core/errors.js';
import { averageRanks } from './average-ranks.js';
import { mannWhitneyUDistribution } from './distributions/mann-whitney-u-distribution.js';
import { normalCdf } from './distributions/normal-cdf.js';
import type { EffectSize, HypothesisTestResult } from './hypothesis-test-result.js';
import { twoSidedExactPValue } from './two-sided-exact-p-value.js';
import { booleanOption } from './validation/boolean-option.js';
import { exactOption } from './validation/exact-option.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';

/** Options of {@link mannWhitneyUTest}. */
export interface MannWhitneyUTestOptions {
  /**
   * `'auto'` (default): exact when one sample has at most 8 values and there are no ties (scipy's rule);
   * otherwise the normal approximation. `true` forces the exact distribution (an error with ties);
   * `false` forces the approximation.
   */
  exact?: 'auto' | boolean;
  /** Continuity correction of ½ in the normal approximation (default `true`). */
  continuity?: boolean;
}

/** The result of {@link mannWhitneyUTest}. */
export interface MannWhitneyUTestResult extends HypothesisTestResult {
  /** `U₁ = R₁ − n₁(n₁+1)/2`, the number of pairs with `x > y` (ties count ½). */
  statistic: number;
  /** Whether the exact null distribution was used. */
  exact: boolean;
  /** The standardized statistic of the normal approximation (absent when exact). */
  zStatistic?: number;
  /** Rank-biserial correlation `2U₁/(n₁n₂) − 1` (Glass 1965; Kerby 2014), in [−1, 1]; positive when x tends to be larger. */
  effectSize: EffectSize;
}

/**
 * The Mann-Whitney U (Wilcoxon rank-sum) test for two independent samples, two-sided.
 *
 * - `U₁ = R₁ − n₁(n₁+1)/2` from the average ranks of the pooled sample (Mann & Whitney 1947).
 * - Exact: `p = min(1, 2 P(U >= max(U₁, U₂)))` under the exact null distribution without ties
 *   ({@link mannWhitneyUDistribution}).
 * - Normal approximation: `z = (max(U₁, U₂) − n₁n₂/2 − c) / σ` with `c = ½` when `continuity`,
 *   `σ² = n₁n₂/12 · ((N+1) − Σ(t³ − t)/(N(N−1)))` (tie-corrected; Hollander, Wolfe & Chicken 2014, §4.1) and
 *   `p = min(1, 2(1 − Φ(z)))`.
 *
 * Identical to `scipy.stats.mannwhitneyu(x, y, use_continuity, alternative='two-sided', method)`.
 *
 * @example
 * mannWhitneyUTest([19, 22, 16, 29, 24], [20, 11, 17, 12]); // exact: statistic 17, pValue 0.1111…
 */
export function mannWhitneyUTest(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyUTestOptions = {},
): MannWhitneyUTestResult {
  const first = requireFiniteNumbers(x, 'x');
  const second = requireFiniteNumbers(y, 'y');
  const exactSetting = exactOption(options.exact);
  const continuity = booleanOption(options.continuity, 'options.continuity', true);
  const n1 = first.length;
  const n2 = second.length;
  const total = n1 + n2;
  const { ranks, tieGroupSizes, tieSum } = averageRanks([...first, ...second]);
  let rankSumFirst = 0;
  for (let index = 0; index < n1; index++) rankSumFirst += ranks[index] as number;
  const statistic = rankSumFirst - (n1 * (n1 + 1)) / 2;
  const larger = Math.max(statistic, n1 * n2 - statistic);
  const effectSize: EffectSize = { name: 'rank-biserial correlation', value: (2 * statistic) / (n1 * n2) - 1 };
  const hasTies = tieGroupSizes.length > 0;
  if (exactSetting === true && hasTies) {
    throw new InvalidArgumentError('options.exact', 'the exact distribution assumes no ties; use exact: false or "auto"');
  }
  if (exactSetting === true || (exactSetting === 'auto' && !hasTies && Math.min(n1, n2) <= 8)) {
    const pValue = twoSidedExactPValue(mannWhitneyUDistribution(n1, n2), larger);
    return { statistic, pValue, method: 'Mann-Whitney U test, exact (two-sided)', exact: true, effectSize };
  }
  const variance = ((n1 * n2) / 12) * (total + 1 - tieSum / (total * (total - 1)));
  if (!(variance > 0)) {
    throw new InvalidArgumentError('y', 'all values of x and y are equal; the rank-sum test is undefined');
  }
  const zStatistic = (larger - (n1 * n2) / 2 - (continuity ? 0.5 : 0)) / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * normalCdf(-zStatistic));
  const method = `Mann-Whitney U test, normal approximation with tie correction${continuity ? ' and continuity correction' : ''} (two-sided)`;
  return { statistic, pValue, method, exact: false, zStatistic, effectSize };
}
