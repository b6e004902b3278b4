/**
 * Paper-style result tables of the evaluation stage, as plain rows (export with `toCsv`, `toMarkdownTable`,
 * `toLatexTable`, or `toDataFrame` for a danfojs DataFrame) and their column descriptions.
 */
import type { TableColumn, TableRow } from '../report/table.js';
import type { McSummaryRow, PairwiseComparisonRow } from '../schemas/evaluation.js';

/** MC accuracy per system and dataset with the Wilson 95% interval, the parse-failure rate and the authors' figure. */
export function multipleChoiceTable(summary: readonly McSummaryRow[]): TableRow[] {
  return summary.map((row) => ({
    system: row.system,
    dataset: row.dataset,
    n: row.n,
    correct: row.correct,
    accuracy: row.accuracy,
    wilson95_low: row.wilson95[0],
    wilson95_high: row.wilson95[1],
    unparseable: row.unparseable,
    parse_failure_rate: row.n > 0 ? row.unparseable / row.n : 0,
    accuracy_excluding_unparseable: row.accuracyExcludingUnparseable,
  }));
}

export const MULTIPLE_CHOICE_TABLE_COLUMNS: TableColumn[] = [
  { key: 'system' },
  { key: 'dataset' },
  { key: 'n' },
  { key: 'correct' },
  { key: 'accuracy', digits: 3 },
  { key: 'wilson95_low', label: '95% low', digits: 3 },
  { key: 'wilson95_high', label: '95% high', digits: 3 },
  { key: 'unparseable' },
  { key: 'parse_failure_rate', label: 'parse failures', digits: 3 },
  { key: 'accuracy_excluding_unparseable', label: 'accuracy excl. unparseable (authors)', digits: 3 },
];

/** Pairwise comparisons (McNemar or permutation) with raw and Holm-adjusted p-values. */
export function comparisonTable(rows: readonly PairwiseComparisonRow[]): TableRow[] {
  return rows.map((row) => ({
    dataset: row.dataset,
    metric: row.metric,
    first: row.first,
    second: row.second,
    n: row.n,
    difference: row.difference,
    difference_low: row.difference95?.[0] ?? null,
    difference_high: row.difference95?.[1] ?? null,
    only_first: row.onlyFirstCorrect ?? null,
    only_second: row.onlySecondCorrect ?? null,
    p_value: row.pValue,
    p_holm: row.pValueHolm,
  }));
}

export const COMPARISON_TABLE_COLUMNS: TableColumn[] = [
  { key: 'dataset' },
  { key: 'metric' },
  { key: 'first' },
  { key: 'second' },
  { key: 'n' },
  { key: 'difference', label: 'difference (first − second)', digits: 3 },
  { key: 'difference_low', label: '95% low', digits: 3 },
  { key: 'difference_high', label: '95% high', digits: 3 },
  { key: 'only_first', label: 'only first right' },
  { key: 'only_second', label: 'only second right' },
  { key: 'p_value', label: 'p', digits: 4 },
  { key: 'p_holm', label: 'p (Holm)', digits: 4 },
];
