import { describe, expect, it } from 'vitest';
import { requireCount } from '../../../lib/stats/validation/require-count.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireCount', () => {
  it('accepts non-negative integers at or above the minimum', () => {
    expect(requireCount(0, 'k')).toBe(0);
    expect(requireCount(12, 'trials', 1)).toBe(12);
  });

  it('rejects negative, fractional, non-finite and too small values', () => {
    expectInvalidArgument(() => requireCount(-1, 'k'), 'k');
    expectInvalidArgument(() => requireCount(2.5, 'k'), 'k');
    expectInvalidArgument(() => requireCount(Infinity, 'k'), 'k');
    expectInvalidArgument(() => requireCount(Number.NaN, 'k'), 'k');
    expectInvalidArgument(() => requireCount(0, 'trials', 1), 'trials');
  });
});
