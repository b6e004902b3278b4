import { binomialCdf } from './distributions/binomial-cdf.js';
import { chiSquareSurvival } from './distributions/chi-square-survival.js';
import type { HypothesisTestResult } from './hypothesis-test-result.js';
import { booleanOption } from './validation/boolean-option.js';
import { requireBinaryOutcomes } from './validation/require-binary-outcomes.js';
import { requireSameLength } from './validation/require-same-length.js';

/** Options of {@link mcnemarTest}. */
export interface McNemarTestOptions {
  /** Exact binomial test on the discordant pairs (default `true`); `false` uses the chi-square approximation. */
  exact?: boolean;
  /** With `exact: false`, apply Edwards' continuity correction (default `true`). */
  continuity?: boolean;
}

/** The result of {@link mcnemarTest}: the discordant counts are reported too. */
export interface McNemarTestResult extends HypothesisTestResult {
  /** Pairs with `a = 1, b = 0`. */
  onlyFirstPositive: number;
  /** Pairs with `a = 0, b = 1`. */
  onlySecondPositive: number;
  /** Degrees of freedom (1) for the chi-square variant; absent for the exact one. */
  df?: number;
}

/**
 * McNemar's test for paired binary outcomes (e.g. two models right/wrong on the same questions), two-sided.
 *
 * With `n10` pairs where only `a` is positive and `n01` where only `b` is, H0 says a discordant pair is equally
 * likely to fall either way:
 * - `exact: true` (default): the exact binomial test (Mosteller 1952), `p = min(1, 2 P(X <= min(n10, n01)))`
 *   for `X ~ Binomial(n10 + n01, ½)`; the statistic is `min(n10, n01)`. As `statsmodels.stats.contingency_tables.mcnemar(table, exact=True)`.
 * - `exact: false`: the chi-square statistic `(|n10 − n01| − c)² / (n10 + n01)` on 1 df (McNemar 1947), with
 *   Edwards' (1948) continuity correction `c = 1` when `continuity` (default) and `c = 0` otherwise. As
 *   `statsmodels ... mcnemar(table, exact=False, correction=…)` and R's `mcnemar.test`, except that the corrected
 *   numerator is `max(0, |n10 − n01| − 1)²`: when `n10 = n01` statsmodels and R square −1 and report a statistic
 *   of `1/(n10 + n01)`, which overcorrects; here it is 0 (p = 1).
 *
 * With no discordant pairs the test has no information: statistic 0, p-value 1.
 *
 * @param a outcomes of the first method, 0/1 or booleans, one per item
 * @param b outcomes of the second method on the same items, in the same order
 * @example
 * mcnemarTest([1, 1, 0, 1, 0, 1], [0, 0, 0, 1, 1, 0]); // exact: statistic 1, pValue 0.625
 */
export function mcnemarTest(
  a: readonly (number | boolean)[],
  b: readonly (number | boolean)[],
  options: McNemarTestOptions = {},
): McNemarTestResult {
  const first = requireBinaryOutcomes(a, 'a');
  const second = requireBinaryOutcomes(b, 'b');
  requireSameLength(first, 'a', second, 'b');
  const exact = booleanOption(options.exact, 'options.exact', true);
  const continuity = booleanOption(options.continuity, 'options.continuity', true);
  let onlyFirstPositive = 0;
  let onlySecondPositive = 0;
  for (let index = 0; index < first.length; index++) {
    if (first[index] === 1 && second[index] === 0) onlyFirstPositive++;
    else if (first[index] === 0 && second[index] === 1) onlySecondPositive++;
  }
  const discordant = onlyFirstPositive + onlySecondPositive;
  const counts = { onlyFirstPositive, onlySecondPositive };
  if (exact) {
    const smaller = Math.min(onlyFirstPositive, onlySecondPositive);
    const pValue = discordant === 0 ? 1 : Math.min(1, 2 * binomialCdf(smaller, discordant, 0.5));
    return { statistic: smaller, pValue, method: 'McNemar exact binomial test (two-sided)', ...counts };
  }
  const method = `McNemar chi-square test ${continuity ? 'with' : 'without'} continuity correction`;
  if (discordant === 0) return { statistic: 0, pValue: 1, method, df: 1, ...counts };
  const difference = Math.max(0, Math.abs(onlyFirstPositive - onlySecondPositive) - (continuity ? 1 : 0));
  const statistic = (difference * difference) / discordant;
  return { statistic, pValue: chiSquareSurvival(statistic, 1), method, df: 1, ...counts };
}
