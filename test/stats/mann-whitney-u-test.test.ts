import { describe, expect, it } from 'vitest';
import { mannWhitneyUTest } from '../../lib/stats/mann-whitney-u-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data sets and expected values: test/reference/stats_reference_values.py, section "mann_whitney":
// scipy.stats.mannwhitneyu(x, y, alternative='two-sided', ...), statistic = U₁; rank_biserial = 2U₁/(n₁n₂) − 1.
const SMALL_X = [19, 22, 16, 29, 24];
const SMALL_Y = [20, 11, 17, 12];
const TIES_X = [3, 4, 2, 5, 4, 3, 4, 5, 2, 4, 3, 5];
const TIES_Y = [2, 3, 1, 3, 2, 4, 2, 1, 3, 2, 2, 3, 1];
const MID_X = [1.21, 3.42, 2.05, 4.87, 2.93, 3.11, 5.62, 2.48, 4.05, 3.77, 1.96, 4.44];
const MID_Y = [0.95, 2.14, 1.73, 3.05, 2.61, 1.12, 2.88, 0.47, 3.36, 1.58, 2.27, 1.84];
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('mannWhitneyUTest', () => {
  it('small samples without ties: exact by default, asymptotic on request', () => {
    const exact = mannWhitneyUTest(SMALL_X, SMALL_Y);
    // [mwu.small.exact] method='exact' -> statistic=17.0, pvalue=0.1111111111111111, rank_biserial=0.7
    expect(exact.exact).toBe(true);
    expect(exact.statistic).toBe(17);
    expectClose(exact.pValue, 0.1111111111111111, 1e-14);
    expectClose(exact.effectSize.value, 0.7);
    // [mwu.small.asymptotic.cc] -> pvalue=0.11134688653314041
    expectClose(mannWhitneyUTest(SMALL_X, SMALL_Y, { exact: false }).pValue, 0.11134688653314041);
  });

  it('ties: tie-corrected normal approximation with and without continuity correction', () => {
    const corrected = mannWhitneyUTest(TIES_X, TIES_Y);
    // [mwu.ties.asymptotic.cc] -> statistic=130.0, pvalue=0.003978800475499992, rank_biserial=0.6666666666666667
    expect(corrected.exact).toBe(false);
    expect(corrected.statistic).toBe(130);
    expectClose(corrected.pValue, 0.003978800475499992);
    expectClose(corrected.effectSize.value, 0.6666666666666667);
    // [mwu.ties.asymptotic.nocc] -> pvalue=0.00363984298228461
    expectClose(mannWhitneyUTest(TIES_X, TIES_Y, { continuity: false }).pValue, 0.00363984298228461);
  });

  it('n = 12 each without ties: asymptotic by default (both > 8), exact on request', () => {
    // [mwu.mid.asymptotic.cc] -> statistic=116.0, pvalue=0.012022825407617439
    const asymptotic = mannWhitneyUTest(MID_X, MID_Y);
    expect(asymptotic.exact).toBe(false);
    expect(asymptotic.statistic).toBe(116);
    expectClose(asymptotic.pValue, 0.012022825407617439);
    // [mwu.mid.exact] -> pvalue=0.010044538850569273
    expectClose(mannWhitneyUTest(MID_X, MID_Y, { exact: true }).pValue, 0.010044538850569273);
  });

  it('extreme separation: p = 1.9e-23 exact and 1.4e-14 asymptotic', () => {
    // [mwu.extreme.exact] -> statistic=0.0, pvalue=1.8603403656036278e-23 (= 2 / C(80, 40))
    const exact = mannWhitneyUTest(range(1, 40), range(41, 80), { exact: true });
    expect(exact.statistic).toBe(0);
    expectClose(exact.pValue, 1.8603403656036278e-23, 1e-12);
    expect(exact.effectSize.value).toBe(-1);
    // [mwu.extreme.asymptotic.nocc] -> pvalue=1.3820849047603635e-14
    expectClose(mannWhitneyUTest(range(1, 40), range(41, 80), { continuity: false }).pValue, 1.3820849047603635e-14);
  });

  it('caps the two-sided p-value at 1 at the centre', () => {
    // [mwu.centre.exact] and [mwu.centre.asymptotic.cc] -> statistic=2.0, pvalue=1.0
    expect(mannWhitneyUTest([1, 4], [2, 3]).pValue).toBe(1);
    expect(mannWhitneyUTest([1, 4], [2, 3], { exact: false }).pValue).toBe(1);
  });

  it('refuses the exact distribution with ties and rejects bad input', () => {
    expectInvalidArgument(() => mannWhitneyUTest(TIES_X, TIES_Y, { exact: true }), 'options.exact');
    expectInvalidArgument(() => mannWhitneyUTest([], [1]), 'x');
    expectInvalidArgument(() => mannWhitneyUTest([1], []), 'y');
    expectInvalidArgument(() => mannWhitneyUTest([1, Number.NaN], [1]), 'x');
    expectInvalidArgument(() => mannWhitneyUTest([2, 2], [2, 2], { exact: false }), 'y'); // all equal
    expectInvalidArgument(() => mannWhitneyUTest([1], [2], { continuity: 0 as unknown as boolean }), 'options.continuity');
  });
});
