import { describe, expect, it } from 'vitest';
import { requireSuccessesAndTrials } from '../../../lib/stats/validation/require-successes-and-trials.js';
import { expectInvalidArgument } from '../expect-close.js';

describe('requireSuccessesAndTrials', () => {
  it('accepts 0 <= successes <= trials with trials >= 1', () => {
    expect(() => requireSuccessesAndTrials(0, 1)).not.toThrow();
    expect(() => requireSuccessesAndTrials(7, 7)).not.toThrow();
  });

  it('names the offending argument', () => {
    expectInvalidArgument(() => requireSuccessesAndTrials(1, 0), 'trials');
    expectInvalidArgument(() => requireSuccessesAndTrials(3, 2.5), 'trials');
    expectInvalidArgument(() => requireSuccessesAndTrials(-1, 5), 'successes');
    expectInvalidArgument(() => requireSuccessesAndTrials(1.5, 5), 'successes');
    expectInvalidArgument(() => requireSuccessesAndTrials(6, 5), 'successes');
  });
});
