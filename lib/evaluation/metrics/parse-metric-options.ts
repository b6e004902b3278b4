import type { z } from 'zod';
import { InvalidArgumentError } from '../../core/errors.js';
import { formatIssuePath } from '../../core/validate.js';

/**
 * Parses the options object of a metric function with its zod schema; on failure throws an
 * {@link InvalidArgumentError} for `argument` naming the offending field (`options.smoothValue: ...`).
 */
export function parseMetricOptions<Schema extends z.ZodType>(schema: Schema, value: unknown, argument = 'options'): z.infer<Schema> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? formatIssuePath(issue.path) : '';
  throw new InvalidArgumentError(argument, `${field ? `field "${field}": ` : ''}${issue?.message ?? 'invalid value'}`, {
    field,
    issues: parsed.error.issues.map((each) => ({ field: formatIssuePath(each.path), message: each.message })),
  });
}
