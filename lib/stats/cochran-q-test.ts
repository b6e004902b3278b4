import { InvalidArgumentError } from '../core/errors.js';
import { chiSquareSurvival } from './distributions/chi-square-survival.js';
import type { HypothesisTestResultWithDf } from './hypothesis-test-result.js';
import { requireMatrix } from './validation/require-matrix.js';

/**
 * Cochran's Q test for k >= 2 related binary outcomes (e.g. k models right/wrong on the same n questions),
 * H0: the probability of a 1 is the same for every treatment.
 *
 * With column totals `C_j`, row totals `R_i` and grand total `T`,
 * `Q = (k − 1)(k Σ C_j² − T²) / (k T − Σ R_i²)` on `k − 1` df (Cochran 1950; Conover, *Practical Nonparametric
 * Statistics*, 3rd ed., §4.6). Identical to `statsmodels.stats.contingency_tables.cochrans_q(x)`. With k = 2 it
 * equals McNemar's chi-square without continuity correction.
 *
 * @param subjectsByTreatments01 `n × k` matrix of 0/1, one row per subject, one column per treatment
 * @example
 * cochranQTest([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0], [1, 0, 1], [1, 1, 0]]); // df 2
 */
export function cochranQTest(subjectsByTreatments01: readonly (readonly number[])[]): HypothesisTestResultWithDf {
  const data = requireMatrix(subjectsByTreatments01, 'subjectsByTreatments01', { minimumRows: 1, minimumColumns: 2 });
  data.forEach((row, rowIndex) =>
    row.forEach((cell, columnIndex) => {
      if (cell !== 0 && cell !== 1) {
        throw new InvalidArgumentError('subjectsByTreatments01', `cell [${rowIndex}][${columnIndex}] must be 0 or 1, got ${cell}`);
      }
    }),
  );
  const k = (data[0] as number[]).length;
  const columnTotals = Array.from({ length: k }, (_, column) => data.reduce((sum, row) => sum + (row[column] as number), 0));
  const rowTotals = data.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  const denominator = k * total - rowTotals.reduce((sum, value) => sum + value * value, 0);
  if (!(denominator > 0)) {
    throw new InvalidArgumentError(
      'subjectsByTreatments01',
      'every subject has the same outcome under all treatments; Cochran\'s Q is undefined',
    );
  }
  const statistic = ((k - 1) * (k * columnTotals.reduce((sum, value) => sum + value * value, 0) - total * total)) / denominator;
  const df = k - 1;
  return { statistic, pValue: chiSquareSurvival(statistic, df), method: "Cochran's Q test", df };
}
