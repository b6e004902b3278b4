import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import { createRandom } from '../../lib/core/random.js';
import { bruteForceTopK } from '../../lib/rag/brute-force-search.js';

/** The definition, written out: score every vector, sort all of them (stable: ties keep the lower index). */
function scoreAndSortEverything(query: Float32Array, vectors: Float32Array[], k: number): Array<{ index: number; similarity: number }> {
  const scored = vectors.map((vector, index) => {
    let dot = 0;
    for (let dimension = 0; dimension < query.length; dimension++) dot += query[dimension]! * vector[dimension]!;
    return { index, similarity: dot };
  });
  return scored.sort((left, right) => right.similarity - left.similarity || left.index - right.index).slice(0, k);
}

describe('bruteForceTopK', () => {
  it('finds the hand-computed best matches, ties going to the lower index', () => {
    // Dot products with (1, 0): 0, 0.8, 0.6, 0.8, -1 (hand-computed) → order 1, 3 (tie, later index), 2, 0, 4.
    const vectors = [Float32Array.of(0, 1), Float32Array.of(0.8, 0.6), Float32Array.of(0.6, 0.8), Float32Array.of(0.8, -0.6), Float32Array.of(-1, 0)];
    const result = bruteForceTopK(Float32Array.of(1, 0), vectors, 4);
    expect(result.map((hit) => hit.index)).toEqual([1, 3, 2, 0]);
    expect(result[0]!.similarity).toBeCloseTo(0.8, 6);
    expect(bruteForceTopK(Float32Array.of(1, 0), vectors, 10).map((hit) => hit.index)).toEqual([1, 3, 2, 0, 4]); // k above the count
  });

  it('returns exactly what scoring and sorting every vector returns, on 2,000 seeded 32-d vectors', () => {
    const random = createRandom('brute-force-test');
    const vectors = Array.from({ length: 2000 }, () => Float32Array.from({ length: 32 }, () => random.normal()));
    // Duplicates make ties: vector 1500 repeats vector 10, so both score exactly the same against every query.
    vectors[1500] = Float32Array.from(vectors[10]!);
    for (let query = 0; query < 20; query++) {
      const vector = query === 0 ? vectors[10]! : Float32Array.from({ length: 32 }, () => random.normal());
      const found = bruteForceTopK(vector, vectors, 25);
      const reference = scoreAndSortEverything(vector, vectors, 25);
      expect(found.map((hit) => hit.index)).toEqual(reference.map((hit) => hit.index));
      // Same sums up to rounding: bruteForceTopK adds in four running sums, the reference in one.
      found.forEach((hit, position) => expect(hit.similarity).toBeCloseTo(reference[position]!.similarity, 12));
    }
  });

  it('rejects a k below 1 and vectors of another dimension', () => {
    expect(() => bruteForceTopK(Float32Array.of(1, 0), [Float32Array.of(1, 0)], 0)).toThrow(InvalidArgumentError);
    expect(() => bruteForceTopK(Float32Array.of(1, 0), [Float32Array.of(1, 0, 0)], 1)).toThrow(/vector 0 has dimension 3/);
  });
});
