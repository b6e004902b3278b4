import { checkRankingArguments } from './recall-at-k.js';

/**
 * Normalised discounted cumulative gain at k with binary relevance (Järvelin & Kekäläinen, "Cumulated
 * gain-based evaluation of IR techniques", ACM TOIS 20(4), 2002): DCG@k = Σ_{i=1..k} rel_i / log2(i + 1),
 * divided by the DCG@k of an ideal ranking that puts all `totalRelevant` relevant items first,
 * IDCG@k = Σ_{i=1..min(k, totalRelevant)} 1 / log2(i + 1). This is the definition scikit-learn's `ndcg_score`
 * computes for binary gains (linear gain, log2 discount, ties not at issue for a given ranking).
 *
 * @param relevance relevance of the ranked items, best first
 * @param totalRelevant number of relevant items in the whole collection
 * @param k cut-off
 * @example
 * ndcgAtK([false, true], 1, 2); // (1 / log2(3)) / 1 ≈ 0.6309
 */
export function ndcgAtK(relevance: readonly boolean[], totalRelevant: number, k: number): number {
  checkRankingArguments(relevance, totalRelevant, k);
  let dcg = 0;
  for (let index = 0; index < Math.min(k, relevance.length); index++) if (relevance[index]) dcg += 1 / Math.log2(index + 2);
  let ideal = 0;
  for (let index = 0; index < Math.min(k, totalRelevant); index++) ideal += 1 / Math.log2(index + 2);
  return dcg / ideal;
}
