import { describe, expect, it } from 'vitest';
import { inverseRegularizedBeta } from '../../../lib/stats/distributions/inverse-regularized-beta.js';
import { regularizedBeta } from '../../../lib/stats/distributions/regularized-beta.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [betaInv.p.a.b] scipy.special.betaincinv(a, b, p) (boost's ibeta_inv).
const cases: [number, number, number, number][] = [
  [0.025, 3, 18, 0.03207093718546371],
  [0.975, 8, 13, 0.592188534532828],
  [1e-10, 0.5, 4, 2.089795918367346e-21],
  [0.5, 200, 300, 0.39986656271411736],
  [0.999999, 2, 0.5, 0.9999999999995556],
  [0.3, 1, 1, 0.3],
];

describe('inverseRegularizedBeta', () => {
  it('agrees with scipy.special.betaincinv, including deep tails', () => {
    for (const [p, a, b, expected] of cases) {
      // The last case sits 4.4e-13 below 1, where the double spacing is 1.1e-16: 1e-12 of (1 − x) is below one ulp.
      expectClose(inverseRegularizedBeta(p, a, b), expected, 1e-12);
    }
  });

  it('inverts regularizedBeta', () => {
    const x = inverseRegularizedBeta(0.123, 4.5, 7.25);
    expectClose(regularizedBeta(x, 4.5, 7.25).lower, 0.123, 1e-13);
  });

  it('maps 0 and 1 to the ends and rejects invalid arguments', () => {
    expect(inverseRegularizedBeta(0, 2, 3)).toBe(0);
    expect(inverseRegularizedBeta(1, 2, 3)).toBe(1);
    expectInvalidArgument(() => inverseRegularizedBeta(1.1, 2, 3), 'p');
    expectInvalidArgument(() => inverseRegularizedBeta(0.5, -1, 3), 'a');
    expectInvalidArgument(() => inverseRegularizedBeta(0.5, 1, Infinity), 'b');
  });
});
