/**
 * A strict RFC 4180 CSV reader (writing CSV is `toCsv` in lib/report).
 *
 * It follows RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields are separated by commas and
 * records by CRLF or LF; a field that starts with `"` is quoted and may then contain commas, line breaks and
 * doubled quotes (`""` stands for one `"`). A UTF-8 byte-order mark at the very start is dropped. Completely
 * empty lines (no characters at all) are skipped, as Python's `csv` module and pandas do; they still count
 * for line numbers.
 *
 * Malformed input is never repaired: an unterminated quoted field, a quote inside an unquoted field, text
 * after a closing quote, and a record whose number of fields differs from the header's are each an
 * {@link InputFileError} naming the file, the (physical, 1-based) line and column.
 */
import { readTextFile } from '../core/jsonl.js';
import { InputFileError, NotFoundError } from '../core/errors.js';

/** One record of a CSV file with the physical line it starts on. */
export interface CsvRecord {
  /** 1-based physical line on which the record starts (the header is line 1 when the file has no BOM-only line). */
  line: number;
  /** The fields, unmodified (no trimming). */
  fields: string[];
}

/** A parsed CSV file: the header record and the data records. */
export interface CsvTable {
  file: string;
  header: CsvRecord;
  records: CsvRecord[];
}

export interface ParseCsvOptions {
  /** The file name used in error messages. */
  file: string;
  /**
   * The number of fields every record must have. Default: the number of fields of the first record
   * (the header).
   */
  fieldCount?: number;
}

const QUOTE = '"';
const COMMA = ',';

/**
 * Parses CSV text into records, strictly (see the module documentation). The first record is the header.
 *
 * @throws {InputFileError} for an unterminated quote, a stray quote, text after a closing quote, a wrong
 *   number of fields, or a file without any record. The location names the file, the line and the column
 *   (a character column for quoting problems; the 1-based field number for a wrong field count).
 * @example
 * const table = parseCsv('a,b\n1,"x, ""y"""\n', { file: 'example.csv' });
 * // table.header.fields = ['a', 'b']; table.records[0] = { line: 2, fields: ['1', 'x, "y"'] }
 */
export function parseCsv(text: string, options: ParseCsvOptions): CsvTable {
  const { file } = options;
  const records: CsvRecord[] = [];
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = position;
  const length = text.length;

  const column = (index: number): number => index - lineStart + 1;

  while (position < length) {
    // An empty line: skip it, keep counting lines.
    if (text[position] === '\n' || (text[position] === '\r' && text[position + 1] === '\n')) {
      position += text[position] === '\r' ? 2 : 1;
      line++;
      lineStart = position;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value = '';
      if (text[position] === QUOTE) {
        const openLine = line;
        const openColumn = column(position);
        position++;
        for (;;) {
          if (position >= length) {
            throw new InputFileError(
              { file, line: openLine, column: openColumn },
              `unterminated quoted field: the quote opened here is never closed (end of file reached at line ${line})`,
              { kind: 'unterminated-quote' },
            );
          }
          const character = text[position] as string;
          if (character === QUOTE) {
            if (text[position + 1] === QUOTE) {
              value += QUOTE;
              position += 2;
              continue;
            }
            position++;
            break;
          }
          if (character === '\n') {
            value += character;
            position++;
            line++;
            lineStart = position;
            continue;
          }
          value += character;
          position++;
        }
        const next = text[position];
        if (next !== undefined && next !== COMMA && next !== '\n' && !(next === '\r' && text[position + 1] === '\n')) {
          throw new InputFileError(
            { file, line, column: column(position) },
            `unexpected ${JSON.stringify(next)} after the closing quote of a quoted field (a quote inside a quoted field must be doubled: "")`,
            { kind: 'text-after-closing-quote' },
          );
        }
      } else {
        const start = position;
        while (position < length) {
          const character = text[position] as string;
          if (character === COMMA || character === '\n' || (character === '\r' && text[position + 1] === '\n')) break;
          if (character === QUOTE) {
            throw new InputFileError(
              { file, line, column: column(position) },
              'stray quote inside an unquoted field (a field containing quotes must be enclosed in quotes, with inner quotes doubled)',
              { kind: 'stray-quote' },
            );
          }
          position++;
        }
        value = text.slice(start, position);
      }
      fields.push(value);
      const separator = text[position];
      if (separator === COMMA) {
        position++;
      } else {
        endOfRecord = true;
        if (separator === '\r') position += 2;
        else if (separator === '\n') position += 1;
        if (separator !== undefined) {
          line++;
          lineStart = position;
        }
      }
    }
    records.push({ line: recordLine, fields });
  }

  const [header, ...data] = records;
  if (!header) throw new InputFileError({ file }, 'the file is empty: expected a header line', { kind: 'empty-file' });
  const expected = options.fieldCount ?? header.fields.length;
  for (const record of records) {
    if (record.fields.length !== expected) {
      const problem =
        record.fields.length < expected
          ? `field ${record.fields.length + 1} is missing`
          : `field ${expected + 1} is one too many`;
      throw new InputFileError(
        { file, line: record.line, column: Math.min(record.fields.length, expected) + 1 },
        `wrong number of fields: expected ${expected}, found ${record.fields.length} (${problem})`,
        { kind: 'field-count', expected, found: record.fields.length },
      );
    }
  }
  return { file, header, records: data };
}

/** Reads and parses a CSV file (UTF-8). A missing file is a {@link NotFoundError}. */
export async function readCsv(path: string, options: Omit<ParseCsvOptions, 'file'> & { file?: string } = {}): Promise<CsvTable> {
  return parseCsv(await readTextFile(path), { ...options, file: options.file ?? path });
}
