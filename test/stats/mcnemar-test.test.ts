import { describe, expect, it } from 'vitest';
import { mcnemarTest } from '../../lib/stats/mcnemar-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

/** Paired outcomes with the given 2×2 table [[n11, n10], [n01, n00]] (a = row, b = column). */
function pairs(table: [[number, number], [number, number]]): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  const push = (count: number, first: number, second: number): void => {
    for (let i = 0; i < count; i++) {
      a.push(first);
      b.push(second);
    }
  };
  push(table[0][0], 1, 1);
  push(table[0][1], 1, 0);
  push(table[1][0], 0, 1);
  push(table[1][1], 0, 0);
  return { a, b };
}

// Expected values: test/reference/stats_reference_values.py, section "mcnemar":
// statsmodels.stats.contingency_tables.mcnemar(table, exact, correction) with table = [[n11, n10], [n01, n00]].
describe('mcnemarTest', () => {
  const moderate = pairs([[30, 12], [4, 20]]);

  it('exact binomial variant (default)', () => {
    const result = mcnemarTest(moderate.a, moderate.b);
    // [mcnemar.a.exact=True.correction=True] -> statistic=4.0, pvalue=0.076812744140625
    expect(result.statistic).toBe(4);
    expectClose(result.pValue, 0.076812744140625);
    expect(result.onlyFirstPositive).toBe(12);
    expect(result.onlySecondPositive).toBe(4);
    expect(result.method).toMatch(/exact/);
    expect(result.df).toBeUndefined();
  });

  it('chi-square with and without continuity correction', () => {
    const corrected = mcnemarTest(moderate.a, moderate.b, { exact: false });
    // [mcnemar.a.exact=False.correction=True] -> statistic=3.0625, pvalue=0.08011831372763421
    expectClose(corrected.statistic, 3.0625);
    expectClose(corrected.pValue, 0.08011831372763421);
    expect(corrected.df).toBe(1);
    const uncorrected = mcnemarTest(moderate.a, moderate.b, { exact: false, continuity: false });
    // [mcnemar.a.exact=False.correction=False] -> statistic=4.0, pvalue=0.04550026389635857
    expectClose(uncorrected.statistic, 4);
    expectClose(uncorrected.pValue, 0.04550026389635857);
  });

  it('extreme p-values: 5.7e-14 exact, 5.4e-11 and 2.0e-11 by chi-square', () => {
    const extreme = pairs([[20, 0], [45, 35]]);
    // [mcnemar.extreme.exact=True.correction=True] -> statistic=0.0, pvalue=5.684341886080802e-14
    const exact = mcnemarTest(extreme.a, extreme.b);
    expect(exact.statistic).toBe(0);
    expectClose(exact.pValue, 5.684341886080802e-14);
    // [mcnemar.extreme.exact=False.correction=True] -> statistic=43.022222222222226, pvalue=5.412161288732598e-11
    const corrected = mcnemarTest(extreme.a, extreme.b, { exact: false });
    expectClose(corrected.statistic, 43.022222222222226);
    expectClose(corrected.pValue, 5.412161288732598e-11);
    // [mcnemar.extreme.exact=False.correction=False] -> statistic=45.0, pvalue=1.970344471179912e-11
    const uncorrected = mcnemarTest(extreme.a, extreme.b, { exact: false, continuity: false });
    expectClose(uncorrected.pValue, 1.970344471179912e-11);
  });

  it('caps the two-sided exact p-value at 1 and accepts booleans', () => {
    const equal = pairs([[10, 5], [5, 10]]);
    // [mcnemar.equal.exact=True.correction=True] -> statistic=5.0, pvalue=1.0 (2 · P(X <= 5) = 1.246 before capping)
    const result = mcnemarTest(equal.a.map(Boolean), equal.b.map(Boolean));
    expect(result.statistic).toBe(5);
    expect(result.pValue).toBe(1);
    // [mcnemar.small.exact=True.correction=True] -> statistic=1.0, pvalue=0.625
    const small = pairs([[2, 1], [3, 0]]);
    expectClose(mcnemarTest(small.a, small.b).pValue, 0.625);
  });

  it('does not overcorrect when the discordant counts are equal (deliberate deviation from statsmodels and R)', () => {
    const equal = pairs([[10, 5], [5, 10]]);
    // statsmodels gives statistic 0.1 ([mcnemar.equal.exact=False.correction=True]) by squaring |5 − 5| − 1 = −1;
    // Edwards' correction cannot make the statistic larger than the uncorrected one, which is 0
    // ([mcnemar.equal.exact=False.correction=False] -> statistic=0.0, pvalue=1.0).
    const corrected = mcnemarTest(equal.a, equal.b, { exact: false });
    expect(corrected.statistic).toBe(0);
    expect(corrected.pValue).toBe(1);
  });

  it('reports p = 1 when there are no discordant pairs', () => {
    const none = mcnemarTest([1, 0, 1], [1, 0, 1]);
    expect(none.statistic).toBe(0);
    expect(none.pValue).toBe(1);
    expect(mcnemarTest([1, 0], [1, 0], { exact: false }).pValue).toBe(1);
  });

  it('rejects bad input, naming the argument', () => {
    expectInvalidArgument(() => mcnemarTest([], []), 'a');
    expectInvalidArgument(() => mcnemarTest([1, 0], [1]), 'b');
    expectInvalidArgument(() => mcnemarTest([1, 2], [1, 0]), 'a');
    expectInvalidArgument(() => mcnemarTest([1, 0], [Number.NaN, 0]), 'b');
    expectInvalidArgument(() => mcnemarTest([1, 0], [1, 0], { exact: 'yes' as unknown as boolean }), 'options.exact');
  });
});
