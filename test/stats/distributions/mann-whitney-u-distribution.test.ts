import { describe, expect, it } from 'vitest';
import { mannWhitneyUDistribution } from '../../../lib/stats/distributions/mann-whitney-u-distribution.js';
import { expectAllClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [mwuDistribution.m.n] [_mwu_state.pmf(u, m, n) for u in 0..mn] from scipy.stats._mannwhitneyu.
describe('mannWhitneyUDistribution', () => {
  it('agrees with scipy for (1, 2), (3, 4) and (5, 7)', () => {
    expectAllClose(mannWhitneyUDistribution(1, 2), [1 / 3, 1 / 3, 1 / 3], 1e-15);
    expectAllClose(mannWhitneyUDistribution(3, 4), [
      0.02857142857142857, 0.02857142857142857, 0.05714285714285714, 0.08571428571428572, 0.11428571428571428,
      0.11428571428571428, 0.14285714285714285, 0.11428571428571428, 0.11428571428571428, 0.08571428571428572,
      0.05714285714285714, 0.02857142857142857, 0.02857142857142857,
    ], 1e-14);
    const fiveSeven = mannWhitneyUDistribution(5, 7);
    expect(fiveSeven).toHaveLength(36);
    expectAllClose(fiveSeven.slice(0, 8), [
      0.0012626262626262627, 0.0012626262626262627, 0.0025252525252525255, 0.003787878787878788, 0.006313131313131313,
      0.008838383838383838, 0.012626262626262626, 0.016414141414141416,
    ], 1e-14);
    expectAllClose(fiveSeven.slice(16, 20), [
      0.06060606060606061, 0.06186868686868687, 0.06186868686868687, 0.06060606060606061,
    ], 1e-14);
  });

  it('is symmetric in (m, n), sums to 1 and is a point mass when a sample is empty', () => {
    expectAllClose(mannWhitneyUDistribution(4, 3), mannWhitneyUDistribution(3, 4), 1e-14);
    const total = mannWhitneyUDistribution(12, 15).reduce((sum, p) => sum + p, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-13);
    expect(mannWhitneyUDistribution(0, 5)).toEqual([1]);
    expectInvalidArgument(() => mannWhitneyUDistribution(-1, 5), 'm');
  });
});
