import { describe, expect, it } from 'vitest';
import { binomialTest } from '../../lib/stats/binomial-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "binomial":
// [binomtest.k.n.p] scipy.stats.binomtest(k, n, p) -> statistic (k/n), pvalue, and
// proportion_ci(confidence_level=0.95, method='exact').
const cases: [number, number, number, number, number, number][] = [
  [7, 20, 0.5, 0.26317596435546875, 0.1539092047845412, 0.5921885345328283],
  [3, 30, 0.3, 0.01568691368848933, 0.021117137029722604, 0.2652884504742082],
  [95, 100, 0.5, 1.252324512538536e-22, 0.887165088894537, 0.9835681208182717],
  [0, 10, 0.1, 0.6125795109999999, 0, 0.30849710781876294],
  [10, 10, 0.5, 0.001953125, 0.6915028921812371, 1],
  [682, 925, 0.75, 0.38249155957485176, 0.707668264079039, 0.7654065582414781],
  [2, 60, 0.2, 0.00029900405047060443, 0.004062624642031924, 0.11528104441925217],
  [25, 40, 0.35, 0.00041671466944671583, 0.45801475223261096, 0.7727372775181741],
  [1, 1000, 0.1, 3.268835160124337e-44, 2.5317487491674634e-5, 0.0055589242798499],
];

describe('binomialTest', () => {
  it('agrees with scipy.stats.binomtest on both sides of np, including p = 1.3e-22 and 3.3e-44', () => {
    for (const [k, n, p, pValue, lower, upper] of cases) {
      const result = binomialTest(k, n, p);
      expectClose(result.statistic, k / n, 1e-15);
      expectClose(result.pValue, pValue);
      // The interval is Clopper-Pearson, scipy's 'exact' proportion_ci (boost's beta quantiles).
      expectClose(result.confidenceInterval.lower, lower, 1e-9);
      expectClose(result.confidenceInterval.upper, upper, 1e-9);
    }
  });

  it('gives p = 1 when k = np and defaults to p = ½', () => {
    // [binomtest.5.10.0.5] -> pvalue=1.0
    expect(binomialTest(5, 10).pValue).toBe(1);
    expect(binomialTest(7, 20).pValue).toBe(binomialTest(7, 20, 0.5).pValue);
    expect(binomialTest(7, 20, 0.5, { level: 0.9 }).confidenceInterval.level).toBe(0.9);
  });

  it('rejects bad counts and probabilities, naming the argument', () => {
    expectInvalidArgument(() => binomialTest(-1, 10), 'successes');
    expectInvalidArgument(() => binomialTest(11, 10), 'successes');
    expectInvalidArgument(() => binomialTest(2.5, 10), 'successes');
    expectInvalidArgument(() => binomialTest(0, 0), 'trials');
    expectInvalidArgument(() => binomialTest(3, 10, 0), 'p');
    expectInvalidArgument(() => binomialTest(3, 10, 1), 'p');
    expectInvalidArgument(() => binomialTest(3, 10, Number.NaN), 'p');
    expectInvalidArgument(() => binomialTest(3, 10, 0.5, { level: 2 }), 'level');
  });
});
