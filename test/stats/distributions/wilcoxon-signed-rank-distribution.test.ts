import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRankDistribution } from '../../../lib/stats/distributions/wilcoxon-signed-rank-distribution.js';
import { expectAllClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [wilcoxonDistribution.n] scipy.stats._hypotests._get_wilcoxon_distr(n), the pmf of W+.
describe('wilcoxonSignedRankDistribution', () => {
  it('agrees with scipy for n = 1, 2, 5', () => {
    expect(wilcoxonSignedRankDistribution(1)).toEqual([0.5, 0.5]);
    expect(wilcoxonSignedRankDistribution(2)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(wilcoxonSignedRankDistribution(5)).toEqual([
      0.03125, 0.03125, 0.03125, 0.0625, 0.0625, 0.09375, 0.09375, 0.09375, 0.09375, 0.09375, 0.09375, 0.0625,
      0.0625, 0.03125, 0.03125, 0.03125,
    ]);
  });

  it('agrees with scipy for n = 12 (first ten values) and in the n = 50 tail', () => {
    const twelve = wilcoxonSignedRankDistribution(12);
    expect(twelve).toHaveLength(79);
    expectAllClose(twelve.slice(0, 10), [
      0.000244140625, 0.000244140625, 0.000244140625, 0.00048828125, 0.00048828125, 0.000732421875, 0.0009765625,
      0.001220703125, 0.00146484375, 0.001953125,
    ], 0);
    // [wilcoxonDistribution.50.tail] _get_wilcoxon_distr(50)[:4]: 2^-50, 2^-50, 2^-50, 2^-49
    expectAllClose(wilcoxonSignedRankDistribution(50).slice(0, 4), [
      8.881784197001252e-16, 8.881784197001252e-16, 8.881784197001252e-16, 1.7763568394002505e-15,
    ], 1e-15);
  });

  it('sums to 1 and rejects non-integer n', () => {
    const total = wilcoxonSignedRankDistribution(20).reduce((sum, p) => sum + p, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-14);
    expectInvalidArgument(() => wilcoxonSignedRankDistribution(2.5), 'n');
  });
});
