import { logGamma } from './log-gamma.js';
import { stirlingSeries } from './stirling-series.js';

/** ½ ln(2π). */
const HALF_LOG_TWO_PI = 0.9189385332046728;

/**
 * `ln Γ(b) − ln Γ(a + b)` for `b >= 10`, from Stirling's formula with the large terms combined analytically:
 * `(b − ½) ln(b/(a+b)) − a ln(a+b) + a + S(b) − S(a+b)`, where `S` is {@link stirlingSeries}. This avoids
 * subtracting two nearly equal large logarithms (for b = 10⁶, `ln Γ(b)` is 1.3e7 and would leave only ~1e-9
 * absolute accuracy).
 */
function logGammaRatio(a: number, b: number): number {
  const sum = a + b;
  return (b - 0.5) * Math.log1p(-a / sum) - a * Math.log(sum) + a + stirlingSeries(b) - stirlingSeries(sum);
}

/**
 * Natural logarithm of the beta function, `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)` (A&S 6.2.2), for
 * `a, b > 0`.
 *
 * When both arguments are below 10 the three log-gammas are simply combined. When one or both are large, the
 * large log-gammas are expanded by Stirling's series (A&S 6.1.40) and their leading terms combined before
 * evaluation, e.g. for both large
 * `ln B = ½ ln 2π + (a − ½) ln(a/(a+b)) + b ln(b/(a+b)) − ½ ln b + S(a) + S(b) − S(a+b)`, so the result keeps
 * about 1e-15 relative accuracy even for `a = ½, b = 10⁶` (where the plain sum would lose six digits).
 *
 * @example
 * logBeta(2, 3); // ln(1/12) = -2.4849066497880004
 */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < 10) return logGamma(a) + logGamma(b) - logGamma(a + b);
  if (small < 10) return logGamma(small) + logGammaRatio(small, large);
  const sum = a + b;
  return (
    HALF_LOG_TWO_PI +
    (small - 0.5) * Math.log(small / sum) +
    large * Math.log1p(-small / sum) -
    0.5 * Math.log(large) +
    stirlingSeries(small) +
    stirlingSeries(large) -
    stirlingSeries(sum)
  );
}
