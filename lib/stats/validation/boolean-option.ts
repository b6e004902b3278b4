import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Reads an optional boolean option: `undefined` gives `defaultValue`, a boolean is returned as it is, anything
 * else throws {@link InvalidArgumentError} naming `argument` (e.g. `"options.continuity"`).
 *
 * @example
 * booleanOption(undefined, 'options.exact', true); // true
 */
export function booleanOption(value: unknown, argument: string, defaultValue: boolean): boolean {
  if (value === undefined) return defaultValue;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, `must be true or false, got ${String(value)}`);
  return value;
}
