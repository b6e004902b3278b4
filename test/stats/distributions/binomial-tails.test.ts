import { describe, expect, it } from 'vitest';
import { binomialTails } from '../../../lib/stats/distributions/binomial-tails.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [binomCdf.k.n.p] (scipy.stats.binom.cdf(k, n, p), scipy.stats.binom.sf(k, n, p)).
describe('binomialTails', () => {
  it('returns both tails, each accurate', () => {
    const small = binomialTails(0, 45, 0.5);
    expectClose(small.atMost, 2.842170943040401e-14, 1e-13);
    expectClose(small.above, 0.9999999999999716, 1e-14);
    const upper = binomialTails(12, 20, 0.3);
    expectClose(upper.atMost, 0.9987211203957798, 1e-14);
    expectClose(upper.above, 0.001278879604220219, 1e-12);
  });

  it('handles k outside the support and rejects invalid arguments', () => {
    expect(binomialTails(-0.5, 4, 0.5)).toEqual({ atMost: 0, above: 1 });
    expect(binomialTails(4, 4, 0.5)).toEqual({ atMost: 1, above: 0 });
    expectInvalidArgument(() => binomialTails(1, 4.5, 0.5), 'n');
    expectInvalidArgument(() => binomialTails(1, 4, 2), 'p');
    expectInvalidArgument(() => binomialTails(Number.NaN, 4, 0.5), 'k');
  });
});
