import { describe, expect, it } from 'vitest';
import { pairedTTest } from '../../lib/stats/paired-t-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data sets and expected values: test/reference/stats_reference_values.py, section "t_tests":
// scipy.stats.ttest_rel(x, y) for the statistic and p-value; statsmodels DescrStatsW(x − y).tconfint_mean(alpha)
// for the interval (it uses scipy's t.ppf, good to ~1e-11, far inside 1e-9); cohen_dz = mean(d)/std(d, ddof=1).
const X = [12.1, 14.3, 11.8, 15.2, 13.7, 12.9, 14.8, 13.1, 12.4, 15.6, 13.3, 14.1];
const Y = [11.4, 13.9, 12.0, 14.1, 12.8, 12.7, 13.5, 12.2, 12.5, 14.3, 12.6, 13.2];
const EXTREME_X = Array.from({ length: 30 }, (_, i) => 10 + 0.01 * ((7 * i) % 13));
const EXTREME_Y = Array.from({ length: 30 }, (_, i) => 8 + 0.01 * ((5 * i) % 11));

describe('pairedTTest', () => {
  it('agrees with scipy ttest_rel and statsmodels tconfint_mean', () => {
    const result = pairedTTest(X, Y);
    // [paired] -> statistic=4.649145647972833, pvalue=0.0007060624865906602, df=11, mean_diff=0.6750000000000002,
    // cohen_dz=1.342092745679446
    expectClose(result.statistic, 4.649145647972833);
    expectClose(result.pValue, 0.0007060624865906602);
    expect(result.df).toBe(11);
    expectClose(result.meanDifference, 0.6750000000000002);
    expectClose(result.effectSize.value, 1.342092745679446);
    // [paired.ci0.95] -> (0.35544344153774043, 0.9945565584622599)
    expectClose(result.confidenceInterval.lower, 0.35544344153774043);
    expectClose(result.confidenceInterval.upper, 0.9945565584622599);
    expect(result.confidenceInterval.level).toBe(0.95);
    // [paired.ci0.9] -> (0.4142591361052451, 0.9357408638947552)
    const ninety = pairedTTest(X, Y, { level: 0.9 }).confidenceInterval;
    expectClose(ninety.lower, 0.4142591361052451);
    expectClose(ninety.upper, 0.9357408638947552);
  });

  it('keeps an extreme p-value (4.7e-45) accurate', () => {
    const result = pairedTTest(EXTREME_X, EXTREME_Y);
    // [paired.extreme] -> statistic=170.1611774878506, pvalue=4.685050550790875e-45, df=29, cohen_dz=31.067038440578678
    expectClose(result.statistic, 170.1611774878506);
    expectClose(result.pValue, 4.685050550790875e-45);
    expectClose(result.effectSize.value, 31.067038440578678);
    // [paired.extreme.ci0.95] -> (1.9828771304221058, 2.0311228695778945)
    expectClose(result.confidenceInterval.lower, 1.9828771304221058);
    expectClose(result.confidenceInterval.upper, 2.0311228695778945);
  });

  it('rejects bad input, naming the argument', () => {
    expectInvalidArgument(() => pairedTTest([1], [2]), 'x');
    expectInvalidArgument(() => pairedTTest([], []), 'x');
    expectInvalidArgument(() => pairedTTest([1, 2, 3], [1, 2]), 'y');
    expectInvalidArgument(() => pairedTTest([1, Number.NaN], [1, 2]), 'x');
    expectInvalidArgument(() => pairedTTest([1, 2, 3], [0, 1, 2]), 'y'); // constant differences
    expectInvalidArgument(() => pairedTTest(X, Y, { level: 1.5 }), 'options.level');
  });
});
