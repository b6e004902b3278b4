import { InvalidArgumentError } from '../core/errors.js';
import { chiSquareSurvival } from './distributions/chi-square-survival.js';
import type { EffectSize, HypothesisTestResultWithDf } from './hypothesis-test-result.js';
import { booleanOption } from './validation/boolean-option.js';
import { requireMatrix } from './validation/require-matrix.js';

/** The result of {@link chiSquareIndependenceTest}. */
export interface ChiSquareIndependenceTestResult extends HypothesisTestResultWithDf {
  /** Expected counts under independence, `rowTotal · columnTotal / total`. */
  expected: number[][];
  /** Cramér's V, `√(χ²/(N (min(r, c) − 1)))` from the uncorrected χ² (Cramér 1946). */
  effectSize: EffectSize;
}

/**
 * Pearson's chi-square test of independence for an r×c contingency table of counts (r, c >= 2).
 *
 * `χ² = Σ (O − E)² / E` with `E = rowTotal · columnTotal / N`, on `(r−1)(c−1)` df (Pearson 1900). With
 * `continuity` (default `true`) and a 2×2 table (df = 1), Yates' (1934) correction is applied in the form that
 * never overcorrects, `Σ (max(0, |O − E| − ½))² / E`. Identical to `scipy.stats.chi2_contingency(table,
 * correction)` and R's `chisq.test`. Cramér's V is computed from the uncorrected χ², as
 * `scipy.stats.contingency.association(table, method='cramer')`.
 *
 * A row or column that sums to 0 makes an expected count 0 and the statistic undefined: that is an error.
 *
 * @param table counts, `table[row][column]`, non-negative integers
 * @example
 * chiSquareIndependenceTest([[12, 5], [7, 9]]); // Yates-corrected: df 1
 */
export function chiSquareIndependenceTest(
  table: readonly (readonly number[])[],
  options: { continuity?: boolean } = {},
): ChiSquareIndependenceTestResult {
  const counts = requireMatrix(table, 'table', { minimumRows: 2, minimumColumns: 2, counts: true });
  const continuity = booleanOption(options.continuity, 'options.continuity', true);
  const rowCount = counts.length;
  const columnCount = (counts[0] as number[]).length;
  const rowTotals = counts.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = Array.from({ length: columnCount }, (_, column) =>
    counts.reduce((sum, row) => sum + (row[column] as number), 0),
  );
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  rowTotals.forEach((value, row) => {
    if (value === 0) throw new InvalidArgumentError('table', `row ${row} sums to 0, so an expected count is 0`);
  });
  columnTotals.forEach((value, column) => {
    if (value === 0) throw new InvalidArgumentError('table', `column ${column} sums to 0, so an expected count is 0`);
  });
  const df = (rowCount - 1) * (columnCount - 1);
  const corrected = continuity && df === 1;
  const expected = rowTotals.map((rowTotal) => columnTotals.map((columnTotal) => (rowTotal * columnTotal) / total));
  let statistic = 0;
  let uncorrected = 0;
  counts.forEach((row, rowIndex) =>
    row.forEach((observed, columnIndex) => {
      const expectedCount = (expected[rowIndex] as number[])[columnIndex] as number;
      const deviation = Math.abs(observed - expectedCount);
      uncorrected += (deviation * deviation) / expectedCount;
      const used = corrected ? Math.max(0, deviation - 0.5) : deviation;
      statistic += (used * used) / expectedCount;
    }),
  );
  return {
    statistic,
    pValue: chiSquareSurvival(statistic, df),
    method: `Pearson chi-square test of independence${corrected ? " with Yates' continuity correction" : ''}`,
    df,
    expected,
    effectSize: { name: "Cramér's V", value: Math.sqrt(uncorrected / (total * (Math.min(rowCount, columnCount) - 1))) },
  };
}
