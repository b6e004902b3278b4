import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../lib/stats/distributions/normal-quantile.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [normalQuantile.p] scipy.special.ndtri(p) (Cephes).
describe('normalQuantile', () => {
  it('agrees with scipy.special.ndtri from 1e-300 to 1 − 1e-12', () => {
    expectClose(normalQuantile(1e-300), -37.0470962993612, 1e-14);
    expectClose(normalQuantile(1e-12), -7.034483825301131, 1e-14);
    expectClose(normalQuantile(0.025), -1.9599639845400545, 1e-14);
    expectClose(normalQuantile(0.3), -0.5244005127080409, 1e-14);
    expectClose(normalQuantile(0.6), 0.2533471031357997, 1e-14);
    expectClose(normalQuantile(0.975), 1.959963984540054, 1e-14);
    expectClose(normalQuantile(1 - 1e-12), 7.0344869100478356, 1e-14);
  });

  it('has the exact values at 0, ½ and 1 and rejects p outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1)).toBe(Infinity);
    expectInvalidArgument(() => normalQuantile(-0.1), 'p');
    expectInvalidArgument(() => normalQuantile(1.5), 'p');
    expectInvalidArgument(() => normalQuantile(Number.NaN), 'p');
  });
});
