import { describe, expect, it } from 'vitest';
import { binomialSurvival } from '../../../lib/stats/distributions/binomial-survival.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [binomCdf.k.n.p] second element, scipy.stats.binom.sf(k, n, p).
describe('binomialSurvival', () => {
  it('agrees with scipy.stats.binom.sf, including a small upper tail', () => {
    expectClose(binomialSurvival(2, 10, 0.5), 0.9453125, 1e-14);
    expectClose(binomialSurvival(0, 45, 0.5), 0.9999999999999716, 1e-14);
    expectClose(binomialSurvival(30, 100, 0.5), 0.999960749301772, 1e-14);
    expectClose(binomialSurvival(480, 1000, 0.5), 0.8912758533979296, 1e-12);
    expectClose(binomialSurvival(12, 20, 0.3), 0.001278879604220219, 1e-12);
  });

  it('is 1 below the support and 0 at or above n', () => {
    expect(binomialSurvival(-1, 10, 0.5)).toBe(1);
    expect(binomialSurvival(10, 10, 0.5)).toBe(0);
    expectInvalidArgument(() => binomialSurvival(1, -10, 0.5), 'n');
  });
});
