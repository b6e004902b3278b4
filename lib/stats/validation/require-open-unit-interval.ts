import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that `value` lies strictly between 0 and 1 (a confidence level, a null proportion); throws
 * {@link InvalidArgumentError} naming `argument` otherwise.
 *
 * @example
 * requireOpenUnitInterval(0.95, 'level'); // 0.95
 */
export function requireOpenUnitInterval(value: number, argument: string): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new InvalidArgumentError(argument, `must be a number strictly between 0 and 1, got ${String(value)}`);
  }
  return value;
}
