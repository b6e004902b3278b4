import { requireNumber } from '../validation/require-number.js';
import { normalCdf } from './normal-cdf.js';
import { regularizedBeta } from './regularized-beta.js';
import { requirePositiveNumber } from '../validation/require-positive-number.js';

/**
 * The cumulative distribution function of Student's t distribution with `df > 0` degrees of freedom (not
 * necessarily an integer, as in Welch's test). Use `studentTCdf(−|t|, df)` for a tail probability: it is
 * computed directly, with full relative accuracy.
 *
 * Method (A&S 26.7.1 and 26.5.27): `P(T <= −|t|) = ½ I_x(df/2, ½)` with `x = df / (df + t²)`, whose complement
 * `t² / (df + t²)` is passed to {@link regularizedBeta} exactly; `df = Infinity` gives the normal CDF.
 *
 * @example
 * studentTCdf(-2.228138851986274, 10); // 0.025
 */
export function studentTCdf(t: number, df: number): number {
  requirePositiveNumber(df, 'df', true);
  requireNumber(t, 't');
  if (df === Infinity) return normalCdf(t);
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tSquared = t * t;
  const x = df / (df + tSquared);
  const complement = tSquared / (df + tSquared);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5, complement).lower;
  return t < 0 ? tail : 1 - tail;
}
