import { requireProbability } from '../validation/require-probability.js';
import { normalCdf } from './normal-cdf.js';

const SQRT_TWO_PI = 2.5066282746310002;

/**
 * The standard normal quantile function `Φ⁻¹(p)`, for `0 <= p <= 1`, to about 1e-15 relative accuracy for
 * `p >= 1e-300`.
 *
 * Method: the rational starting value of Abramowitz & Stegun 26.2.23 (Hastings; absolute error < 4.5e-4),
 * refined by Halley's method on `Φ(x) − p`, whose step is `x ← x − u / (1 + x u / 2)` with
 * `u = (Φ(x) − p) / φ(x)` because `φ'(x) = −x φ(x)`. Halley's method converges cubically, so three steps reach
 * full double precision; {@link normalCdf} is accurate in relative terms, so the lower tail is refined directly
 * and `p > ½` uses the symmetry `Φ⁻¹(p) = −Φ⁻¹(1 − p)` (where `1 − p` is exact). Instead of a long
 * table of rational coefficients (Wichura's AS 241) it relies on the accuracy of the CDF it inverts.
 *
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  requireProbability(p, 'p');
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  // A&S 26.2.23 for the lower tail: x ≈ −(t − (c0 + c1 t + c2 t²)/(1 + d1 t + d2 t² + d3 t³)), t = √(−2 ln p).
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  for (let iteration = 0; iteration < 4; iteration++) {
    const density = Math.exp(-0.5 * x * x) / SQRT_TWO_PI;
    if (!(density > 0)) break;
    const u = (normalCdf(x) - p) / density;
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
  }
  return x;
}
