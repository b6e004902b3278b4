import { describe, expect, it } from 'vitest';
import { requirePositiveNumber } from '../../../lib/stats/validation/require-positive-number.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requirePositiveNumber', () => {
  it('accepts positive numbers, infinity only when allowed', () => {
    expect(requirePositiveNumber(2.5, 'df')).toBe(2.5);
    expect(requirePositiveNumber(Infinity, 'df', true)).toBe(Infinity);
    expectInvalidArgument(() => requirePositiveNumber(Infinity, 'df'), 'df');
    expectInvalidArgument(() => requirePositiveNumber(0, 'a'), 'a');
    expectInvalidArgument(() => requirePositiveNumber(-1, 'a'), 'a');
    expectInvalidArgument(() => requirePositiveNumber(Number.NaN, 'b'), 'b');
  });
});
