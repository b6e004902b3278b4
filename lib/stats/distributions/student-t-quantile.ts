import { requireProbability } from '../validation/require-probability.js';
import { inverseRegularizedBeta } from './inverse-regularized-beta.js';
import { normalQuantile } from './normal-quantile.js';
import { requirePositiveNumber } from '../validation/require-positive-number.js';

/**
 * The quantile function of Student's t distribution with `df > 0` degrees of freedom (real-valued `df`
 * allowed, as Welch's test needs).
 *
 * Method: invert `P(T <= −t) = ½ I_x(df/2, ½)`, `x = df/(df + t²)` (A&S 26.7.1) with
 * {@link inverseRegularizedBeta}. For a tail probability `q = min(p, 1−p)`, `x = I⁻¹(2q; df/2, ½)` gives
 * `t = √(df (1−x)/x)` when `x < ½`; when `x >= ½` (small |t|) the complementary form `y = I⁻¹(1−2q; ½, df/2)`,
 * `t = √(df y/(1−y))` is used so that `1 − x` is not formed by subtraction. `df = Infinity` gives the normal
 * quantile.
 *
 * @example
 * studentTQuantile(0.975, 10); // 2.228138851986273
 */
export function studentTQuantile(p: number, df: number): number {
  requireProbability(p, 'p');
  requirePositiveNumber(df, 'df', true);
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const tail = p < 0.5 ? p : 1 - p;
  const x = inverseRegularizedBeta(2 * tail, df / 2, 0.5);
  let magnitude: number;
  if (x < 0.5) {
    magnitude = Math.sqrt((df * (1 - x)) / x);
  } else {
    const y = inverseRegularizedBeta(1 - 2 * tail, 0.5, df / 2);
    magnitude = Math.sqrt((df * y) / (1 - y));
  }
  return p < 0.5 ? -magnitude : magnitude;
}
