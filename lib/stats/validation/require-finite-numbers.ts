import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Checks that `values` is an array of finite numbers with at least `minimumLength` items and returns it as a
 * plain `number[]` copy. Throws {@link InvalidArgumentError} naming `argument` otherwise.
 *
 * @example
 * const x = requireFiniteNumbers([1, 2, 3], 'x', 2); // [1, 2, 3]
 */
export function requireFiniteNumbers(values: readonly number[], argument: string, minimumLength = 1): number[] {
  if (!Array.isArray(values)) throw new InvalidArgumentError(argument, 'must be an array of numbers');
  if (values.length < minimumLength) {
    throw new InvalidArgumentError(
      argument,
      values.length === 0 ? 'must not be empty' : `needs at least ${minimumLength} values, got ${values.length}`,
    );
  }
  const copy: number[] = new Array<number>(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(argument, `item ${index} must be a finite number, got ${String(value)}`);
    }
    copy[index] = value;
  }
  return copy;
}
