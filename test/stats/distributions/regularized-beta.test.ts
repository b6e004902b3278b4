import { describe, expect, it } from 'vitest';
import { regularizedBeta } from '../../../lib/stats/distributions/regularized-beta.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [beta.x.a.b] (scipy.special.betainc(a, b, x), scipy.special.betainc(b, a, 1 − x)).
const cases: [number, number, number, number, number][] = [
  [0.3, 2, 5, 0.5798250000000001, 0.42017499999999997],
  [0.9, 50, 3, 0.09663328513725218, 0.9033667148627478],
  [0.001, 0.5, 10, 0.11110329087513969, 0.8888967091248603],
  [0.5, 200, 200, 0.499999999999908, 0.499999999999908],
  [0.999, 0.7, 0.4, 0.9478766962878219, 0.05212330371217813],
];

describe('regularizedBeta', () => {
  it('agrees with scipy.special.betainc on both sides of the switch point', () => {
    for (const [x, a, b, lower, upper] of cases) {
      const values = regularizedBeta(x, a, b);
      expectClose(values.lower, lower, 1e-12);
      expectClose(values.upper, upper, 1e-12);
    }
  });

  it('is exact where scipy is not: I_x(3, 4000) at x = 1e-5', () => {
    // [beta.1e-05.3.4000.exact] 1 − Σ_{k<3} C(4002, k) x^k (1−x)^(4002−k) in rational arithmetic (DLMF 8.17.5);
    // scipy.special.betainc(3, 4000, 1e-5) = 1.0359571655603182e-05 ([beta.1e-05.3.4000]) is off by 1.4e-12.
    expectClose(regularizedBeta(1e-5, 3, 4000).lower, 1.03595716555884e-5, 1e-13);
    expectClose(regularizedBeta(1e-5, 3, 4000).upper, 1 - 1.03595716555884e-5, 1e-15);
  });

  it('has the closed forms I_x(1, 1) = x and I_x(a, 1) = x^a', () => {
    expectClose(regularizedBeta(0.3, 1, 1).lower, 0.3, 1e-15);
    expectClose(regularizedBeta(0.5, 2, 3).lower, 0.6875, 1e-15); // 11/16 by the binomial expansion
    expectClose(regularizedBeta(0.2, 3, 1).lower, 0.008, 1e-14);
  });

  it('uses a caller-supplied complement and handles the ends', () => {
    expect(regularizedBeta(0, 2, 3)).toEqual({ lower: 0, upper: 1 });
    expect(regularizedBeta(1, 2, 3)).toEqual({ lower: 1, upper: 0 });
    const x = 1 - 1e-12;
    expectClose(regularizedBeta(x, 2, 3, 1e-12).upper, regularizedBeta(1e-12, 3, 2).lower, 1e-12);
  });

  it('rejects invalid shape parameters and x outside [0, 1]', () => {
    expectInvalidArgument(() => regularizedBeta(0.5, 0, 1), 'a');
    expectInvalidArgument(() => regularizedBeta(0.5, 1, -2), 'b');
    expectInvalidArgument(() => regularizedBeta(1.5, 1, 1), 'x');
    expectInvalidArgument(() => regularizedBeta(Number.NaN, 1, 1), 'x');
  });
});
