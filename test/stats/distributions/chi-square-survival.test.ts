import { describe, expect, it } from 'vitest';
import { chiSquareSurvival } from '../../../lib/stats/distributions/chi-square-survival.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [chi2sf.x.df] scipy.stats.chi2.sf(x, df).
describe('chiSquareSurvival', () => {
  it('agrees with scipy.stats.chi2.sf, including p-values of 1e-13 and 1e-208', () => {
    expectClose(chiSquareSurvival(3.841458820694124, 1), 0.04999999999999989, 1e-13);
    expectClose(chiSquareSurvival(0.5, 3), 0.9188914116546758, 1e-13);
    expectClose(chiSquareSurvival(20, 4.5), 0.0008037179125031842, 1e-13);
    expectClose(chiSquareSurvival(60, 2), 9.357622968840163e-14, 1e-13);
    expectClose(chiSquareSurvival(1000, 10), 1.870290720915977e-208, 1e-12);
    expectClose(chiSquareSurvival(150, 100), 0.0009039320423540184, 1e-12);
  });

  it('is 1 at and below 0 and rejects bad degrees of freedom', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-2, 3)).toBe(1);
    expectInvalidArgument(() => chiSquareSurvival(1, 0), 'df');
    expectInvalidArgument(() => chiSquareSurvival(1, Infinity), 'df');
    expectInvalidArgument(() => chiSquareSurvival(Number.NaN, 2), 'x');
  });
});
