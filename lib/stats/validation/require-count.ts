import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that `value` is a non-negative safe integer (a count) that is at least `minimum`; throws
 * {@link InvalidArgumentError} naming `argument` otherwise.
 *
 * @example
 * requireCount(12, 'trials', 1); // 12
 */
export function requireCount(value: number, argument: string, minimum = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    throw new InvalidArgumentError(
      argument,
      `must be an integer count${minimum > 0 ? ` of at least ${minimum}` : ' (non-negative)'}, got ${String(value)}`,
    );
  }
  return value;
}
