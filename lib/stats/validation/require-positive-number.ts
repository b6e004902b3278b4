import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that `value` is a number greater than 0 (a shape parameter, degrees of freedom), finite unless
 * `allowInfinity`; throws {@link InvalidArgumentError} naming `argument` otherwise.
 *
 * @example
 * requirePositiveNumber(2.5, 'df'); // 2.5
 */
export function requirePositiveNumber(value: number, argument: string, allowInfinity = false): number {
  if (typeof value !== 'number' || !(value > 0) || (value === Infinity && !allowInfinity)) {
    throw new InvalidArgumentError(
      argument,
      `must be a${allowInfinity ? '' : ' finite'} number > 0, got ${String(value)}`,
    );
  }
  return value;
}
