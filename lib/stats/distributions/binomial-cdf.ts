import { requireCount } from '../validation/require-count.js';
import { requireNumber } from '../validation/require-number.js';
import { requireProbability } from '../validation/require-probability.js';
import { regularizedBeta } from './regularized-beta.js';

/**
 * The binomial cumulative distribution `P(X <= k)` for `X ~ Binomial(n, p)`, as `1 − I_p(k+1, n−k)`
 * (A&S 26.5.24), taken from the complement that {@link regularizedBeta} computes directly, so that a small
 * lower tail such as `P(X <= 0)` for `n = 45, p = ½` (`2.8e-14`) keeps full relative accuracy.
 *
 * @example
 * binomialCdf(2, 10, 0.5); // 0.0546875 = 56 / 1024
 */
export function binomialCdf(k: number, n: number, p: number): number {
  requireCount(n, 'n');
  requireProbability(p, 'p');
  requireNumber(k, 'k');
  const whole = Math.floor(k);
  if (whole < 0) return 0;
  if (whole >= n) return 1;
  return regularizedBeta(p, whole + 1, n - whole).upper;
}
