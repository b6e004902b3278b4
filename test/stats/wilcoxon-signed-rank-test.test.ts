import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRankTest } from '../../lib/stats/wilcoxon-signed-rank-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data sets and expected values: test/reference/stats_reference_values.py, section "wilcoxon". Each line there
// is scipy.stats.wilcoxon(x, y, ...): `statistic` is W+ (from alternative='greater'), `pvalue` the two-sided
// p-value, and rank_biserial = (W+ − W−)/(W+ + W−) from scipy.stats.rankdata.
const SMALL_X = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const SMALL_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
const TIES_X = [4, 3, 5, 2, 4, 4, 3, 5, 1, 2, 4, 3, 5, 4, 2, 3, 4, 5, 3, 4];
const TIES_Y = [3, 3, 4, 2, 2, 5, 1, 4, 1, 3, 2, 3, 3, 4, 1, 2, 4, 3, 3, 2];
const MID_D = [
  0.31, -0.12, 0.54, 0.08, -0.27, 0.66, 0.19, -0.05, 0.42, 0.23, -0.38, 0.71, 0.15, 0.02, -0.09, 0.48, 0.36, -0.21,
  0.57, 0.11, 0.29, -0.44, 0.63, 0.26, 0.04, -0.16, 0.39, 0.51, -0.33, 0.13,
];
const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const ramp = (n: number): number[] => Array.from({ length: n }, (_, i) => 0.5 + 0.1 * i);

