import { describe, expect, it } from 'vitest';
import { friedmanTest } from '../../lib/stats/friedman-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data sets and expected values: test/reference/stats_reference_values.py, section "k_sample":
// scipy.stats.friedmanchisquare(*columns); kendall_w = statistic / (n (k − 1)).
const THREE = [
  [7, 9, 8], [6, 5, 7], [9, 7, 6], [8, 5, 6], [7, 7, 9], [5, 6, 8], [6, 6, 6], [8, 9, 9], [4, 6, 7], [7, 8, 9],
];
const FOUR = [
  [0.61, 0.72, 0.55, 0.8], [0.58, 0.69, 0.6, 0.77], [0.64, 0.75, 0.52, 0.83], [0.55, 0.68, 0.57, 0.74],
  [0.6, 0.71, 0.59, 0.79], [0.63, 0.7, 0.54, 0.81], [0.59, 0.74, 0.56, 0.76], [0.62, 0.73, 0.58, 0.82],
];

describe('friedmanTest', () => {
  it('tie-corrected statistic and Kendall\'s W on data with within-block ties', () => {
    const result = friedmanTest(THREE);
    // [friedman.3] -> statistic=3.9411764705882453, pvalue=0.1393748468929715, df=2, kendall_w=0.19705882352941226
    expectClose(result.statistic, 3.9411764705882453);
    expectClose(result.pValue, 0.1393748468929715);
    expect(result.df).toBe(2);
    expectClose(result.effectSize.value, 0.19705882352941226);
    expect(result.rankSums.reduce((sum, value) => sum + value, 0)).toBe(60); // n k (k+1)/2
  });

  it('four treatments without ties', () => {
    const result = friedmanTest(FOUR);
    // [friedman.4] -> statistic=22.19999999999999, pvalue=5.9269748019427376e-05, df=3, kendall_w=0.9249999999999995
    expectClose(result.statistic, 22.2);
    expectClose(result.pValue, 5.9269748019427376e-5);
    expectClose(result.effectSize.value, 0.925);
    // Within-block ranks by hand: treatment 4 is always best (8 · 4 = 32), treatment 2 always second (24).
    expect(result.rankSums).toEqual([14, 24, 10, 32]);
  });

  it('rejects bad shapes, non-finite values and all-tied data', () => {
    expectInvalidArgument(() => friedmanTest([[1, 2, 3]]), 'blocksByTreatments');
    expectInvalidArgument(() => friedmanTest([[1], [2]]), 'blocksByTreatments');
    expectInvalidArgument(() => friedmanTest([[1, 2, 3], [1, 2]]), 'blocksByTreatments');
    expectInvalidArgument(() => friedmanTest([[1, 2, Number.NaN], [1, 2, 3]]), 'blocksByTreatments');
    expectInvalidArgument(() => friedmanTest([[1, 1, 1], [2, 2, 2]]), 'blocksByTreatments');
  });
});
