import { describe, expect, it } from 'vitest';
import type { PairwiseJudgement, PairwiseVerdict } from '../../../lib/evaluation/judge/judgement-schemas.js';
import { summarisePositionBias } from '../../../lib/evaluation/judge/summarise-position-bias.js';

function judgement(first: PairwiseVerdict | null, second: PairwiseVerdict | null): PairwiseJudgement {
  const map = (verdict: PairwiseVerdict | null, shown: [0 | 1, 0 | 1]) =>
    verdict === null ? null : verdict === 'tie' ? ('tie' as const) : verdict === 'A' ? shown[0] : shown[1];
  const orders = [
    { shown: [0, 1] as [0, 1], verdict: first, winner: map(first, [0, 1]), feedback: null, raw: '', parsed: first !== null },
    { shown: [1, 0] as [1, 0], verdict: second, winner: map(second, [1, 0]), feedback: null, raw: '', parsed: second !== null },
  ] as PairwiseJudgement['orders'];
  const bothParsed = orders[0].winner !== null && orders[1].winner !== null;
  const consistent = bothParsed && orders[0].winner === orders[1].winner;
  return { winner: !bothParsed ? null : consistent ? orders[0].winner : 'tie', orders, consistent };
}

describe('summarisePositionBias', () => {
  it('counts inconsistent pairs and first-position wins', () => {
    // Pairs: (A, A) inconsistent (first position won twice); (A, B) consistent, answer 0 won; (B, A) consistent,
    // answer 1 won; (A, A) inconsistent; (tie, A) inconsistent; (A, null) unparseable.
    const summary = summarisePositionBias([
      judgement('A', 'A'),
      judgement('A', 'B'),
      judgement('B', 'A'),
      judgement('A', 'A'),
      judgement('tie', 'A'),
      judgement('A', null),
    ]);
    // By hand: evaluated = 5, inconsistent = 3 → 0.6. Decisive verdicts: 2+2+2+2+1+1 = 10, of them 'A': 2+1+1+2+1+1 = 8.
    // Exact two-sided binomial p for 8 of 10 at 0.5: 2·(C(10,8)+C(10,9)+C(10,10))/2^10 = 2·56/1024 = 0.109375
    // (scipy.stats.binomtest(8, 10).pvalue gives the same).
    expect(summary).toEqual({
      comparisons: 6,
      unparseable: 1,
      evaluated: 5,
      inconsistent: 3,
      inconsistentShare: 0.6,
      decisiveVerdicts: 10,
      firstPositionWins: 8,
      firstPositionWinRate: 0.8,
      firstPositionPValue: expect.closeTo(0.109375, 12),
    });
  });

  it('returns nulls for no comparisons', () => {
    expect(summarisePositionBias([])).toMatchObject({ comparisons: 0, inconsistentShare: null, firstPositionWinRate: null, firstPositionPValue: null });
  });
});
