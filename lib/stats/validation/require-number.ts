import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that `value` is a number and not NaN (infinities allowed, as distribution functions accept them);
 * throws {@link InvalidArgumentError} naming `argument` otherwise.
 *
 * @example
 * requireNumber(-Infinity, 'x'); // -Infinity
 */
export function requireNumber(value: number, argument: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidArgumentError(argument, `must be a number, got ${String(value)}`);
  }
  return value;
}
