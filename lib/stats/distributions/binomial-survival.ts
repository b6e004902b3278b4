import { requireCount } from '../validation/require-count.js';
import { requireNumber } from '../validation/require-number.js';
import { requireProbability } from '../validation/require-probability.js';
import { regularizedBeta } from './regularized-beta.js';

/**
 * The binomial survival function `P(X > k)` for `X ~ Binomial(n, p)`, as `I_p(k+1, n−k)` (A&S 26.5.24) by
 * {@link regularizedBeta}, with full relative accuracy in the upper tail. `P(X >= k)` is `binomialSurvival(k − 1, …)`.
 *
 * @example
 * binomialSurvival(7, 10, 0.5); // 0.0546875 = 56 / 1024
 */
export function binomialSurvival(k: number, n: number, p: number): number {
  requireCount(n, 'n');
  requireProbability(p, 'p');
  requireNumber(k, 'k');
  const whole = Math.floor(k);
  if (whole < 0) return 1;
  if (whole >= n) return 0;
  return regularizedBeta(p, whole + 1, n - whole).lower;
}
