import { describe, expect, it } from 'vitest';
import { tTestResult } from '../../lib/stats/t-test-result.js';
import { expectClose } from './expect-close.js';

describe('tTestResult', () => {
  it('assembles t, the two-sided p-value and the interval from mean difference, SE and df', () => {
    // The numbers of test/reference/stats_reference_values.py [paired] / [paired.ci0.95] (scipy ttest_rel and
    // statsmodels tconfint_mean): mean difference 0.6750000000000002, t 4.649145647972833 on 11 df.
    const standardError = 0.6750000000000002 / 4.649145647972833;
    const result = tTestResult({
      meanDifference: 0.6750000000000002,
      standardError,
      df: 11,
      level: 0.95,
      method: 'test',
      effectSize: { name: 'none', value: 0 },
    });
    expectClose(result.statistic, 4.649145647972833, 1e-14);
    expectClose(result.pValue, 0.0007060624865906602);
    expectClose(result.confidenceInterval.lower, 0.35544344153774043);
    expectClose(result.confidenceInterval.upper, 0.9945565584622599);
    expect(result.df).toBe(11);
    expect(result.method).toBe('test');
  });
});
