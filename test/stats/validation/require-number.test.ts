import { describe, expect, it } from 'vitest';
import { requireNumber } from '../../../lib/stats/validation/require-number.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireNumber', () => {
  it('accepts numbers including infinities and rejects NaN and non-numbers', () => {
    expect(requireNumber(-Infinity, 'x')).toBe(-Infinity);
    expect(requireNumber(2, 'x')).toBe(2);
    expectInvalidArgument(() => requireNumber(Number.NaN, 'x'), 'x');
    expectInvalidArgument(() => requireNumber('2' as unknown as number, 't'), 't');
  });
});
