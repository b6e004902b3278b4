import { describe, expect, it } from 'vitest';
import { binomialProbability } from '../../../lib/stats/distributions/binomial-probability.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [binomPmf.k.n.p] scipy.stats.binom.pmf(k, n, p).
describe('binomialProbability', () => {
  it('agrees with scipy.stats.binom.pmf, small to very large n', () => {
    expectClose(binomialProbability(3, 10, 0.5), 0.1171875, 1e-14);
    expectClose(binomialProbability(500, 1000, 0.5), 0.025225018178360804, 1e-13);
    expectClose(binomialProbability(5000, 100000, 0.05), 0.0057883662644645185, 1e-12);
    expectClose(binomialProbability(0, 45, 0.5), 2.842170943040401e-14, 1e-14);
    expectClose(binomialProbability(17, 20, 0.3), 5.049638653626009e-7, 1e-13);
    expectClose(binomialProbability(1, 1000000, 1e-6), 0.3678796251112704, 1e-12);
  });

  it('is 0 off the support and handles p = 0 and 1', () => {
    expect(binomialProbability(-1, 10, 0.5)).toBe(0);
    expect(binomialProbability(11, 10, 0.5)).toBe(0);
    expect(binomialProbability(2.5, 10, 0.5)).toBe(0);
    expect(binomialProbability(0, 10, 0)).toBe(1);
    expect(binomialProbability(10, 10, 1)).toBe(1);
  });

  it('rejects invalid n and p', () => {
    expectInvalidArgument(() => binomialProbability(1, -3, 0.5), 'n');
    expectInvalidArgument(() => binomialProbability(1, 3.5, 0.5), 'n');
    expectInvalidArgument(() => binomialProbability(1, 3, 1.5), 'p');
    expectInvalidArgument(() => binomialProbability(Number.NaN, 3, 0.5), 'k');
  });
});
