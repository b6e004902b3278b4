import { describe, expect, it } from 'vitest';
import { requireBinaryOutcomes } from '../../../lib/stats/validation/require-binary-outcomes.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireBinaryOutcomes', () => {
  it('maps booleans and 0/1 to 0/1', () => {
    expect(requireBinaryOutcomes([true, false, 1, 0], 'a')).toEqual([1, 0, 1, 0]);
  });

  it('rejects empty arrays and anything but 0, 1, true, false', () => {
    expectInvalidArgument(() => requireBinaryOutcomes([], 'a'), 'a');
    expectInvalidArgument(() => requireBinaryOutcomes([1, 2], 'a'), 'a');
    expectInvalidArgument(() => requireBinaryOutcomes([0.5], 'b'), 'b');
    expectInvalidArgument(() => requireBinaryOutcomes([Number.NaN], 'b'), 'b');
  });
});
