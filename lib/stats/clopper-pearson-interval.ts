import { inverseRegularizedBeta } from './distributions/inverse-regularized-beta.js';
import type { ProportionInterval } from './hypothesis-test-result.js';
import { confidenceLevelOption } from './validation/confidence-level-option.js';
import { requireSuccessesAndTrials } from './validation/require-successes-and-trials.js';

/**
 * The Clopper-Pearson "exact" confidence interval for a binomial proportion (Clopper & Pearson 1934), by the
 * beta-quantile form: lower = `Beta⁻¹(α/2; k, n−k+1)` (0 when k = 0), upper = `Beta⁻¹(1−α/2; k+1, n−k)`
 * (1 when k = n), with `α = 1 − level` (Brown, Cai & DasGupta, *Statistical Science* 16, 2001, eq. 4).
 * Identical to `statsmodels.stats.proportion.proportion_confint(k, n, alpha, method='beta')` and to
 * `scipy.stats.binomtest(k, n).proportion_ci(level, method='exact')`.
 *
 * @param successes number of successes k (integer, 0 <= k <= trials)
 * @param trials number of trials n (integer >= 1)
 * @param level confidence level in (0, 1), default 0.95
 * @example
 * clopperPearsonInterval(7, 20); // { lower: 0.1539…, upper: 0.5922…, level: 0.95, estimate: 0.35 }
 */
export function clopperPearsonInterval(successes: number, trials: number, level?: number): ProportionInterval {
  requireSuccessesAndTrials(successes, trials);
  const confidence = confidenceLevelOption(level, 'level');
  const alpha = 1 - confidence;
  const lower = successes === 0 ? 0 : inverseRegularizedBeta(alpha / 2, successes, trials - successes + 1);
  const upper = successes === trials ? 1 : inverseRegularizedBeta(1 - alpha / 2, successes + 1, trials - successes);
  return { lower, upper, level: confidence, estimate: successes / trials };
}
