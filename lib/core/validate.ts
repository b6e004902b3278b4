/**
 * Validation of data read from disk against zod schemas, with errors that name the file, line and field.
 */
import type { z } from 'zod';
import { InputFileError, type InputLocation } from './errors.js';

/** Formats a zod issue path as a field name like `options[2].text`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}

/**
 * Parses `value` with `schema`; on failure throws an {@link InputFileError} at `location` naming the first
 * offending field and listing every issue in `details.issues`.
 */
export function parseWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  location: InputLocation,
): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ field: formatIssuePath(issue.path), message: issue.message }));
  const first = issues[0] ?? { field: '', message: 'invalid value' };
  const field = first.field || location.field;
  throw new InputFileError(
    { ...location, ...(field ? { field } : {}) },
    first.message + (issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : ''),
    { issues },
  );
}
