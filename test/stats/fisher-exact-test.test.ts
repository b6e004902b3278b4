import { describe, expect, it } from 'vitest';
import { fisherExactTest } from '../../lib/stats/fisher-exact-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "contingency": [fisher.*]
// scipy.stats.fisher_exact(table) -> statistic (sample odds ratio), pvalue (two-sided).
describe('fisherExactTest', () => {
  const cases: [string, number[][], number, number][] = [
    ['fisher.a', [[8, 2], [1, 5]], 20, 0.034965034965034975],
    ['fisher.tea', [[3, 1], [1, 3]], 9, 0.48571428571428565],
    ['fisher.asymmetric', [[2, 7], [8, 2]], 0.07142857142857142, 0.02301413756522116],
    ['fisher.zero_cell', [[0, 5], [6, 4]], 0, 0.04395604395604396],
    ['fisher.large', [[120, 80], [95, 105]], 1.6578947368421053, 0.01598574593181204],
  ];

  it('agrees with scipy.stats.fisher_exact', () => {
    for (const [, table, oddsRatio, pValue] of cases) {
      const result = fisherExactTest(table);
      expectClose(result.oddsRatio, oddsRatio);
      expectClose(result.statistic, oddsRatio);
      expectClose(result.pValue, pValue);
    }
  });

  it('gives p = 1 for a table at the mode and handles an extreme table (p = 2.2e-59)', () => {
    // [fisher.symmetric] -> statistic=1.0, pvalue=1.0
    const symmetric = fisherExactTest([[5, 5], [5, 5]]);
    expect(symmetric.pValue).toBe(1);
    expect(symmetric.oddsRatio).toBe(1);
    // [fisher.extreme] -> statistic=inf, pvalue=2.208760693199503e-59
    const extreme = fisherExactTest([[100, 0], [0, 100]]);
    expect(extreme.oddsRatio).toBe(Infinity);
    expectClose(extreme.pValue, 2.208760693199503e-59, 1e-12);
  });

  it('returns p = 1 and a NaN odds ratio when a margin is zero (as scipy)', () => {
    const result = fisherExactTest([[0, 0], [3, 4]]);
    expect(result.pValue).toBe(1);
    expect(result.oddsRatio).toBeNaN();
  });

  it('rejects tables that are not 2×2 counts', () => {
    expectInvalidArgument(() => fisherExactTest([[1, 2, 3], [4, 5, 6]]), 'table2x2');
    expectInvalidArgument(() => fisherExactTest([[1, 2], [3, 4], [5, 6]]), 'table2x2');
    expectInvalidArgument(() => fisherExactTest([[1, 2]]), 'table2x2');
    expectInvalidArgument(() => fisherExactTest([[1, -2], [3, 4]]), 'table2x2');
    expectInvalidArgument(() => fisherExactTest([[1, 2.5], [3, 4]]), 'table2x2');
  });
});
