/**
 * The result tables of the human-evaluation reproduction as plain rows, ready for `toCsv`,
 * `toMarkdownTable`, `toLatexTable` and `displayTable` (lib/report). CSV rows keep full precision;
 * display rows are formatted for reading.
 */
import type { HumanRatingAnomaly, HumanRatingsFile } from '../../data/import-human-ratings.js';
import type { TableRow } from '../../report/index.js';
import type { HumanRatingComparison } from './compare-human-ratings.js';
import type { HumanRatingInterval } from './human-rating-intervals.js';

function percent(value: number | null, digits = 1): string {
  return value === null ? '–' : `${(100 * value).toFixed(digits)}%`;
}

function interval(lower: number | null, upper: number | null): string {
  return lower === null || upper === null ? '–' : `[${(100 * lower).toFixed(1)}, ${(100 * upper).toFixed(1)}]`;
}

/** Formats a p-value for reading: 3 significant digits, `< 0.0001` below that. */
export function formatPValue(value: number | null): string {
  if (value === null) return '–';
  if (value < 1e-4) return '< 0.0001';
  return value.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** The anomaly report as rows: file, line, system, question, kind, detail. */
export function anomalyRows(anomalies: readonly HumanRatingAnomaly[]): TableRow[] {
  return anomalies.map((anomaly) => ({
    file: anomaly.file,
    line: anomaly.line,
    system: anomaly.system ?? '',
    question: anomaly.question,
    kind: anomaly.kind,
    detail: anomaly.detail,
  }));
}

function lineList(lines: readonly number[], limit = 12): string {
  const shown = lines.slice(0, limit).join(', ');
  return lines.length > limit ? `${shown}, … (${lines.length} lines)` : shown;
}

/** The anomaly report condensed to one row per file and kind: how many, at which lines, which systems. */
export function anomalySummaryRows(anomalies: readonly HumanRatingAnomaly[]): TableRow[] {
  const groups = new Map<string, HumanRatingAnomaly[]>();
  for (const anomaly of anomalies) {
    const key = `${anomaly.file}\u0000${anomaly.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), anomaly]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as HumanRatingAnomaly;
    const systems = [...new Set(group.map((anomaly) => anomaly.system).filter((system): system is string => system !== null))];
    return {
      file: first.file,
      kind: first.kind,
      count: group.length,
      lines: lineList(group.map((anomaly) => anomaly.line)),
      systems: systems.join('; '),
      detail: group.length === 1 ? first.detail : `e.g. line ${first.line}: ${first.detail}`,
    };
  });
}

/** What the importer normalised, one row per file and kind, with the raw values seen. */
export function normalisationSummaryRows(files: readonly HumanRatingsFile[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const file of files) {
    const kinds = [...new Set(file.normalisations.map((entry) => entry.kind))];
    for (const kind of kinds) {
      const entries = file.normalisations.filter((entry) => entry.kind === kind);
      rows.push({
        file: file.file,
        kind,
        count: entries.length,
        'raw values': [...new Set(entries.map((entry) => JSON.stringify(entry.raw)))].join(' '),
        'read as': [...new Set(entries.map((entry) => JSON.stringify(entry.normalised)))].join(' '),
      });
    }
  }
  return rows;
}

/** The question blocks left out of the blocked tests, with the reasons. */
export function excludedBlockRows(comparisons: readonly HumanRatingComparison[]): TableRow[] {
  return comparisons.flatMap((comparison) =>
    comparison.blocks.excluded.map((block) => ({
      file: comparison.file,
      line: block.line,
      question: block.question.length > 70 ? `${block.question.slice(0, 69)}…` : block.question,
      reasons: block.reasons.join('; '),
    })),
  );
}

/** The intervals table with full precision (proportions in [0, 1]). */
export function intervalRows(intervals: readonly HumanRatingInterval[]): TableRow[] {
  return intervals.map((row) => ({
    file: row.file,
    system: row.system,
    n: row.n,
    correct: row.correct,
    correct_share: row.correctShare,
    correct_lower: row.correctLower,
    correct_upper: row.correctUpper,
    correct_or_incomplete: row.correctOrIncomplete,
    correct_or_incomplete_share: row.correctOrIncompleteShare,
    correct_or_incomplete_lower: row.correctOrIncompleteLower,
    correct_or_incomplete_upper: row.correctOrIncompleteUpper,
    level: row.level,
  }));
}

/** The intervals table for reading (Markdown, LaTeX, notebooks): shares in percent with the Wilson interval. */
export function intervalDisplayRows(intervals: readonly HumanRatingInterval[]): TableRow[] {
  return intervals.map((row) => ({
    File: row.file,
    System: row.systemLabel,
    n: row.n,
    Correct: `${row.correct} (${percent(row.correctShare)})`,
    [`Correct ${Math.round(row.level * 100)}% CI`]: interval(row.correctLower, row.correctUpper),
    'Correct or incomplete': `${row.correctOrIncomplete} (${percent(row.correctOrIncompleteShare)})`,
    [`Correct or incomplete ${Math.round(row.level * 100)}% CI`]: interval(row.correctOrIncompleteLower, row.correctOrIncompleteUpper),
  }));
}

/** Every test as one flat row (full precision): Friedman, Wilcoxon, Cochran's Q, McNemar. */
export function testRows(comparisons: readonly HumanRatingComparison[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const comparison of comparisons) {
    const { file, omnibus } = comparison;
    rows.push({
      file,
      test: 'friedman',
      outcome: 'ordinal score 0-3',
      system: '',
      reference: '',
      n: omnibus.blocks,
      statistic: omnibus.statistic,
      df: omnibus.df,
      z: null,
      p_value: omnibus.pValue,
      p_value_holm: null,
      effect_size_name: "Kendall's W",
      effect_size: omnibus.kendallW,
      method: omnibus.method,
    });
    for (const pair of comparison.pairwise) {
      rows.push({
        file,
        test: 'wilcoxon-signed-rank',
        outcome: 'ordinal score 0-3',
        system: pair.system,
        reference: pair.reference,
        n: pair.pairs,
        statistic: pair.wPlus,
        df: null,
        z: pair.zStatistic,
        p_value: pair.pValue,
        p_value_holm: pair.pValueHolm,
        effect_size_name: 'matched-pairs rank-biserial correlation',
        effect_size: pair.rankBiserial,
        method: pair.method,
      });
    }
    const { cochranQ } = comparison.binary;
    rows.push({
      file,
      test: 'cochran-q',
      outcome: 'correct',
      system: '',
      reference: '',
      n: omnibus.blocks,
      statistic: cochranQ?.statistic ?? null,
      df: cochranQ?.df ?? null,
      z: null,
      p_value: cochranQ?.pValue ?? null,
      p_value_holm: null,
      effect_size_name: '',
      effect_size: null,
      method: cochranQ?.method ?? `not computed: ${comparison.binary.cochranQNote ?? ''}`,
    });
    for (const pair of comparison.binary.mcnemar) {
      rows.push({
        file,
        test: 'mcnemar',
        outcome: 'correct',
        system: pair.system,
        reference: pair.reference,
        n: omnibus.blocks,
        statistic: Math.min(pair.onlySystemCorrect, pair.onlyReferenceCorrect),
        df: null,
        z: null,
        p_value: pair.pValue,
        p_value_holm: pair.pValueHolm,
        effect_size_name: 'discordant pairs (only system correct - only reference correct)',
        effect_size: pair.onlySystemCorrect - pair.onlyReferenceCorrect,
        method: pair.method,
      });
    }
  }
  return rows;
}

/** The pairwise Wilcoxon comparisons for reading. */
export function pairwiseDisplayRows(comparison: HumanRatingComparison): TableRow[] {
  return comparison.pairwise.map((pair) => ({
    System: pair.systemLabel,
    [`vs ${comparison.reference}`]: `${pair.higher} higher / ${pair.ties} tied / ${pair.lower} lower`,
    'W+': pair.wPlus,
    'W−': pair.wMinus,
    p: formatPValue(pair.pValue),
    'p (Holm)': formatPValue(pair.pValueHolm),
    'rank-biserial r': pair.rankBiserial === null ? '–' : pair.rankBiserial.toFixed(2),
  }));
}

/** The exact McNemar comparisons of "correct" with the reference, for reading. */
export function binaryDisplayRows(comparison: HumanRatingComparison): TableRow[] {
  return comparison.binary.mcnemar.map((pair) => ({
    System: pair.systemLabel,
    'only system correct': pair.onlySystemCorrect,
    'only reference correct': pair.onlyReferenceCorrect,
    p: formatPValue(pair.pValue),
    'p (Holm)': formatPValue(pair.pValueHolm),
  }));
}

/** One line per file: the omnibus tests. */
export function omnibusDisplayRows(comparisons: readonly HumanRatingComparison[]): TableRow[] {
  return comparisons.map((comparison) => ({
    File: comparison.file,
    Questions: `${comparison.blocks.used} complete (${comparison.blocks.excluded.length} excluded)`,
    Systems: comparison.omnibus.systems,
    'Friedman χ²': comparison.omnibus.statistic.toFixed(2),
    df: comparison.omnibus.df,
    p: formatPValue(comparison.omnibus.pValue),
    "Kendall's W": comparison.omnibus.kendallW.toFixed(3),
    "Cochran's Q (correct)": comparison.binary.cochranQ ? comparison.binary.cochranQ.statistic.toFixed(2) : '–',
    'p (Q)': formatPValue(comparison.binary.cochranQ?.pValue ?? null),
    Reference: comparison.reference,
  }));
}
