/**
 * Result tables: rows of plain values with optional column descriptions. The same table exports to CSV (for
 * analysis), Markdown (for READMEs and notebooks) and LaTeX booktabs (for papers), and becomes a danfojs
 * DataFrame in notebooks.
 */
import { InvalidArgumentError } from '../core/errors.js';

export type Cell = string | number | boolean | null | undefined;
export type TableRow = Record<string, Cell>;

export interface TableColumn {
  /** The row key. */
  key: string;
  /** Header text (default: the key). */
  label?: string;
  /** Decimal places for numbers in Markdown/LaTeX (CSV always keeps full precision). */
  digits?: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableOptions {
  /** Columns in order; default: the keys of the rows, in first-seen order. */
  columns?: Array<string | TableColumn>;
}

/** The table's columns, resolved from the options or the rows. */
export function resolveColumns(rows: readonly TableRow[], options: TableOptions = {}): TableColumn[] {
  if (options.columns) {
    return options.columns.map((column) => (typeof column === 'string' ? { key: column } : column));
  }
  const keys: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
  return keys.map((key) => ({ key }));
}

/** Formats a cell for human-readable tables (Markdown, LaTeX, HTML). */
export function formatCell(value: Cell, column: TableColumn): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (column.digits !== undefined) return value.toFixed(column.digits);
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  }
  return String(value);
}

function defaultAlign(rows: readonly TableRow[], column: TableColumn): 'left' | 'right' | 'center' {
  if (column.align) return column.align;
  return rows.length > 0 && rows.every((row) => typeof row[column.key] === 'number' || row[column.key] == null) ? 'right' : 'left';
}

/** Checks that `rows` is an array of plain objects (one per table row); otherwise an InvalidArgumentError naming `rows`. */
export function assertRows(rows: unknown): asserts rows is TableRow[] {
  if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', 'must be an array of objects');
  rows.forEach((row, index) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new InvalidArgumentError('rows', `row ${index} is not an object`);
    }
  });
}

/**
 * CSV as RFC 4180 describes it: comma separator, CRLF-free LF line ends, fields quoted when they contain a
 * comma, quote or line break, quotes doubled. Numbers keep full precision; null/undefined are empty.
 */
export function toCsv(rows: readonly TableRow[], options: TableOptions = {}): string {
  assertRows(rows);
  const columns = resolveColumns(rows, options);
  const escape = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [columns.map((column) => escape(column.key)).join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((column) => {
          const value = row[column.key];
          return value === null || value === undefined ? '' : escape(String(value));
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A GitHub-flavoured Markdown pipe table. */
export function toMarkdownTable(rows: readonly TableRow[], options: TableOptions = {}): string {
  assertRows(rows);
  const columns = resolveColumns(rows, options);
  const escape = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const header = `| ${columns.map((column) => escape(column.label ?? column.key)).join(' | ')} |`;
  const rule = `| ${columns
    .map((column) => {
      const align = defaultAlign(rows, column);
      return align === 'right' ? '---:' : align === 'center' ? ':---:' : '---';
    })
    .join(' | ')} |`;
  const body = rows.map((row) => `| ${columns.map((column) => escape(formatCell(row[column.key], column))).join(' | ')} |`);
  return `${[header, rule, ...body].join('\n')}\n`;
}

/** Escapes LaTeX special characters in text. */
export function escapeLatex(text: string): string {
  return text.replace(/[\\{}$&#^_%~]/g, (character) => {
    switch (character) {
      case '\\':
        return '\\textbackslash{}';
      case '~':
        return '\\textasciitilde{}';
      case '^':
        return '\\textasciicircum{}';
      default:
        return `\\${character}`;
    }
  });
}

/**
 * A LaTeX table in booktabs style (`\toprule`, `\midrule`, `\bottomrule`; needs `\usepackage{booktabs}`), in a
 * `table` float when a caption or label is given.
 */
export function toLatexTable(rows: readonly TableRow[], options: TableOptions & { caption?: string; label?: string } = {}): string {
  assertRows(rows);
  const columns = resolveColumns(rows, options);
  const spec = columns.map((column) => defaultAlign(rows, column)[0]).join('');
  const lines = [
    `\\begin{tabular}{${spec}}`,
    '\\toprule',
    `${columns.map((column) => escapeLatex(column.label ?? column.key)).join(' & ')} \\\\`,
    '\\midrule',
    ...rows.map((row) => `${columns.map((column) => escapeLatex(formatCell(row[column.key], column))).join(' & ')} \\\\`),
    '\\bottomrule',
    '\\end{tabular}',
  ];
  if (options.caption === undefined && options.label === undefined) return `${lines.join('\n')}\n`;
  return `${[
    '\\begin{table}[ht]',
    '\\centering',
    ...(options.caption !== undefined ? [`\\caption{${escapeLatex(options.caption)}}`] : []),
    ...(options.label !== undefined ? [`\\label{${options.label}}`] : []),
    ...lines,
    '\\end{table}',
  ].join('\n')}\n`;
}

/** An HTML table (for notebooks and reports), cells escaped. */
export function toHtmlTable(rows: readonly TableRow[], options: TableOptions & { caption?: string } = {}): string {
  assertRows(rows);
  const columns = resolveColumns(rows, options);
  const escape = (text: string): string =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const cellStyle = (column: TableColumn): string => ` style="text-align:${defaultAlign(rows, column)}"`;
  return [
    '<table class="ecg-llm-table">',
    ...(options.caption ? [`<caption>${escape(options.caption)}</caption>`] : []),
    `<thead><tr>${columns.map((column) => `<th${cellStyle(column)}>${escape(column.label ?? column.key)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((row) => `<tr>${columns.map((column) => `<td${cellStyle(column)}>${escape(formatCell(row[column.key], column))}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}
