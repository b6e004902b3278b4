import { describe, it } from 'vitest';
import { krippendorffAlpha } from '../../lib/stats/krippendorff-alpha.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Reference: the worked examples of K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
// which publish alpha to three decimals (section E, 4 observers x 12 units with missing values: nominal 0.743,
// ordinal 0.815, interval 0.849, ratio 0.797; section A, binary, 2 observers x 10 units: 0.095). R's irr is not
// packaged for Debian, so test/reference/stats_reference_values.py (section "agreement") recomputes the same
// examples in exact rational arithmetic from the paper's formulas and asserts that they round to the published
// values; the full-precision rationals below come from there ([kripp.*]).
const C_DATA = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

describe('krippendorffAlpha', () => {
  it("reproduces Krippendorff's (2011) worked example for every metric", () => {
    expectClose(krippendorffAlpha(C_DATA, { metric: 'nominal' }), 113 / 152, 1e-14); // 0.743
    expectClose(krippendorffAlpha(C_DATA, { metric: 'ordinal' }), 108577 / 133160, 1e-14); // 0.815
    expectClose(krippendorffAlpha(C_DATA), 108577 / 133160, 1e-14); // ordinal is the default
    expectClose(krippendorffAlpha(C_DATA, { metric: 'interval' }), 951 / 1120, 1e-14); // 0.849
    expectClose(krippendorffAlpha(C_DATA, { metric: 'ratio' }), 18222619 / 22852465, 1e-14); // 0.797
  });

  it('reproduces the binary two-observer example and accepts NaN / undefined as missing', () => {
    const binary = [
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ];
    expectClose(krippendorffAlpha(binary, { metric: 'nominal' }), 2 / 21, 1e-14); // [kripp.A.nominal] 0.095
    const withMissing = C_DATA.map((row) => row.map((value) => (value === null ? Number.NaN : value)));
    expectClose(krippendorffAlpha(withMissing, { metric: 'interval' }), 951 / 1120, 1e-14);
    const withUndefined = C_DATA.map((row) => row.map((value) => value ?? undefined));
    expectClose(krippendorffAlpha(withUndefined, { metric: 'nominal' }), 113 / 152, 1e-14);
  });

  it('rejects bad matrices and undefined alpha', () => {
    expectInvalidArgument(() => krippendorffAlpha([[1, 2, 3]]), 'ratings');
    expectInvalidArgument(() => krippendorffAlpha([[1, 2], [1]]), 'ratings');
    expectInvalidArgument(() => krippendorffAlpha([[], []]), 'ratings');
    expectInvalidArgument(() => krippendorffAlpha([[1, Infinity], [1, 2]]), 'ratings');
    expectInvalidArgument(() => krippendorffAlpha([[1, null], [null, 2]]), 'ratings'); // nothing pairable
    expectInvalidArgument(() => krippendorffAlpha([[3, 3], [3, 3]]), 'ratings'); // no variation
    expectInvalidArgument(() => krippendorffAlpha([[-1, 2], [1, 2]], { metric: 'ratio' }), 'ratings');
    expectInvalidArgument(() => krippendorffAlpha([[1, 2], [1, 2]], { metric: 'circular' as unknown as 'ratio' }), 'options.metric');
  });
});
