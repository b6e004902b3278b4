import { requireNumber } from '../validation/require-number.js';
import { regularizedGamma } from './regularized-gamma.js';
import { requirePositiveNumber } from '../validation/require-positive-number.js';

/**
 * The upper tail of the chi-square distribution, `P(X >= x)` for `X ~ χ²(df)`, as `Q(df/2, x/2)` (A&S 26.4.2
 * and 6.5.3) by {@link regularizedGamma}. Accurate to about 1e-14 relative, so p-values such as 1e-12 or 1e-100
 * come out right rather than as 0.
 *
 * @example
 * chiSquareSurvival(3.841458820694124, 1); // 0.05
 */
export function chiSquareSurvival(x: number, df: number): number {
  requirePositiveNumber(df, 'df');
  requireNumber(x, 'x');
  if (x <= 0) return 1;
  return regularizedGamma(df / 2, x / 2).upper;
}
