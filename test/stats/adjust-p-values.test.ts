import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../../lib/stats/adjust-p-values.js';
import { expectAllClose, expectInvalidArgument } from './expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "multiplicity":
// statsmodels.stats.multitest.multipletests(p, method)[1].
const P_VALUES = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.5, 0.0001, 0.9, 0.012];

describe('adjustPValues', () => {
  it("Holm's step-down adjustment, with ties and the cap at 1", () => {
    // [adjust.holm] multipletests(P_VALUES, method='holm')[1]
    expectAllClose(adjustPValues(P_VALUES, 'holm'), [0.08, 0.2, 0.18, 0.045, 0.6000000000000001, 0.2, 1, 0.001, 1, 0.084]);
    // [adjust.holm.cap] multipletests([0.3, 0.6, 0.2], method='holm')[1]
    expectAllClose(adjustPValues([0.3, 0.6, 0.2], 'holm'), [0.6000000000000001, 0.6000000000000001, 0.6000000000000001]);
  });

  it('Benjamini-Hochberg step-up adjustment', () => {
    // [adjust.fdr_bh] multipletests(P_VALUES, method='fdr_bh')[1]
    expectAllClose(adjustPValues(P_VALUES, 'bh'), [
      0.03, 0.05714285714285715, 0.05714285714285715, 0.024999999999999998, 0.25, 0.05714285714285715,
      0.5555555555555556, 0.001, 0.9, 0.03,
    ]);
    // [adjust.fdr_bh.single] -> [0.04]: one p-value is left as it is
    expect(adjustPValues([0.04], 'bh')).toEqual([0.04]);
  });

  it('rejects empty input, p-values outside [0, 1] and unknown methods', () => {
    expectInvalidArgument(() => adjustPValues([], 'holm'), 'pValues');
    expectInvalidArgument(() => adjustPValues([0.1, 1.2], 'holm'), 'pValues');
    expectInvalidArgument(() => adjustPValues([0.1, -0.2], 'bh'), 'pValues');
    expectInvalidArgument(() => adjustPValues([0.1, Number.NaN], 'bh'), 'pValues');
    expectInvalidArgument(() => adjustPValues([0.1], 'bonferroni' as unknown as 'holm'), 'method');
  });
});
