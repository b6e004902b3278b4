/**
 * Reading JSON Lines files with validation. Every line is parsed and checked against a zod schema; the first
 * bad line stops the read with an error naming the file, the line and the field.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { fileAccessError, InputFileError } from './errors.js';
import { parseWithSchema } from './validate.js';
import { decodeUtf8 } from './decode-utf8.js';

/**
 * The JSON value of each non-blank line of JSON Lines text, with its 1-based line number, in order (a trailing
 * `\r` is ignored). Lazy: a line that is not JSON throws an {@link InputFileError} naming `file` and the line
 * when it is reached, so a caller that checks each value stops at the first bad line, whatever is wrong with it.
 */
export function* jsonLines(text: string, file: string): Generator<{ value: unknown; line: number }> {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = (lines[index] as string).replace(/\r$/, '');
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new InputFileError({ file, line: index + 1 }, `not valid JSON: ${(error as Error).message}`);
    }
    yield { value, line: index + 1 };
  }
}

/** Parses JSON Lines text (blank lines are skipped). `file` is used in error messages. */
export function parseJsonl<Schema extends z.ZodType>(text: string, schema: Schema, file: string): Array<z.infer<Schema>> {
  const records: Array<z.infer<Schema>> = [];
  for (const { value, line } of jsonLines(text, file)) records.push(parseWithSchema(schema, value, { file, line }));
  return records;
}

/**
 * Reads a UTF-8 text file; a file in another encoding (UTF-16, binary) is an {@link InputFileError} saying so,
 * without its bytes ({@link decodeUtf8}). A missing file is a {@link NotFoundError} naming it; a folder in its place or an
 * unreadable file is an {@link InputFileError} naming it (see {@link fileAccessError}).
 */
export async function readTextFile(path: string, kind = 'file'): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileAccessError(path, error, kind);
  }
  return decodeUtf8(bytes, path);
}

/** Reads and validates a JSON Lines file. */
export async function readJsonl<Schema extends z.ZodType>(path: string, schema: Schema): Promise<Array<z.infer<Schema>>> {
  return parseJsonl(await readTextFile(path), schema, path);
}

/** Reads and validates a JSON file. */
export async function readJson<Schema extends z.ZodType>(path: string, schema: Schema): Promise<z.infer<Schema>> {
  const text = await readTextFile(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputFileError({ file: path }, `not valid JSON: ${(error as Error).message}`);
  }
  return parseWithSchema(schema, value, { file: path });
}
