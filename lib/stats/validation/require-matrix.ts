import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that `rows` is a rectangular matrix of finite numbers with at least `minimumRows` rows and
 * `minimumColumns` columns, and returns a `number[][]` copy. With `counts`, every cell must also be a
 * non-negative integer. Throws {@link InvalidArgumentError} naming `argument` (and the cell) otherwise.
 *
 * @example
 * requireMatrix([[1, 2], [3, 4]], 'table', { minimumRows: 2, minimumColumns: 2, counts: true });
 */
export function requireMatrix(
  rows: readonly (readonly number[])[],
  argument: string,
  options: { minimumRows?: number; minimumColumns?: number; counts?: boolean } = {},
): number[][] {
  const minimumRows = options.minimumRows ?? 1;
  const minimumColumns = options.minimumColumns ?? 1;
  if (!Array.isArray(rows) || rows.length < minimumRows) {
    throw new InvalidArgumentError(argument, `must be a matrix (array of rows) with at least ${minimumRows} rows`);
  }
  const width = Array.isArray(rows[0]) ? rows[0].length : -1;
  if (width < minimumColumns) {
    throw new InvalidArgumentError(argument, `must have at least ${minimumColumns} columns in every row`);
  }
  return rows.map((row, rowIndex) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new InvalidArgumentError(argument, `row ${rowIndex} must have ${width} cells like row 0 (ragged matrix)`);
    }
    return row.map((cell: unknown, columnIndex) => {
      if (typeof cell !== 'number' || !Number.isFinite(cell)) {
        throw new InvalidArgumentError(argument, `cell [${rowIndex}][${columnIndex}] must be a finite number, got ${String(cell)}`);
      }
      if (options.counts && (!Number.isSafeInteger(cell) || cell < 0)) {
        throw new InvalidArgumentError(argument, `cell [${rowIndex}][${columnIndex}] must be a non-negative integer count, got ${cell}`);
      }
      return cell;
    });
  });
}
