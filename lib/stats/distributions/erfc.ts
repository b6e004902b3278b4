import { requireNumber } from '../validation/require-number.js';
import { regularizedGamma } from './regularized-gamma.js';

/**
 * The complementary error function `erfc(x) = 1 − erf(x)`, to about 1e-14 relative accuracy for moderate x and
 * about 1e-13 in the far tail (`erfc(26) ≈ 5.7e-296`), where the rounding of `x²` is amplified by `2x²`.
 *
 * Method: the identities `erfc(x) = Q(½, x²)` for `x >= 0` and `erfc(x) = 1 + P(½, x²)` for `x < 0`
 * (A&S 7.1.2 with 6.5.17; DLMF 7.11.2 and 8.4.14), with {@link regularizedGamma} computing whichever of `P`, `Q`
 * is small directly. Simple-statistics' `errorFunction` is a 10-term Taylor/table approximation good to about
 * 1e-7, which is not enough for p-values compared to 1e-9.
 *
 * @example
 * erfc(1); // ≈ 0.157299207050285
 */
export function erfc(x: number): number {
  requireNumber(x, 'x');
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  if (x === 0) return 1;
  const values = regularizedGamma(0.5, x * x);
  return x > 0 ? values.upper : 1 + values.lower;
}
