import { describe, expect, it } from 'vitest';
import { erfc } from '../../../lib/stats/distributions/erfc.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions": [erfc.x] scipy.special.erfc(x).
describe('erfc', () => {
  it('agrees with scipy.special.erfc on both signs and in the far tail', () => {
    expectClose(erfc(-3), 1.9999779095030015, 1e-14);
    expectClose(erfc(-0.5), 1.5204998778130465, 1e-14);
    expectClose(erfc(0.1), 0.8875370839817152, 1e-14);
    expectClose(erfc(1), 0.15729920705028516, 1e-13);
    expectClose(erfc(5), 1.5374597944280347e-12, 1e-13);
    // x² = 676 amplifies the rounding of x itself (relative 1e-16 · 2x² ≈ 1.5e-13) in both implementations.
    expectClose(erfc(26), 5.663192408856145e-296, 1e-12);
  });

  it('has the exact values at 0 and ±∞ and rejects NaN', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expectInvalidArgument(() => erfc(Number.NaN), 'x');
  });
});
