import { describe, expect, it } from 'vitest';
import { welchTTest } from '../../lib/stats/welch-t-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data sets and expected values: test/reference/stats_reference_values.py, section "t_tests":
// scipy.stats.ttest_ind(x, y, equal_var=False) for statistic and p-value; statsmodels
// CompareMeans.from_data(x, y).tconfint_diff(alpha, usevar='unequal') and .dof_satt() for the interval and df;
// cohen_d_pooled = (mean(x) − mean(y)) / pooled SD (numpy).
const X = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
const Y = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4, 23.9, 25.0];
const EXTREME_X = Array.from({ length: 30 }, (_, i) => 10 + 0.01 * ((7 * i) % 13));
const EXTREME_Y = Array.from({ length: 30 }, (_, i) => 8 + 0.01 * ((5 * i) % 11));

describe('welchTTest', () => {
  it('agrees with scipy ttest_ind(equal_var=False) and statsmodels tconfint_diff', () => {
    const result = welchTTest(X, Y);
    // [welch] -> statistic=-2.7246277299252637, pvalue=0.011777564034630086, df=24.16540469037739,
    // mean_diff=-2.3388235294117656, cohen_d_pooled=-0.988612366998841
    expectClose(result.statistic, -2.7246277299252637);
    expectClose(result.pValue, 0.011777564034630086);
    expectClose(result.df, 24.16540469037739);
    expectClose(result.meanDifference, -2.3388235294117656);
    expectClose(result.effectSize.value, -0.988612366998841);
    // [welch.ci0.95] -> (-4.109834896220667, -0.5678121626028712)
    expectClose(result.confidenceInterval.lower, -4.109834896220667);
    expectClose(result.confidenceInterval.upper, -0.5678121626028712);
    // [welch.ci0.9] -> (-3.8070434571796437, -0.8706036016438949)
    const ninety = welchTTest(X, Y, { level: 0.9 }).confidenceInterval;
    expectClose(ninety.lower, -3.8070434571796437);
    expectClose(ninety.upper, -0.8706036016438949);
  });

  it('keeps an extreme p-value (2.2e-84) accurate', () => {
    const result = welchTTest(EXTREME_X, EXTREME_Y);
    // [welch.extreme] -> statistic=218.08327806783228, pvalue=2.176764264979627e-84, df=56.52806279510238
    expectClose(result.statistic, 218.08327806783228);
    expectClose(result.pValue, 2.176764264979627e-84);
    expectClose(result.df, 56.52806279510238);
    // [welch.extreme.ci0.9] -> (1.9916103519646833, 2.0223896480353125)
    const ninety = welchTTest(EXTREME_X, EXTREME_Y, { level: 0.9 }).confidenceInterval;
    expectClose(ninety.lower, 1.9916103519646833);
    expectClose(ninety.upper, 2.0223896480353125);
  });

  it('rejects bad input, naming the argument', () => {
    expectInvalidArgument(() => welchTTest([1], [2, 3]), 'x');
    expectInvalidArgument(() => welchTTest([1, 2], []), 'y');
    expectInvalidArgument(() => welchTTest([1, 2], [3, Infinity]), 'y');
    expectInvalidArgument(() => welchTTest([1, 1], [2, 2]), 'y'); // both variances zero
    expectInvalidArgument(() => welchTTest(X, Y, { level: 0 }), 'options.level');
    expect(welchTTest([1, 2], [3, 4]).df).toBe(2);
  });
});
