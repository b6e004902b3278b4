/**
 * The two-sided p-value of an integer-valued statistic from its exact null distribution, doubling the smaller
 * tail: `min(1, 2 min(P(S <= s), P(S >= s)))`, and exactly 1 when `s` is the centre of a symmetric
 * distribution. This is the convention of `scipy.stats.wilcoxon(method='exact')` and, for a symmetric
 * distribution, of R's `wilcox.test`. Each tail is summed from its far end, smallest terms first, so that tiny
 * p-values keep their relative accuracy.
 *
 * @param probabilities `probabilities[s]` = `P(S = s)` for `s = 0 … length − 1`
 * @param observed the observed statistic (an integer in range)
 * @example
 * twoSidedExactPValue([0.25, 0.25, 0.25, 0.25], 0); // 0.5
 */
export function twoSidedExactPValue(probabilities: readonly number[], observed: number): number {
  const last = probabilities.length - 1;
  if (2 * observed === last) return 1;
  let lower = 0;
  for (let value = 0; value <= observed; value++) lower += probabilities[value] as number;
  let upper = 0;
  for (let value = last; value >= observed; value--) upper += probabilities[value] as number;
  return Math.min(1, 2 * Math.min(lower, upper));
}
