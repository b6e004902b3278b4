import { InvalidArgumentError } from '../../core/errors.js';
import { stirlingSeries } from './stirling-series.js';

/** ½ ln(2π). */
const HALF_LOG_TWO_PI = 0.9189385332046728;

/**
 * Natural logarithm of the gamma function, `ln Γ(x)`, for `x > 0`.
 *
 * Method: for `x >= 10` Stirling's asymptotic series with eight Bernoulli terms ({@link stirlingSeries},
 * Abramowitz & Stegun 6.1.40); for `x < 10` the recurrence `ln Γ(x) = ln Γ(x + k) − ln[x (x+1) … (x+k−1)]`
 * (A&S 6.1.15) shifts the argument to `x + k >= 10` first. Relative accuracy is about 1e-15, except near the
 * zeros of `ln Γ` at 1 and 2, where the absolute error is about 1e-15 (what matters when the value is
 * exponentiated). Simple-statistics' `gammaln` is a 15-term Lanczos fit to about 1e-14; this one is used so that
 * every special function here shares one documented accuracy.
 *
 * @example
 * logGamma(0.5); // 0.5723649429247001 = ln √π
 * logGamma(101); // 363.73937555556347 = ln 100!
 */
export function logGamma(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x) || x <= 0) {
    throw new InvalidArgumentError('x', `logGamma needs x > 0, got ${String(x)}`);
  }
  if (x === Infinity) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + stirlingSeries(x);
  let shifted = x;
  let product = 1;
  while (shifted < 10) {
    product *= shifted;
    shifted += 1;
  }
  return (shifted - 0.5) * Math.log(shifted) - shifted + HALF_LOG_TWO_PI + stirlingSeries(shifted) - Math.log(product);
}
