import { InvalidArgumentError } from '../../core/errors.js';
import { continuedFraction } from './continued-fraction.js';
import { logGamma } from './log-gamma.js';
import { requirePositiveNumber } from '../validation/require-positive-number.js';

/** The two complementary regularized incomplete gamma functions, each computed without cancellation. */
export interface RegularizedGammaValues {
  /** `P(a, x) = γ(a, x) / Γ(a)`. */
  lower: number;
  /** `Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x)`. */
  upper: number;
}

const EPSILON = 1e-16;
const MAX_ITERATIONS = 100_000;

/**
 * The regularized incomplete gamma functions `P(a, x)` and `Q(a, x) = 1 − P(a, x)` for `a > 0`, `x >= 0`.
 *
 * Method (Press, Teukolsky, Vetterling & Flannery, *Numerical Recipes*, 3rd ed., §6.2; DLMF 8.7.1 and 8.9.2):
 * for `x < a + 1` the power series `P = e^{−x} x^a Σ_n x^n / Γ(a + n + 1)`, then `Q = 1 − P`; otherwise
 * Legendre's continued fraction for `Q`, evaluated by the modified Lentz algorithm ({@link continuedFraction}),
 * then `P = 1 − Q`. The function that is computed directly is the smaller one in each region, so both keep
 * full relative accuracy (about 1e-14) even deep in the tail, e.g. a chi-square p-value of 1e-300.
 *
 * @example
 * regularizedGamma(1, 2); // { lower: 1 − e^{−2}, upper: e^{−2} = 0.1353352832366127 }
 */
export function regularizedGamma(a: number, x: number): RegularizedGammaValues {
  requirePositiveNumber(a, 'a');
  if (typeof x !== 'number' || Number.isNaN(x) || x < 0) {
    throw new InvalidArgumentError('x', `must be a number >= 0, got ${String(x)}`);
  }
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  // e^{−x} x^a / Γ(a), the common factor of both expansions.
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Σ_{n>=0} x^n / [(a+1)(a+2)…(a+n)], times e^{−x} x^a / Γ(a+1).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    const lower = Math.min(1, sum * Math.exp(logPrefactor));
    return { lower, upper: 1 - lower };
  }
  // Q = e^{−x} x^a / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))) (DLMF 8.9.2, even contraction).
  const fraction = continuedFraction(
    (j) => (j === 1 ? 1 : -(j - 1) * (j - 1 - a)),
    (j) => x + 2 * j - 1 - a,
  );
  const upper = Math.min(1, Math.exp(logPrefactor) * fraction);
  return { lower: 1 - upper, upper };
}
