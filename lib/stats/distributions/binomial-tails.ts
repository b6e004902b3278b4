import { requireCount } from '../validation/require-count.js';
import { requireNumber } from '../validation/require-number.js';
import { requireProbability } from '../validation/require-probability.js';
import { regularizedBeta } from './regularized-beta.js';

/** Both tails of a binomial distribution at one point, each computed directly. */
export interface BinomialTails {
  /** `P(X <= k)`. */
  atMost: number;
  /** `P(X > k)`. */
  above: number;
}

/**
 * Both tails of `X ~ Binomial(n, p)` at `k` (floored to an integer), from the identity
 * `P(X > k) = I_p(k+1, n−k)` (A&S 26.5.24) with {@link regularizedBeta}, which returns the incomplete beta
 * function and its complement each without cancellation, so a small tail on either side keeps full relative
 * accuracy.
 *
 * @example
 * binomialTails(2, 10, 0.5); // { atMost: 0.0546875, above: 0.9453125 }
 */
export function binomialTails(k: number, n: number, p: number): BinomialTails {
  requireCount(n, 'n');
  requireProbability(p, 'p');
  requireNumber(k, 'k');
  const whole = Math.floor(k);
  if (whole < 0) return { atMost: 0, above: 1 };
  if (whole >= n) return { atMost: 1, above: 0 };
  const values = regularizedBeta(p, whole + 1, n - whole);
  return { atMost: values.upper, above: values.lower };
}
