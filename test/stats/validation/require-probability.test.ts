import { describe, expect, it } from 'vitest';
import { requireProbability } from '../../../lib/stats/validation/require-probability.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireProbability', () => {
  it('accepts the closed interval [0, 1] only', () => {
    expect(requireProbability(0, 'p')).toBe(0);
    expect(requireProbability(1, 'p')).toBe(1);
    expectInvalidArgument(() => requireProbability(-1e-9, 'p'), 'p');
    expectInvalidArgument(() => requireProbability(1.5, 'p'), 'p');
    expectInvalidArgument(() => requireProbability(Number.NaN, 'p'), 'p');
  });
});
