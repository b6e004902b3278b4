import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { estimateJaccard, fnv1a32, jaccardSimilarity, MERSENNE_PRIME_31, MinHasher } from '../../lib/synth/min-hash.js';

/** Two sets with |A ∩ B| = shared and |A \ B| = |B \ A| = distinct each; exact Jaccard shared / (shared + 2·distinct). */
function constructedPair(shared: number, distinct: number, tag: string): [Set<string>, Set<string>] {
  const common = Array.from({ length: shared }, (_, index) => `${tag}-common-${index}`);
  const left = new Set([...common, ...Array.from({ length: distinct }, (_, index) => `${tag}-left-${index}`)]);
  const right = new Set([...common, ...Array.from({ length: distinct }, (_, index) => `${tag}-right-${index}`)]);
  return [left, right];
}

describe('fnv1a32', () => {
  it('matches the FNV-1a 32-bit test vectors', () => {
    // Test vectors from the FNV reference test suite (L. C. Noll, http://www.isthe.com/chongo/tech/comp/fnv/):
    // FNV1a_32("") = 0x811c9dc5, ("a") = 0xe40c292c, ("foobar") = 0xbf9cf968.
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('MinHasher', () => {
  it('computes (a·x + b) mod (2^31 − 1) exactly: signatures match a BigInt reference', () => {
    const random = createRandom(11);
    const hasher = new MinHasher({ numHashes: 8, random: createRandom(11) });
    // Re-draw the same coefficients from an identical random source and compute the minima with BigInt.
    const coefficients = Array.from({ length: 8 }, () => [1 + random.integer(MERSENNE_PRIME_31 - 1), random.integer(MERSENNE_PRIME_31)]);
    const elements = ['qrs complex', 'pr interval', 'st elevation', 'zzzzzzzzzzzzzzzzzzzzzzzz'];
    const expected = coefficients.map(([a, b]) => {
      let minimum = BigInt(0xffffffff);
      for (const element of elements) {
        const x = BigInt(fnv1a32(element) % MERSENNE_PRIME_31);
        const value = (BigInt(a as number) * x + BigInt(b as number)) % BigInt(MERSENNE_PRIME_31);
        if (value < minimum) minimum = value;
      }
      return Number(minimum);
    });
    expect(Array.from(hasher.signature(elements))).toEqual(expected);
  });

  it('is deterministic for a seed and ignores element order and repeats', () => {
    const first = new MinHasher({ numHashes: 64, random: createRandom(3) }).signature(['a', 'b', 'c']);
    const second = new MinHasher({ numHashes: 64, random: createRandom(3) }).signature(['c', 'a', 'b', 'a']);
    expect(Array.from(first)).toEqual(Array.from(second));
  });

  it('estimates the Jaccard similarity of constructed sets within four standard errors', () => {
    // Broder (1997): Pr[minhash agrees] = J, so with k hashes the estimate has standard error √(J(1−J)/k)
    // (Leskovec, Rajaraman, Ullman, Mining of Massive Datasets, §3.3). Exact J comes from the construction.
    const hasher = new MinHasher({ numHashes: 256, random: createRandom(2024) });
    for (const [shared, distinct, exact] of [
      [80, 10, 0.8],
      [60, 20, 0.6],
      [50, 50, 1 / 3],
      [20, 40, 0.2],
      [100, 0, 1],
    ] as const) {
      const [left, right] = constructedPair(shared, distinct, `s${shared}`);
      expect(jaccardSimilarity(left, right)).toBeCloseTo(exact, 12);
      const estimate = estimateJaccard(hasher.signature(left), hasher.signature(right));
      const standardError = Math.sqrt((exact * (1 - exact)) / 256);
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(4 * standardError + 1e-12);
    }
  });

  it('is unbiased on average: the mean estimate over 40 pairs at J = 0.5 is within 4 standard errors of 0.5', () => {
    // Each estimate has variance J(1−J)/k; the mean of 40 independent pairs has standard error √(0.25/128/40).
    const hasher = new MinHasher({ numHashes: 128, random: createRandom(5) });
    let sum = 0;
    for (let pair = 0; pair < 40; pair++) {
      const [left, right] = constructedPair(40, 20, `pair${pair}`); // J = 40 / 80 = 0.5
      sum += estimateJaccard(hasher.signature(left), hasher.signature(right));
    }
    expect(Math.abs(sum / 40 - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 128 / 40));
  });

  it('rejects signatures of different lengths', () => {
    expect(() => estimateJaccard(new Uint32Array(2), new Uint32Array(3))).toThrow(/same non-zero length/);
  });
});
