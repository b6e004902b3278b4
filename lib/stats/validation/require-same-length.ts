import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that two paired samples have the same length; throws {@link InvalidArgumentError} naming the second
 * argument otherwise.
 *
 * @example
 * requireSameLength([1, 2], 'x', [3, 4], 'y'); // passes
 */
export function requireSameLength(
  first: readonly unknown[],
  firstArgument: string,
  second: readonly unknown[],
  secondArgument: string,
): void {
  if (first.length !== second.length) {
    throw new InvalidArgumentError(
      secondArgument,
      `must have the same length as "${firstArgument}" (paired samples): ${second.length} vs ${first.length}`,
    );
  }
}
