import { describe, expect, it } from 'vitest';
import { exactOption } from '../../../lib/stats/validation/exact-option.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('exactOption', () => {
  it("reads 'auto', true and false, defaulting to 'auto'", () => {
    expect(exactOption(undefined)).toBe('auto');
    expect(exactOption('auto')).toBe('auto');
    expect(exactOption(true)).toBe(true);
    expect(exactOption(false)).toBe(false);
    expectInvalidArgument(() => exactOption('exact'), 'options.exact');
  });
});
