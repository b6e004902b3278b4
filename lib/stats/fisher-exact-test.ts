import { InvalidArgumentError } from '../core/errors.js';
import { hypergeometricProbabilities } from './distributions/hypergeometric-probabilities.js';
import type { HypothesisTestResult } from './hypothesis-test-result.js';
import { requireMatrix } from './validation/require-matrix.js';

/** The result of {@link fisherExactTest}. */
export interface FisherExactTestResult extends HypothesisTestResult {
  /** The sample odds ratio `(a d)/(b c)` (also the `statistic`); `Infinity` when `b c = 0`, NaN when a margin is 0. */
  oddsRatio: number;
}

/** Relative tolerance for "as or less probable than the observed table" (R's `fisher.test` uses 1 + 1e-7). */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test for a 2×2 table `[[a, b], [c, d]]`, two-sided.
 *
 * With all margins fixed, `a` is hypergeometric; the p-value is the total probability of the tables that are
 * no more probable than the observed one, `Σ P(x)` over `P(x) <= P(a) (1 + 1e-7)` (Fisher 1935; Agresti,
 * *Categorical Data Analysis*, 3rd ed., §3.5.1 and §3.5.6; the tolerance guards against rounding, as in R's
 * `fisher.test`). The statistic is the sample odds ratio `ad/(bc)`, as `scipy.stats.fisher_exact(table)`
 * returns (R reports the conditional maximum-likelihood estimate instead). A zero margin leaves only one
 * possible table: p = 1 and the odds ratio is NaN.
 *
 * @param table2x2 counts `[[a, b], [c, d]]`, non-negative integers
 * @example
 * fisherExactTest([[8, 2], [1, 5]]); // oddsRatio 20, pValue 0.03496…
 */
export function fisherExactTest(table2x2: readonly (readonly number[])[]): FisherExactTestResult {
  const counts = requireMatrix(table2x2, 'table2x2', { minimumRows: 2, minimumColumns: 2, counts: true });
  if (counts.length !== 2 || (counts[0] as number[]).length !== 2) {
    throw new InvalidArgumentError('table2x2', `must be a 2×2 table, got ${counts.length}×${(counts[0] as number[]).length}`);
  }
  const [[a, b], [c, d]] = counts as [[number, number], [number, number]];
  const method = "Fisher's exact test (two-sided)";
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) {
    return { statistic: Number.NaN, pValue: 1, method, oddsRatio: Number.NaN };
  }
  const oddsRatio = b * c === 0 ? Infinity : (a * d) / (b * c);
  const { minimum, probabilities } = hypergeometricProbabilities(a + b + c + d, a + b, a + c);
  const threshold = (probabilities[a - minimum] as number) * RELATIVE_TOLERANCE;
  const included = probabilities.filter((probability) => probability <= threshold).sort((left, right) => left - right);
  const pValue = Math.min(1, included.reduce((sum, probability) => sum + probability, 0));
  return { statistic: oddsRatio, pValue, method, oddsRatio };
}
