import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRankDistribution } from '../../lib/stats/distributions/wilcoxon-signed-rank-distribution.js';
import { twoSidedExactPValue } from '../../lib/stats/two-sided-exact-p-value.js';
import { expectClose } from './expect-close.js';

describe('twoSidedExactPValue', () => {
  it('doubles the smaller tail: W+ = 40 of n = 9 gives scipy\'s exact Wilcoxon p-value', () => {
    // test/reference/stats_reference_values.py [wilcoxon.small.exact]: scipy.stats.wilcoxon(x, y, method='exact')
    // -> pvalue 0.0390625 (W+ = 40, n = 9).
    expectClose(twoSidedExactPValue(wilcoxonSignedRankDistribution(9), 40), 0.0390625, 1e-14);
    // By symmetry the same from the other tail (W− = 5).
    expectClose(twoSidedExactPValue(wilcoxonSignedRankDistribution(9), 5), 0.0390625, 1e-14);
  });

  it('is exactly 1 at the centre and capped at 1 next to it', () => {
    // Uniform on {0, 1, 2}: centre 1; P(S <= 0) = 1/3 gives 2/3; the centre of a 4-point law is not an integer.
    expect(twoSidedExactPValue([1 / 3, 1 / 3, 1 / 3], 1)).toBe(1);
    expectClose(twoSidedExactPValue([1 / 3, 1 / 3, 1 / 3], 0), 2 / 3, 1e-15);
    expect(twoSidedExactPValue([0.25, 0.25, 0.25, 0.25], 1)).toBe(1); // 2 · min(0.5, 0.75) = 1
  });
});
