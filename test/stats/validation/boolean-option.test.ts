import { describe, expect, it } from 'vitest';
import { booleanOption } from '../../../lib/stats/validation/boolean-option.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('booleanOption', () => {
  it('defaults undefined, passes booleans and rejects anything else', () => {
    expect(booleanOption(undefined, 'options.exact', true)).toBe(true);
    expect(booleanOption(false, 'options.exact', true)).toBe(false);
    expectInvalidArgument(() => booleanOption('yes', 'options.continuity', true), 'options.continuity');
    expectInvalidArgument(() => booleanOption(1, 'options.continuity', true), 'options.continuity');
  });
});
