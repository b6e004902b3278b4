import { describe, expect, it } from 'vitest';
import { requireMatrix } from '../../../lib/stats/validation/require-matrix.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireMatrix', () => {
  it('returns a copy of a rectangular matrix', () => {
    expect(requireMatrix([[1, 2], [3, 4]], 'table', { minimumRows: 2, minimumColumns: 2, counts: true })).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('rejects too few rows or columns, ragged rows, non-finite cells and non-count cells', () => {
    expectInvalidArgument(() => requireMatrix([[1, 2]], 'table', { minimumRows: 2 }), 'table');
    expectInvalidArgument(() => requireMatrix([[1], [2]], 'table', { minimumColumns: 2 }), 'table');
    expectInvalidArgument(() => requireMatrix([[1, 2], [3]], 'table'), 'table');
    expectInvalidArgument(() => requireMatrix([[1, Number.NaN]], 'table'), 'table');
    expectInvalidArgument(() => requireMatrix([[1, -2]], 'table', { counts: true }), 'table');
    expectInvalidArgument(() => requireMatrix([[1, 2.5]], 'table', { counts: true }), 'table');
    expectInvalidArgument(() => requireMatrix([] as number[][], 'data'), 'data');
  });
});
