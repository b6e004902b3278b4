import { describe, expect, it } from 'vitest';
import { regularizedGamma } from '../../../lib/stats/distributions/regularized-gamma.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [gamma.a.x] (scipy.special.gammainc(a, x), scipy.special.gammaincc(a, x)).
const cases: [number, number, number, number][] = [
  [0.5, 0.1, 0.34527915398142317, 0.6547208460185768], // series branch
  [3, 2, 0.32332358381693654, 0.6766764161830634], // series branch
  [10, 30, 0.9999928782491372, 7.121750862815593e-6], // continued fraction, small upper tail
  [100, 90, 0.15822098918643007, 0.84177901081357], // series, large a
  [0.5, 50, 1.0, 1.5239706048320995e-23], // far upper tail
  [2.5, 2.5, 0.584119813004492, 0.4158801869955079],
  [1000, 1100, 0.9989406767460701, 0.0010593232539299773], // large a: ln Γ(a) ~ 5900 limits accuracy
];

describe('regularizedGamma', () => {
  it('agrees with scipy gammainc/gammaincc on both tails', () => {
    for (const [a, x, lower, upper] of cases) {
      const values = regularizedGamma(a, x);
      // a = 1000: the prefactor e^{a ln x − x − ln Γ(a)} combines terms of size 7000, so ~1e-12 is what double
      // precision allows there; everything else meets 1e-13.
      const tolerance = a >= 1000 ? 1e-11 : 1e-13;
      expectClose(values.lower, lower, tolerance);
      expectClose(values.upper, upper, tolerance);
    }
  });

  it('handles the ends of the range', () => {
    expect(regularizedGamma(2, 0)).toEqual({ lower: 0, upper: 1 });
    expect(regularizedGamma(2, Infinity)).toEqual({ lower: 1, upper: 0 });
    // Q(1, x) = e^{−x} exactly (DLMF 8.4.5).
    expectClose(regularizedGamma(1, 2).upper, Math.exp(-2), 1e-15);
  });

  it('rejects a <= 0 and x < 0', () => {
    expectInvalidArgument(() => regularizedGamma(0, 1), 'a');
    expectInvalidArgument(() => regularizedGamma(1, -1), 'x');
    expectInvalidArgument(() => regularizedGamma(1, Number.NaN), 'x');
  });
});
