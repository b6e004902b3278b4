import { describe, expect, it } from 'vitest';
import { requireFiniteNumbers } from '../../../lib/stats/validation/require-finite-numbers.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireFiniteNumbers', () => {
  it('returns a copy of a valid array', () => {
    const input = [1, -2.5, 0];
    const output = requireFiniteNumbers(input, 'x');
    expect(output).toEqual(input);
    expect(output).not.toBe(input);
  });

  it('rejects empty, too short, non-array and non-finite input, naming the argument', () => {
    expectInvalidArgument(() => requireFiniteNumbers([], 'x'), 'x');
    expectInvalidArgument(() => requireFiniteNumbers([1], 'y', 2), 'y');
    expectInvalidArgument(() => requireFiniteNumbers('12' as unknown as number[], 'x'), 'x');
    expectInvalidArgument(() => requireFiniteNumbers([1, Number.NaN], 'x'), 'x');
    expectInvalidArgument(() => requireFiniteNumbers([1, -Infinity], 'x'), 'x');
    expectInvalidArgument(() => requireFiniteNumbers([1, '2' as unknown as number], 'x'), 'x');
  });
});
