/**
 * Exact nearest-neighbour search by cosine similarity, in process: every stored vector is compared with the
 * query. It is the reference an approximate index (Chroma's HNSW) is checked against, and a baseline in the
 * RAG benchmark. Vectors are expected to be unit length, so cosine similarity is the dot product.
 *
 * Only the best `k` are kept while scanning (a sorted list of length `k`, insertion by shifting), so a search
 * allocates nothing per vector, and the dot product keeps four running sums: at 100,000 × 768 the two together
 * make a search about 3 times faster than scoring every vector into an object and sorting them all
 * (bench/measures/chroma.mjs).
 *
 * @example
 * bruteForceTopK(Float32Array.of(1, 0), [Float32Array.of(0, 1), Float32Array.of(0.8, 0.6)], 1);
 * // [{ index: 1, similarity: 0.8 }]
 */
import { InvalidArgumentError } from '../core/errors.js';

export interface ScoredIndex {
  /** Position of the vector in the searched list. */
  index: number;
  /** Cosine similarity (dot product of unit vectors). */
  similarity: number;
}

/** The `k` vectors most similar to `query`, best first; ties go to the lower index. */
export function bruteForceTopK(query: Float32Array, vectors: readonly Float32Array[], k: number): ScoredIndex[] {
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError('k', `must be a positive integer, got ${k}`);
  const keep = Math.min(k, vectors.length);
  const bestIndex = new Int32Array(keep);
  const bestSimilarity = new Float64Array(keep);
  let filled = 0;
  const dimensions = query.length;
  for (let index = 0; index < vectors.length; index++) {
    const vector = vectors[index] as Float32Array;
    if (vector.length !== dimensions) {
      throw new InvalidArgumentError('vectors', `vector ${index} has dimension ${vector.length}, the query ${dimensions}`);
    }
    // Four running sums (fewer dependent additions per step), added up at the end.
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    let sum3 = 0;
    let dimension = 0;
    for (; dimension + 3 < dimensions; dimension += 4) {
      sum0 += (query[dimension] as number) * (vector[dimension] as number);
      sum1 += (query[dimension + 1] as number) * (vector[dimension + 1] as number);
      sum2 += (query[dimension + 2] as number) * (vector[dimension + 2] as number);
      sum3 += (query[dimension + 3] as number) * (vector[dimension + 3] as number);
    }
    for (; dimension < dimensions; dimension++) sum0 += (query[dimension] as number) * (vector[dimension] as number);
    const dot = sum0 + sum1 + (sum2 + sum3);
    // A later vector with an equal similarity stays behind the earlier one (ties go to the lower index).
    if (filled === keep && dot <= (bestSimilarity[keep - 1] as number)) continue;
    let position = filled < keep ? filled++ : keep - 1;
    while (position > 0 && (bestSimilarity[position - 1] as number) < dot) {
      bestSimilarity[position] = bestSimilarity[position - 1] as number;
      bestIndex[position] = bestIndex[position - 1] as number;
      position--;
    }
    bestSimilarity[position] = dot;
    bestIndex[position] = index;
  }
  return Array.from({ length: filled }, (_, position) => ({ index: bestIndex[position] as number, similarity: bestSimilarity[position] as number }));
}
