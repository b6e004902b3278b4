import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../lib/stats/distributions/normal-cdf.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [normalCdf.z] scipy.stats.norm.cdf(z).
describe('normalCdf', () => {
  it('agrees with scipy.stats.norm.cdf, with full relative accuracy in the lower tail', () => {
    expectClose(normalCdf(-10), 7.61985302416047e-24, 1e-13);
    expectClose(normalCdf(-7.034), 1.0034756170348553e-12, 1e-13); // a p-value of about 1e-12
    expectClose(normalCdf(-1.959963984540054), 0.025, 1e-14);
    expectClose(normalCdf(-0.3), 0.3820885778110474, 1e-14);
    expectClose(normalCdf(0.7), 0.758036347776927, 1e-14);
    expectClose(normalCdf(3), 0.9986501019683699, 1e-14);
    expect(normalCdf(8.5)).toBe(1); // scipy: 1.0
    // scipy.stats.norm.cdf(-38) underflows to 0.0 ([normalCdf.-38]); the true value, about φ(38)/38 = 2.9e-316,
    // is a subnormal double, which this implementation still returns.
    expect(normalCdf(-38)).toBeGreaterThan(2.8e-316);
    expect(normalCdf(-38)).toBeLessThan(2.95e-316);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('rejects NaN', () => {
    expectInvalidArgument(() => normalCdf(Number.NaN), 'x');
  });
});
