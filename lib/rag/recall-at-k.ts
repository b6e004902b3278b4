import { InvalidArgumentError } from '../core/errors.js';

/**
 * Recall at k for one query: the fraction of all relevant items that appear among the first k ranked items,
 * |relevant ∩ top-k| / |relevant| (Manning, Raghavan & Schütze, *Introduction to Information Retrieval*,
 * 2008, §8.4). With a single relevant item it is 1 or 0 — the "hit rate" or "success at k". A query without
 * any relevant item has no defined recall (an InvalidArgumentError), since it cannot be answered from the
 * collection at all.
 *
 * @param relevance relevance of the ranked items, best first (true = relevant)
 * @param totalRelevant number of relevant items in the whole collection (≥ the number in `relevance`)
 * @param k cut-off (a list shorter than k counts as if padded with non-relevant items)
 * @example
 * recallAtK([false, true, false, true], 3, 2); // 1/3
 */
export function recallAtK(relevance: readonly boolean[], totalRelevant: number, k: number): number {
  checkRankingArguments(relevance, totalRelevant, k);
  let found = 0;
  for (let index = 0; index < Math.min(k, relevance.length); index++) if (relevance[index]) found += 1;
  return found / totalRelevant;
}

/** Shared argument checks of the ranking metrics. */
export function checkRankingArguments(relevance: readonly boolean[], totalRelevant: number, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError('k', `must be a positive integer, got ${k}`);
  if (!Number.isInteger(totalRelevant) || totalRelevant < 1) {
    throw new InvalidArgumentError('totalRelevant', `must be a positive integer (a query with no relevant item has no defined score), got ${totalRelevant}`);
  }
  const listed = relevance.filter(Boolean).length;
  if (listed > totalRelevant) throw new InvalidArgumentError('totalRelevant', `is ${totalRelevant} but the ranking already lists ${listed} relevant items`);
}
