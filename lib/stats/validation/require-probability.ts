import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that `value` is a probability in the closed interval [0, 1]; throws {@link InvalidArgumentError}
 * naming `argument` otherwise.
 *
 * @example
 * requireProbability(0.5, 'p'); // 0.5
 */
export function requireProbability(value: number, argument: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidArgumentError(argument, `must be a probability in [0, 1], got ${String(value)}`);
  }
  return value;
}
