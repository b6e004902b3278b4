import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError, NotFoundError } from '../../lib/core/errors.js';
import { parseCsv, readCsv } from '../../lib/data/parse-csv.js';
import { humanEvaluationDataDirectory, pythonReference } from '../helpers/human-eval-data.js';

function errorOf(work: () => unknown): InputFileError {
  try {
    work();
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('expected an InputFileError');
}

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks (RFC 4180 §2.5–2.7)', () => {
    const table = parseCsv('a,b,c\n1,"x, y","say ""hi"""\n2,"two\nlines",\n', { file: 'example.csv' });
    expect(table.header).toEqual({ line: 1, fields: ['a', 'b', 'c'] });
    expect(table.records).toEqual([
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', ''] },
    ]);
  });

  it('accepts CRLF and LF, a missing final line break, and drops a UTF-8 byte-order mark', () => {
    const table = parseCsv('\uFEFFq,a\r\n1,2\r\n3,4', { file: 'crlf.csv' });
    expect(table.header.fields).toEqual(['q', 'a']);
    expect(table.records).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('keeps white space inside fields and treats an empty quoted field as empty', () => {
    const table = parseCsv('a,b,c\n x ,"",x \n', { file: 'spaces.csv' });
    expect(table.records[0]?.fields).toEqual([' x ', '', 'x ']);
  });

  it('skips completely empty lines but keeps counting lines', () => {
    const table = parseCsv('a,b\n\n1,2\n\n', { file: 'blank.csv' });
    expect(table.records).toEqual([{ line: 3, fields: ['1', '2'] }]);
  });

  it('counts the lines of a multi-line field for the records after it', () => {
    const table = parseCsv('a,b\n"1\n2\n3",x\ny,z\n', { file: 'multi.csv' });
    expect(table.records.map((record) => record.line)).toEqual([2, 5]);
  });

  it('rejects an unterminated quote at the line and column where it opened', () => {
    const error = errorOf(() => parseCsv('a,b\n1,"open\n2,3\n', { file: 'broken.csv' }));
    expect(error.location).toEqual({ file: 'broken.csv', line: 2, column: 3 });
    expect(error.message).toMatch(/^broken\.csv:2:3: unterminated quoted field/);
  });

  it('rejects a stray quote inside an unquoted field', () => {
    const error = errorOf(() => parseCsv('a,b\n1,ab"c\n', { file: 'stray.csv' }));
    expect(error.location).toEqual({ file: 'stray.csv', line: 2, column: 5 });
    expect(error.message).toContain('stray quote');
  });

  it('rejects text after a closing quote', () => {
    const error = errorOf(() => parseCsv('a,b\n"x"y,2\n', { file: 'after.csv' }));
    expect(error.location).toEqual({ file: 'after.csv', line: 2, column: 4 });
    expect(error.message).toContain('after the closing quote');
  });

  it('rejects a record with too few or too many fields, naming the field', () => {
    const missing = errorOf(() => parseCsv('a,b,c\n1,2,3\n4,5\n', { file: 'short.csv' }));
    expect(missing.location).toEqual({ file: 'short.csv', line: 3, column: 3 });
    expect(missing.message).toBe('short.csv:3:3: wrong number of fields: expected 3, found 2 (field 3 is missing)');
    const extra = errorOf(() => parseCsv('a,b\n1,2,3\n', { file: 'long.csv' }));
    expect(extra.location).toEqual({ file: 'long.csv', line: 2, column: 3 });
  });

  it('rejects an empty file', () => {
    expect(errorOf(() => parseCsv('', { file: 'empty.csv' })).message).toContain('the file is empty');
  });

  it('parses the real human-evaluation files exactly as Python\'s csv module does', async () => {
    // Expected digests: test/reference/human-eval-reference.py (csv.reader over the same files).
    const reference = pythonReference();
    for (const name of ['10_questions.csv', '40_questions.csv']) {
      const table = await readCsv(join(humanEvaluationDataDirectory(), name));
      const text = [table.header, ...table.records].map((record) => record.fields.join('\x1f')).join('\x1e');
      expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe(reference[name]?.csvDigest);
      expect(table.records.length).toBe(reference[name]?.rows);
    }
  });

  it('reports a missing file as NotFoundError', async () => {
    await expect(readCsv('/nonexistent/file.csv')).rejects.toBeInstanceOf(NotFoundError);
  });
});
