import { describe, expect, it } from 'vitest';
import { confidenceLevelOption } from '../../../lib/stats/validation/confidence-level-option.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('confidenceLevelOption', () => {
  it('defaults to 0.95 and accepts levels strictly inside (0, 1)', () => {
    expect(confidenceLevelOption(undefined, 'level')).toBe(0.95);
    expect(confidenceLevelOption(0.9, 'level')).toBe(0.9);
    expectInvalidArgument(() => confidenceLevelOption(1, 'options.level'), 'options.level');
    expectInvalidArgument(() => confidenceLevelOption(0, 'level'), 'level');
    expectInvalidArgument(() => confidenceLevelOption(-0.5, 'level'), 'level');
  });
});
