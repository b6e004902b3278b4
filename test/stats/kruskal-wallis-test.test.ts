import { describe, expect, it } from 'vitest';
import { kruskalWallisTest } from '../../lib/stats/kruskal-wallis-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data sets and expected values: test/reference/stats_reference_values.py, section "k_sample":
// scipy.stats.kruskal(*groups); epsilon_squared = H / (N − 1).
describe('kruskalWallisTest', () => {
  it('agrees with scipy.stats.kruskal without ties', () => {
    const result = kruskalWallisTest([[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]);
    // [kruskal.a] -> statistic=0.7714285714285722, pvalue=0.6799647735788936, df=2, epsilon_squared=0.0593406593406594
    expectClose(result.statistic, 0.7714285714285722);
    expectClose(result.pValue, 0.6799647735788936);
    expect(result.df).toBe(2);
    expectClose(result.effectSize.value, 0.0593406593406594);
  });

  it('applies the tie correction', () => {
    const result = kruskalWallisTest([[1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 4, 5, 5, 5], [1, 1, 2, 2, 3]]);
    // [kruskal.ties] -> statistic=8.456622554009721, pvalue=0.014576986266801963, epsilon_squared=0.44508539757945903
    expectClose(result.statistic, 8.456622554009721);
    expectClose(result.pValue, 0.014576986266801963);
    expectClose(result.effectSize.value, 0.44508539757945903);
  });

  it('keeps an extreme p-value (4.1e-12) accurate', () => {
    const range = (from: number): number[] => Array.from({ length: 20 }, (_, i) => from + i);
    const result = kruskalWallisTest([range(1), range(21), range(41)]);
    // [kruskal.extreme] -> statistic=52.459016393442624, pvalue=4.061339800128413e-12
    expectClose(result.statistic, 52.459016393442624);
    expectClose(result.pValue, 4.061339800128413e-12);
  });

  it('rejects fewer than two groups, empty groups, non-finite values and all-equal data', () => {
    expectInvalidArgument(() => kruskalWallisTest([[1, 2, 3]]), 'groups');
    expectInvalidArgument(() => kruskalWallisTest([[1, 2], []]), 'groups[1]');
    expectInvalidArgument(() => kruskalWallisTest([[1, Number.NaN], [2]]), 'groups[0]');
    expectInvalidArgument(() => kruskalWallisTest([[2, 2], [2]]), 'groups');
  });
});
