import { binomialTails } from './binomial-tails.js';

/**
 * The binomial cumulative distribution `P(X <= k)` for `X ~ Binomial(n, p)`, as `1 − I_p(k+1, n−k)`
 * (A&S 26.5.24), taken from the complement that {@link regularizedBeta} computes directly (via
 * {@link binomialTails}), so that a small lower tail such as `P(X <= 0)` for `n = 45, p = ½` (`2.8e-14`) keeps
 * full relative accuracy. Non-integer `k` is floored.
 *
 * @example
 * binomialCdf(2, 10, 0.5); // 0.0546875 = 56 / 1024
 */
export function binomialCdf(k: number, n: number, p: number): number {
  return binomialTails(k, n, p).atMost;
}
