import { describe, it } from 'vitest';
import { continuedFraction } from '../../../lib/stats/distributions/continued-fraction.js';
import { expectClose } from '../expect-close.js';

describe('continuedFraction', () => {
  it('evaluates classical continued fractions to full precision', () => {
    // 1/(1 + 1/(1 + …)) = (√5 − 1)/2, the golden ratio conjugate.
    expectClose(continuedFraction(() => 1, () => 1), (Math.sqrt(5) - 1) / 2, 1e-15);
    // √2 − 1 = 1/(2 + 1/(2 + …)).
    expectClose(continuedFraction(() => 1, () => 2), Math.SQRT2 - 1, 1e-15);
    // Lambert: tan(1) = 1/(1 − 1/(3 − 1/(5 − …))).
    expectClose(continuedFraction((j) => (j === 1 ? 1 : -1), (j) => 2 * j - 1), Math.tan(1), 1e-15);
  });
});
