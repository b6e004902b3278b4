import { describe, expect, it } from 'vitest';
import { cochranQTest } from '../../lib/stats/cochran-q-test.js';
import { mcnemarTest } from '../../lib/stats/mcnemar-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data sets and expected values: test/reference/stats_reference_values.py, section "k_sample":
// statsmodels.stats.contingency_tables.cochrans_q(x).
const THREE = [
  [1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0], [1, 0, 1], [1, 1, 0], [0, 1, 0], [1, 1, 0], [1, 0, 0], [1, 1, 1],
  [0, 0, 1], [1, 1, 0],
];
const FOUR = [
  [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0], [0, 1, 0, 0], [1, 1, 1, 0],
  [1, 0, 1, 0], [1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 0, 1],
];

describe('cochranQTest', () => {
  it('agrees with statsmodels cochrans_q', () => {
    // [cochran.3] -> statistic=4.222222222222222, pvalue=0.12110333239232973, df=2
    const three = cochranQTest(THREE);
    expectClose(three.statistic, 4.222222222222222);
    expectClose(three.pValue, 0.12110333239232973);
    expect(three.df).toBe(2);
    // [cochran.4] -> statistic=16.09090909090909, pvalue=0.001086341214115738, df=3
    const four = cochranQTest(FOUR);
    expectClose(four.statistic, 16.09090909090909);
    expectClose(four.pValue, 0.001086341214115738);
    expect(four.df).toBe(3);
  });

  it('equals McNemar without continuity correction for two treatments', () => {
    const two = THREE.map((row) => [row[0] as number, row[1] as number]);
    // [cochran.2] -> statistic=1.0, pvalue=0.31731050786291115
    const result = cochranQTest(two);
    expectClose(result.statistic, 1);
    expectClose(result.pValue, 0.31731050786291115);
    const mcnemar = mcnemarTest(two.map((row) => row[0] as number), two.map((row) => row[1] as number), {
      exact: false,
      continuity: false,
    });
    expectClose(result.statistic, mcnemar.statistic);
  });

  it('rejects non-binary cells, ragged rows and data without any discordant subject', () => {
    expectInvalidArgument(() => cochranQTest([[1, 2], [0, 1]]), 'subjectsByTreatments01');
    expectInvalidArgument(() => cochranQTest([[1, 0], [0]]), 'subjectsByTreatments01');
    expectInvalidArgument(() => cochranQTest([[1], [0]]), 'subjectsByTreatments01');
    expectInvalidArgument(() => cochranQTest([[1, 1], [0, 0]]), 'subjectsByTreatments01');
  });
});
