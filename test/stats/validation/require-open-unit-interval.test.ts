import { describe, expect, it } from 'vitest';
import { requireOpenUnitInterval } from '../../../lib/stats/validation/require-open-unit-interval.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireOpenUnitInterval', () => {
  it('accepts values strictly between 0 and 1 only', () => {
    expect(requireOpenUnitInterval(0.95, 'level')).toBe(0.95);
    expectInvalidArgument(() => requireOpenUnitInterval(0, 'level'), 'level');
    expectInvalidArgument(() => requireOpenUnitInterval(1, 'level'), 'level');
    expectInvalidArgument(() => requireOpenUnitInterval(95, 'level'), 'level');
    expectInvalidArgument(() => requireOpenUnitInterval(Number.NaN, 'p'), 'p');
  });
});
