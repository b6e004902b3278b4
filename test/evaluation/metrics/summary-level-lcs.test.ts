import { describe, expect, it } from 'vitest';
import { longestCommonSubsequence } from '../../../lib/evaluation/metrics/longest-common-subsequence.js';
import { summaryLevelLcs } from '../../../lib/evaluation/metrics/summary-level-lcs.js';
import { expectClose } from '../../stats/expect-close.js';

// Expected values: google-research/google-research rouge/rouge_scorer_test.py (commit da0c44e), the tests named.
describe('longestCommonSubsequence and summaryLevelLcs against rouge_scorer_test.py', () => {
  it('testLcsTable: indices [1, 2, 3] (values 2, 3, 4); no common subsequence gives []', () => {
    const reference = [1, 2, 3, 4, 5];
    expect(longestCommonSubsequence(reference, [2, 5, 3, 4])).toEqual([1, 2, 3]);
    expect(longestCommonSubsequence(reference, [2, 5, 3, 4]).map((index) => reference[index])).toEqual([2, 3, 4]);
    expect(longestCommonSubsequence(reference, [8, 9])).toEqual([]);
  });

  it('testUnionLcs: the union of the LCS with [1,2,6,7,8] and [1,3,8,9,5] is [1, 2, 3, 5]', () => {
    const reference = [1, 2, 3, 4, 5];
    const union = new Set([...longestCommonSubsequence(reference, [1, 2, 6, 7, 8]), ...longestCommonSubsequence(reference, [1, 3, 8, 9, 5])]);
    expect([...union].sort().map((index) => reference[index])).toEqual([1, 2, 3, 5]);
  });

  it('testSummaryLevelLcs: recall 0.8 (4/5), precision 0.4 (4/10), F 0.5333; an empty candidate gives recall 0', () => {
    const score = summaryLevelLcs([[1, 2, 3, 4, 5]], [[1, 2, 6, 7, 8], [1, 3, 8, 9, 5]]);
    expect(score.recall).toBe(0.8);
    expect(score.precision).toBe(0.4);
    expectClose(score.fmeasure, 0.5333, 0, 5e-4);
    expect(summaryLevelLcs([['reference']], [[]]).recall).toBe(0);
  });
});
