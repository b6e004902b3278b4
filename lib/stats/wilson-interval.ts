import { normalQuantile } from './distributions/normal-quantile.js';
import type { ProportionInterval } from './hypothesis-test-result.js';
import { confidenceLevelOption } from './validation/confidence-level-option.js';
import { requireSuccessesAndTrials } from './validation/require-successes-and-trials.js';

/**
 * The Wilson score confidence interval for a binomial proportion, without continuity correction (Wilson 1927;
 * Brown, Cai & DasGupta, *Statistical Science* 16, 2001, eq. 4 of §4.1.1):
 * `(p̂ + z²/(2n) ± z √(p̂(1−p̂)/n + z²/(4n²))) / (1 + z²/n)` with `z = Φ⁻¹(1 − (1−level)/2)`, clipped to
 * [0, 1] against rounding. Identical to `statsmodels.stats.proportion.proportion_confint(k, n, alpha,
 * method='wilson')`.
 *
 * @param successes number of successes k (integer, 0 <= k <= trials)
 * @param trials number of trials n (integer >= 1)
 * @param level confidence level in (0, 1), default 0.95
 * @example
 * wilsonInterval(7, 20); // { lower: 0.1812…, upper: 0.5671…, level: 0.95, estimate: 0.35 }
 */
export function wilsonInterval(successes: number, trials: number, level?: number): ProportionInterval {
  requireSuccessesAndTrials(successes, trials);
  const confidence = confidenceLevelOption(level, 'level');
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const zSquared = z * z;
  const estimate = successes / trials;
  const denominator = 1 + zSquared / trials;
  const center = (estimate + zSquared / (2 * trials)) / denominator;
  const halfWidth =
    (z * Math.sqrt((estimate * (1 - estimate)) / trials + zSquared / (4 * trials * trials))) / denominator;
  return {
    lower: Math.max(0, center - halfWidth),
    upper: Math.min(1, center + halfWidth),
    level: confidence,
    estimate,
  };
}
