/**
 * Position bias of a pairwise judge over many comparisons, each run in both orders.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { binomialTest } from '../../stats/binomial-test.js';
import type { PairwiseJudgement, PairwiseOrder } from './judgement-schemas.js';

export interface PositionBiasSummary {
  /** Comparisons given. */
  comparisons: number;
  /** Comparisons with at least one unparseable order (left out of the consistency share). */
  unparseable: number;
  /** Comparisons whose two orders were both parsed. */
  evaluated: number;
  /** Evaluated comparisons whose two orders disagree after mapping back. */
  inconsistent: number;
  /** `inconsistent / evaluated`, or null when nothing was evaluated. */
  inconsistentShare: number | null;
  /** Parsed verdicts that named a position (A or B, not tie), over both orders of every comparison. */
  decisiveVerdicts: number;
  /** Of those, the verdicts for the response shown first (A). */
  firstPositionWins: number;
  /** `firstPositionWins / decisiveVerdicts` (0.5 for an unbiased judge), or null when there were none. */
  firstPositionWinRate: number | null;
  /** Exact two-sided binomial test of the first-position win rate against 0.5, or null without decisive verdicts. */
  firstPositionPValue: number | null;
}

/**
 * Summarises position bias: the share of pairs whose verdict flips when the order is swapped (Zheng et al.
 * 2023, MT-Bench, arXiv 2306.05685 §3.3, "consistency"), and how often the first-shown response wins among all
 * decisive verdicts, with an exact binomial test against 0.5. Because every pair is shown in both orders, each
 * answer is first equally often, so an unbiased judge has a first-position win rate near 0.5 whatever the answers.
 *
 * @example
 * summarisePositionBias(judgements);
 * // { comparisons: 40, evaluated: 39, inconsistent: 12, inconsistentShare: 0.31, firstPositionWinRate: 0.64, ... }
 */
export function summarisePositionBias(judgements: readonly PairwiseJudgement[]): PositionBiasSummary {
  if (!Array.isArray(judgements)) throw new InvalidArgumentError('judgements', 'must be an array of pairwise judgements');
  let unparseable = 0;
  let inconsistent = 0;
  let decisiveVerdicts = 0;
  let firstPositionWins = 0;
  for (const judgement of judgements) {
    const bothParsed = judgement.orders.every((order: PairwiseOrder) => order.verdict !== null);
    if (!bothParsed) unparseable++;
    else if (!judgement.consistent) inconsistent++;
    for (const order of judgement.orders) {
      if (order.verdict === 'A' || order.verdict === 'B') decisiveVerdicts++;
      if (order.verdict === 'A') firstPositionWins++;
    }
  }
  const evaluated = judgements.length - unparseable;
  return {
    comparisons: judgements.length,
    unparseable,
    evaluated,
    inconsistent,
    inconsistentShare: evaluated === 0 ? null : inconsistent / evaluated,
    decisiveVerdicts,
    firstPositionWins,
    firstPositionWinRate: decisiveVerdicts === 0 ? null : firstPositionWins / decisiveVerdicts,
    firstPositionPValue: decisiveVerdicts === 0 ? null : binomialTest(firstPositionWins, decisiveVerdicts, 0.5).pValue,
  };
}
