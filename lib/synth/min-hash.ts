/**
 * MinHash signatures: a fixed-length summary of a set from which the Jaccard similarity of two sets can be
 * estimated without comparing the sets.
 *
 * For a random permutation π of the universe, Pr[min π(A) = min π(B)] = |A ∩ B| / |A ∪ B| = J(A, B)
 * (A. Z. Broder, "On the resemblance and containment of documents", SEQUENCES 1997). With k independent
 * hash functions the fraction of agreeing signature positions is an unbiased estimate of J with standard
 * error √(J(1−J)/k) (Leskovec, Rajaraman, Ullman, *Mining of Massive Datasets*, 3rd ed., §3.3).
 *
 * Permutations are simulated, as in that book (§3.3.5), by universal hash functions
 * h_i(x) = (a_i·x + b_i) mod p over the Mersenne prime p = 2^31 − 1 (Carter & Wegman 1979), with a_i ∈ [1, p)
 * and b_i ∈ [0, p) drawn from the seeded random source. Each set element (a string) is first mapped to
 * x ∈ [0, p) with 32-bit FNV-1a over its UTF-16 code units. All arithmetic is exact in double precision: the
 * product a·x is split as (a_high·2^16 + a_low)·x so that no intermediate exceeds 2^53.
 *
 * @example
 * const hasher = new MinHasher({ numHashes: 128, random: createRandom(7) });
 * const estimate = estimateJaccard(hasher.signature(['a', 'b', 'c']), hasher.signature(['b', 'c', 'd'])); // ≈ 0.5
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { RandomSource } from '../core/random.js';

/** The Mersenne prime 2^31 − 1, modulus of the hash family. */
export const MERSENNE_PRIME_31 = 2147483647;

/** 32-bit FNV-1a hash of a string's UTF-16 code units (offset basis 2166136261, prime 16777619). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** (a·x + b) mod p for a, x < 2^31 and b < p, exact in doubles. */
function universalHash(a: number, b: number, x: number): number {
  const high = Math.floor(a / 65536);
  const low = a % 65536;
  // high·x < 2^46, (…mod p)·2^16 < 2^47, low·x < 2^47: every intermediate is an exact double.
  const highPart = ((high * x) % MERSENNE_PRIME_31) * 65536;
  return (highPart + low * x + b) % MERSENNE_PRIME_31;
}

/** Computes MinHash signatures with a fixed, seeded family of hash functions. */
export class MinHasher {
  readonly numHashes: number;
  private readonly multipliers: number[];
  private readonly offsets: number[];

  constructor(options: { numHashes: number; random: RandomSource }) {
    if (!Number.isInteger(options.numHashes) || options.numHashes < 1) {
      throw new InvalidArgumentError('numHashes', `must be a positive integer, got ${options.numHashes}`);
    }
    this.numHashes = options.numHashes;
    this.multipliers = [];
    this.offsets = [];
    for (let index = 0; index < options.numHashes; index++) {
      this.multipliers.push(1 + options.random.integer(MERSENNE_PRIME_31 - 1));
      this.offsets.push(options.random.integer(MERSENNE_PRIME_31));
    }
  }

  /** The signature of a set: for each hash function, the minimum hash over the set's elements. */
  signature(elements: Iterable<string>): Uint32Array {
    const signature = new Uint32Array(this.numHashes).fill(0xffffffff);
    for (const element of new Set(elements)) {
      const x = fnv1a32(element) % MERSENNE_PRIME_31;
      for (let index = 0; index < this.numHashes; index++) {
        const value = universalHash(this.multipliers[index] as number, this.offsets[index] as number, x);
        if (value < (signature[index] as number)) signature[index] = value;
      }
    }
    return signature;
  }
}

/** The fraction of positions in which two signatures agree: the MinHash estimate of their sets' Jaccard. */
export function estimateJaccard(left: Uint32Array, right: Uint32Array): number {
  if (left.length !== right.length || left.length === 0) {
    throw new InvalidArgumentError('right', `signatures must have the same non-zero length, got ${left.length} and ${right.length}`);
  }
  let agree = 0;
  for (let index = 0; index < left.length; index++) if (left[index] === right[index]) agree++;
  return agree / left.length;
}

/** Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sets (1 for two empty sets). */
export function jaccardSimilarity(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let intersection = 0;
  const [smaller, larger] = left.size <= right.size ? [left, right] : [right, left];
  for (const element of smaller) if (larger.has(element)) intersection++;
  return intersection / (left.size + right.size - intersection);
}
