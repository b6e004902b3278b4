/**
 * danfojs DataFrames for notebooks. Results tables are DataFrames there (filter, group, describe), and
 * convert back to rows for export. danfojs is re-exported as `dfd` because tslab's TypeScript cannot resolve
 * the `danfojs` package's types directly.
 *
 * danfojs-node (the Node build with TensorFlow bindings) cannot be installed without network access to a CDN,
 * so the pure-JavaScript `danfojs` build is used; it has the same DataFrame API.
 */
import * as danfo from 'danfojs';
import { InvalidArgumentError } from '../core/errors.js';
import type { TableRow } from './table.js';

export { danfo as dfd };

/** A DataFrame from rows (columns in first-seen key order). */
export function toDataFrame(rows: readonly TableRow[]): danfo.DataFrame {
  if (rows.length === 0) throw new InvalidArgumentError('rows', 'a DataFrame needs at least one row');
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const values = rows.map((row) => columns.map((column) => (row[column] === undefined ? null : row[column])));
  return new danfo.DataFrame(values as never, { columns });
}

/** The rows of a DataFrame, for export with toCsv/toMarkdownTable/toLatexTable. */
export function dataFrameRows(frame: danfo.DataFrame): TableRow[] {
  const columns = frame.columns as string[];
  return (frame.values as unknown[][]).map((values) =>
    Object.fromEntries(columns.map((column, index) => [column, values[index] as TableRow[string]])),
  );
}
