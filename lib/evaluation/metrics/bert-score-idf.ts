/** Inverse document frequencies of token ids, with the value for ids that occur in no document. */
export interface TokenIdf {
  weights: ReadonlyMap<number, number>;
  /** log(N + 1): the idf of an id no reference contains. */
  unseen: number;
}

/**
 * bert-score's idf weights (`get_idf_dict`, bert-score 0.3.13; Zhang et al., ICLR 2020 §3 "Importance
 * Weighting"): over N reference texts, each encoded with its special tokens, idf(t) = ln((N + 1) / (df(t) + 1))
 * where df(t) is the number of references containing token id t; an id in no reference gets ln(N + 1). Special
 * tokens occur in every reference, so their idf is ln(1) = 0.
 *
 * @example
 * bertScoreIdf([[2, 10, 3], [2, 11, 3]]).weights.get(10); // ln(3/2) ≈ 0.405
 */
export function bertScoreIdf(referenceTokenIds: readonly (readonly number[])[]): TokenIdf {
  const documentFrequency = new Map<number, number>();
  for (const ids of referenceTokenIds) for (const id of new Set(ids)) documentFrequency.set(id, (documentFrequency.get(id) ?? 0) + 1);
  const count = referenceTokenIds.length;
  const weights = new Map<number, number>();
  for (const [id, frequency] of documentFrequency) weights.set(id, Math.log((count + 1) / (frequency + 1)));
  return { weights, unseen: Math.log(count + 1) };
}
