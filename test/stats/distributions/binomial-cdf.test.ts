import { describe, expect, it } from 'vitest';
import { binomialCdf } from '../../../lib/stats/distributions/binomial-cdf.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [binomCdf.k.n.p] first element, scipy.stats.binom.cdf(k, n, p).
describe('binomialCdf', () => {
  it('agrees with scipy.stats.binom.cdf, including a lower tail of 2.8e-14', () => {
    expectClose(binomialCdf(2, 10, 0.5), 0.0546875, 1e-14);
    expectClose(binomialCdf(0, 45, 0.5), 2.842170943040401e-14, 1e-13);
    expectClose(binomialCdf(30, 100, 0.5), 3.925069822796835e-5, 1e-13);
    expectClose(binomialCdf(480, 1000, 0.5), 0.10872414660207046, 1e-12);
    expectClose(binomialCdf(12, 20, 0.3), 0.9987211203957798, 1e-14);
  });

  it('is 0 below the support, 1 above it, and floors non-integer k', () => {
    expect(binomialCdf(-1, 10, 0.5)).toBe(0);
    expect(binomialCdf(10, 10, 0.5)).toBe(1);
    expect(binomialCdf(2.7, 10, 0.5)).toBe(binomialCdf(2, 10, 0.5));
    expectInvalidArgument(() => binomialCdf(1, 10, -0.5), 'p');
  });
});