describe('wilcoxonSignedRankTest', () => {
  it('uses the exact distribution for a small sample without ties or zeros', () => {
    const result = wilcoxonSignedRankTest(SMALL_X, SMALL_Y);
    // [wilcoxon.small.exact] method='exact' -> statistic=40.0, pvalue=0.0390625, W-=5.0, rank_biserial=0.7777777777777778
    expect(result.exact).toBe(true);
    expect(result.statistic).toBe(40);
    expect(result.rankSumNegative).toBe(5);
    expectClose(result.pValue, 0.0390625, 1e-14);
    expectClose(result.effectSize.value, 0.7777777777777778);
    expect(result.zStatistic).toBeUndefined();
  });

  it('normal approximation with and without continuity correction on the same data', () => {
    // [wilcoxon.small.approx.cc] -> pvalue=0.04401098401295143
    expectClose(wilcoxonSignedRankTest(SMALL_X, SMALL_Y, { exact: false }).pValue, 0.04401098401295143);
    // [wilcoxon.small.approx.nocc] -> pvalue=0.038151710173415135
    const plain = wilcoxonSignedRankTest(SMALL_X, SMALL_Y, { exact: false, continuity: false });
    expectClose(plain.pValue, 0.038151710173415135);
    expect(plain.exact).toBe(false);
    expect(plain.zStatistic).toBeGreaterThan(0);
  });

  it("zero_method 'wilcox' drops zeros; ties use the corrected variance", () => {
    const result = wilcoxonSignedRankTest(TIES_X, TIES_Y);
    // 'auto' falls back to the approximation because of zeros and ties.
    expect(result.exact).toBe(false);
    expect(result.zeroCount).toBe(7);
    expect(result.nonZeroCount).toBe(13);
    // [wilcoxon.ties.wilcox.cc] -> statistic=83.0, pvalue=0.007797038373035473, W-=8.0, rank_biserial=0.8241758241758241
    expect(result.statistic).toBe(83);
    expect(result.rankSumNegative).toBe(8);
    expectClose(result.pValue, 0.007797038373035473);
    expectClose(result.effectSize.value, 0.8241758241758241);
    // [wilcoxon.ties.wilcox.nocc] -> pvalue=0.007003232848307015
    expectClose(wilcoxonSignedRankTest(TIES_X, TIES_Y, { continuity: false }).pValue, 0.007003232848307015);
  });

  it("zero_method 'pratt' ranks zeros, then drops their ranks (Cureton's adjustment)", () => {
    const result = wilcoxonSignedRankTest(TIES_X, TIES_Y, { zeroMethod: 'pratt' });
    // [wilcoxon.ties.pratt.cc] -> statistic=160.0, pvalue=0.00818922674629641, W-=22.0, rank_biserial=0.7582417582417582
    expect(result.statistic).toBe(160);
    expect(result.rankSumNegative).toBe(22);
    expectClose(result.pValue, 0.00818922674629641);
    expectClose(result.effectSize.value, 0.7582417582417582);
    expect(result.method).toMatch(/pratt/);
    // [wilcoxon.ties.pratt.nocc] -> pvalue=0.007733990998266383
    expectClose(
      wilcoxonSignedRankTest(TIES_X, TIES_Y, { zeroMethod: 'pratt', continuity: false }).pValue,
      0.007733990998266383,
    );
  });

  it('moderate n = 30: exact by default, approximation on request', () => {
    // [wilcoxon.mid.exact] -> statistic=352.0, pvalue=0.01283373311161995, rank_biserial=0.513978494623656
    const exact = wilcoxonSignedRankTest(MID_D, zeros(30));
    expect(exact.exact).toBe(true);
    expect(exact.statistic).toBe(352);
    expectClose(exact.pValue, 0.01283373311161995);
    expectClose(exact.effectSize.value, 0.513978494623656);
    // [wilcoxon.mid.approx.cc] -> pvalue=0.01437982885682613
    expectClose(wilcoxonSignedRankTest(MID_D, zeros(30), { exact: false }).pValue, 0.01437982885682613);
  });

  it('extreme p-values: 1.8e-15 exact at n = 50 and 1.6e-11 approximate at n = 60', () => {
    // [wilcoxon.extreme50.exact] -> statistic=1275.0, pvalue=1.7763568394002505e-15 (= 2 · 2^-50)
    const exact = wilcoxonSignedRankTest(ramp(50), zeros(50));
    expect(exact.exact).toBe(true);
    expect(exact.statistic).toBe(1275);
    expectClose(exact.pValue, 1.7763568394002505e-15, 1e-14);
    expect(exact.effectSize.value).toBe(1);
    // [wilcoxon.extreme60.approx.nocc] -> statistic=1830.0, pvalue=1.6295557943119345e-11 (n = 60 > 50: 'auto' approximates)
    const approximate = wilcoxonSignedRankTest(ramp(60), zeros(60), { continuity: false });
    expect(approximate.exact).toBe(false);
    expectClose(approximate.pValue, 1.6295557943119345e-11);
  });

  it('gives p = 1 at the centre of the distribution, exact and approximate', () => {
    // [wilcoxon.centre.exact] / [wilcoxon.centre.approx.cc] -> statistic=5.0, pvalue=1.0
    const data = [1, -2, -3, 4];
    expect(wilcoxonSignedRankTest(data, zeros(4)).pValue).toBe(1);
    expect(wilcoxonSignedRankTest(data, zeros(4), { exact: false }).pValue).toBe(1);
    expect(wilcoxonSignedRankTest(data, zeros(4)).effectSize.value).toBe(0);
  });

  it('refuses the exact distribution with ties or zeros', () => {
    expectInvalidArgument(() => wilcoxonSignedRankTest(TIES_X, TIES_Y, { exact: true }), 'options.exact');
  });

  it('rejects bad input, naming the argument', () => {
    expectInvalidArgument(() => wilcoxonSignedRankTest([], []), 'x');
    expectInvalidArgument(() => wilcoxonSignedRankTest([1, 2], [1]), 'y');
    expectInvalidArgument(() => wilcoxonSignedRankTest([1, Number.NaN], [1, 2]), 'x');
    expectInvalidArgument(() => wilcoxonSignedRankTest([1, 2], [1, Infinity]), 'y');
    expectInvalidArgument(() => wilcoxonSignedRankTest([1, 2], [1, 2]), 'y'); // every difference is zero
    expectInvalidArgument(
      () => wilcoxonSignedRankTest([1, 2], [0, 0], { zeroMethod: 'zsplit' as unknown as 'wilcox' }),
      'options.zeroMethod',
    );
    expectInvalidArgument(() => wilcoxonSignedRankTest([1, 2], [0, 0], { exact: 'yes' as unknown as boolean }), 'options.exact');
  });
});
