import { describe, expect, it } from 'vitest';
import { chiSquareIndependenceTest } from '../../lib/stats/chi-square-independence-test.js';
import { expectAllClose, expectClose, expectInvalidArgument } from './expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "contingency":
// scipy.stats.chi2_contingency(table, correction), scipy.stats.contingency.association(table, method='cramer')
// and scipy.stats.contingency.expected_freq(table).
describe('chiSquareIndependenceTest', () => {
  it("2×2 with Yates' correction (default) and without", () => {
    const table = [[12, 5], [7, 9]];
    const corrected = chiSquareIndependenceTest(table);
    // [chi2.2x2.correction=True] -> statistic=1.455996378814684, pvalue=0.22756821457580642, dof=1
    expectClose(corrected.statistic, 1.455996378814684);
    expectClose(corrected.pValue, 0.22756821457580642);
    expect(corrected.df).toBe(1);
    expect(corrected.method).toMatch(/Yates/);
    // [chi2.2x2.cramer] -> 0.27139234260883977 (from the uncorrected statistic)
    expectClose(corrected.effectSize.value, 0.27139234260883977);
    // [chi2.2x2.expected]
    expectAllClose(corrected.expected.flat(), [9.787878787878787, 7.212121212121212, 9.212121212121213, 6.787878787878788]);
    // [chi2.2x2.correction=False] -> statistic=2.4305755196815575, pvalue=0.118989205532145
    const plain = chiSquareIndependenceTest(table, { continuity: false });
    expectClose(plain.statistic, 2.4305755196815575);
    expectClose(plain.pValue, 0.118989205532145);
  });

  it('never overcorrects: |O − E| < ½ gives statistic 0 and p = 1', () => {
    // [chi2.2x2.small_deviation.correction=True] -> statistic=0.0, pvalue=1.0
    const result = chiSquareIndependenceTest([[10, 10], [10, 11]]);
    expect(result.statistic).toBe(0);
    expect(result.pValue).toBe(1);
    // [chi2.2x2.small_deviation.correction=False] -> statistic=0.02324263038548757, pvalue=0.8788278129295307
    expectClose(chiSquareIndependenceTest([[10, 10], [10, 11]], { continuity: false }).pValue, 0.8788278129295307);
  });

  it('r×c tables get no correction', () => {
    const table = [[20, 15, 12, 8], [11, 18, 16, 14], [7, 9, 15, 21]];
    // [chi2.3x4.correction=True] -> statistic=16.494037187010655, pvalue=0.011334134441942909, dof=6
    const result = chiSquareIndependenceTest(table);
    expectClose(result.statistic, 16.494037187010655);
    expectClose(result.pValue, 0.011334134441942909);
    expect(result.df).toBe(6);
    expect(result.method).not.toMatch(/Yates/);
    // [chi2.3x4.cramer] -> 0.22289198034167695
    expectClose(result.effectSize.value, 0.22289198034167695);
  });

  it('extreme p-values (5.7e-45 and 2.1e-45)', () => {
    // [chi2.extreme.correction=True] -> statistic=198.005, pvalue=5.691099965684614e-45
    const corrected = chiSquareIndependenceTest([[300, 100], [100, 300]]);
    expectClose(corrected.statistic, 198.005);
    expectClose(corrected.pValue, 5.691099965684614e-45);
    // [chi2.extreme.correction=False] -> statistic=200.0, pvalue=2.0884875837625688e-45; [chi2.extreme.cramer] -> 0.5
    const plain = chiSquareIndependenceTest([[300, 100], [100, 300]], { continuity: false });
    expectClose(plain.pValue, 2.0884875837625688e-45);
    expectClose(plain.effectSize.value, 0.5);
  });

  it('rejects wrong shapes, non-counts and empty margins', () => {
    expectInvalidArgument(() => chiSquareIndependenceTest([[1, 2]]), 'table');
    expectInvalidArgument(() => chiSquareIndependenceTest([[1], [2]]), 'table');
    expectInvalidArgument(() => chiSquareIndependenceTest([[1, 2], [3]]), 'table');
    expectInvalidArgument(() => chiSquareIndependenceTest([[1, -2], [3, 4]]), 'table');
    expectInvalidArgument(() => chiSquareIndependenceTest([[1, 2.5], [3, 4]]), 'table');
    expectInvalidArgument(() => chiSquareIndependenceTest([[1, Number.NaN], [3, 4]]), 'table');
    expectInvalidArgument(() => chiSquareIndependenceTest([[0, 0], [3, 4]]), 'table');
    expectInvalidArgument(() => chiSquareIndependenceTest([[0, 2], [0, 4]]), 'table');
    expectInvalidArgument(() => chiSquareIndependenceTest([[1, 2], [3, 4]], { continuity: 'no' as unknown as boolean }), 'options.continuity');
  });
});
