import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that `values` is a non-empty array of binary outcomes (0/1 or booleans) and returns them as 0/1
 * numbers. Throws {@link InvalidArgumentError} naming `argument` otherwise.
 *
 * @example
 * requireBinaryOutcomes([true, false, 1, 0], 'a'); // [1, 0, 1, 0]
 */
export function requireBinaryOutcomes(values: readonly (number | boolean)[], argument: string): (0 | 1)[] {
  if (!Array.isArray(values)) throw new InvalidArgumentError(argument, 'must be an array of 0/1 or booleans');
  if (values.length === 0) throw new InvalidArgumentError(argument, 'must not be empty');
  return values.map((value, index) => {
    if (value === true || value === 1) return 1;
    if (value === false || value === 0) return 0;
    throw new InvalidArgumentError(argument, `item ${index} must be 0, 1, true or false, got ${String(value)}`);
  });
}
