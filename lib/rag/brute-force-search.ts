/**
 * Exact nearest-neighbour search by cosine similarity, in process: every stored vector is compared with the
 * query. It is the reference an approximate index (Chroma's HNSW) is checked against, and a baseline in the
 * RAG benchmark. Vectors are expected to be unit length, so cosine similarity is the dot product.
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
  const scored: ScoredIndex[] = [];
  for (let index = 0; index < vectors.length; index++) {
    const vector = vectors[index] as Float32Array;
    if (vector.length !== query.length) {
      throw new InvalidArgumentError('vectors', `vector ${index} has dimension ${vector.length}, the query ${query.length}`);
    }
    let dot = 0;
    for (let dimension = 0; dimension < query.length; dimension++) dot += (query[dimension] as number) * (vector[dimension] as number);
    scored.push({ index, similarity: dot });
  }
  scored.sort((left, right) => right.similarity - left.similarity || left.index - right.index);
  return scored.slice(0, k);
}
