import { InvalidArgumentError } from '../core/errors.js';

/**
 * Reciprocal rank for one query: 1 / (rank of the first relevant item), or 0 when no relevant item is in the
 * ranking. Its mean over queries is the mean reciprocal rank, MRR (Voorhees, "The TREC-8 Question Answering
 * Track Report", 1999). Ranks are 1-based.
 *
 * @param relevance relevance of the ranked items, best first
 * @param k optional cut-off: only the first k items count (MRR@k)
 * @example
 * reciprocalRank([false, false, true]); // 1/3
 */
export function reciprocalRank(relevance: readonly boolean[], k: number = relevance.length): number {
  if (!Number.isInteger(k) || k < 0) throw new InvalidArgumentError('k', `must be a non-negative integer, got ${k}`);
  const limit = Math.min(k, relevance.length);
  for (let index = 0; index < limit; index++) if (relevance[index]) return 1 / (index + 1);
  return 0;
}
