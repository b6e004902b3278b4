import { describe, expect, it } from 'vitest';
import { requireSameLength } from '../../../lib/stats/validation/require-same-length.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireSameLength', () => {
  it('passes equal lengths and names the second argument otherwise', () => {
    expect(() => requireSameLength([1, 2], 'x', [3, 4], 'y')).not.toThrow();
    expectInvalidArgument(() => requireSameLength([1, 2], 'x', [3], 'y'), 'y');
  });
});
