import { binomialCdf } from './distributions/binomial-cdf.js';
import { binomialProbability } from './distributions/binomial-probability.js';
import { binomialSurvival } from './distributions/binomial-survival.js';
import { clopperPearsonInterval } from './clopper-pearson-interval.js';
import type { HypothesisTestResult, ProportionInterval } from './hypothesis-test-result.js';
import { requireOpenUnitInterval } from './validation/require-open-unit-interval.js';
import { requireSuccessesAndTrials } from './validation/require-successes-and-trials.js';

/** The result of {@link binomialTest}. */
export interface BinomialTestResult extends HypothesisTestResult {
  /** The sample proportion `successes / trials` (as `scipy.stats.binomtest(...).statistic`). */
  statistic: number;
  /** Clopper-Pearson interval of the proportion at `options.level` (default 0.95). */
  confidenceInterval: ProportionInterval;
}

/** Relative tolerance for "no more probable than the observed count", as scipy and R use. */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/** First j in [low, high] with f(j) true, for f monotone false→true; high + 1 if none. */
function firstTrue(low: number, high: number, predicate: (value: number) => boolean): number {
  let lo = low;
  let hi = high + 1;
  while (lo < hi) {
    const middle = Math.floor((lo + hi) / 2);
    if (predicate(middle)) hi = middle;
    else lo = middle + 1;
  }
  return lo;
}

/**
 * The exact binomial test of H0: success probability = `p`, two-sided.
 *
 * The p-value is the probability of all counts no more probable than the observed one,
 * `Σ P(X = j)` over `P(X = j) <= P(X = k)(1 + 1e-7)` (the "minimum-likelihood" two-sided test; Agresti,
 * *Categorical Data Analysis*, 3rd ed., §1.4.4), as `scipy.stats.binomtest(k, n, p).pvalue` and R's
 * `binom.test`. Since the pmf is unimodal, the counts on the far side form a tail `[j, n]` (or `[0, j]`), found by
 * binary search; both tails come from {@link binomialCdf}/{@link binomialSurvival}, so tiny p-values stay
 * accurate. The statistic is the sample proportion; the interval is Clopper-Pearson.
 *
 * @param successes number of successes k (integer, 0 <= k <= trials)
 * @param trials number of trials n (integer >= 1)
 * @param p the success probability under H0, in (0, 1); default ½
 * @example
 * binomialTest(7, 20, 0.5).pValue; // 0.26317596435546875
 */
export function binomialTest(
  successes: number,
  trials: number,
  p = 0.5,
  options: { level?: number } = {},
): BinomialTestResult {
  requireSuccessesAndTrials(successes, trials);
  requireOpenUnitInterval(p, 'p');
  const confidenceInterval = clopperPearsonInterval(successes, trials, options.level);
  const method = 'Exact binomial test (two-sided, minimum-likelihood)';
  const result = (pValue: number): BinomialTestResult => ({
    statistic: successes / trials,
    pValue: Math.min(1, pValue),
    method,
    confidenceInterval,
  });
  const expected = trials * p;
  if (successes === expected) return result(1);
  const threshold = binomialProbability(successes, trials, p) * RELATIVE_TOLERANCE;
  if (successes < expected) {
    // Counts at or above ⌈np⌉ have a non-increasing pmf: find where it first drops to the threshold.
    const start = firstTrue(Math.ceil(expected), trials, (j) => binomialProbability(j, trials, p) <= threshold);
    const farTail = start > trials ? 0 : binomialSurvival(start - 1, trials, p);
    return result(binomialCdf(successes, trials, p) + farTail);
  }
  // Counts at or below ⌊np⌋ have a non-decreasing pmf: find the last one at or below the threshold.
  const end = firstTrue(0, Math.floor(expected), (j) => binomialProbability(j, trials, p) > threshold) - 1;
  const farTail = end < 0 ? 0 : binomialCdf(end, trials, p);
  return result(farTail + binomialSurvival(successes - 1, trials, p));
}
