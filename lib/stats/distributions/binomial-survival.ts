import { binomialTails } from './binomial-tails.js';

/**
 * The binomial survival function `P(X > k)` for `X ~ Binomial(n, p)`, as `I_p(k+1, n−k)` (A&S 26.5.24) via
 * {@link binomialTails}, with full relative accuracy in the upper tail. `P(X >= k)` is
 * `binomialSurvival(k − 1, …)`. Non-integer `k` is floored.
 *
 * @example
 * binomialSurvival(7, 10, 0.5); // 0.0546875 = 56 / 1024
 */
export function binomialSurvival(k: number, n: number, p: number): number {
  return binomialTails(k, n, p).above;
}
