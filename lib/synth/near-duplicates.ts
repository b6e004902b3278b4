/**
 * Exact and near-duplicate detection for generated items: MinHash signatures over word shingles, locality-
 * sensitive hashing (LSH) by banding to find candidate pairs without comparing every pair, and an exact
 * Jaccard check of each candidate, so no pair below the threshold is ever reported.
 *
 * **Text compared.** The item's question and answer (for multiple choice: question and correct option),
 * normalised by {@link normalizedWords} (NFKC, lower case, punctuation removed).
 * **Exact duplicates**: equal normalised text.
 * **Near duplicates**: Jaccard similarity of the sets of word {@link DEFAULT_SHINGLE_SIZE}-shingles (word
 * bigrams) ≥ {@link DEFAULT_JACCARD_THRESHOLD} = 0.7. Bigrams rather than longer shingles because items are
 * short (10–40 words): one changed word removes two bigrams, so a question re-used with one or two words
 * changed stays above 0.7, while two different questions about the same topic share few bigrams.
 *
 * **Banding.** A signature of k = b·r values is cut into b bands of r rows; two items become a candidate pair
 * when all r values of at least one band agree. For Jaccard s the probability of that is 1 − (1 − s^r)^b
 * (Leskovec, Rajaraman, Ullman, *Mining of Massive Datasets*, §3.4.2). The defaults b = 32, r = 4 (k = 128)
 * put the steep part of that S-curve near (1/b)^(1/r) ≈ 0.42, well below the 0.7 threshold, so a pair at
 * s = 0.7 is missed with probability (1 − 0.7^4)^32 ≈ 1.5·10⁻⁴; candidates are then confirmed exactly.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { RandomSource } from '../core/random.js';
import { normalizedWords } from './content-words.js';
import { jaccardSimilarity, MinHasher } from './min-hash.js';

export const DEFAULT_SHINGLE_SIZE = 2;
export const DEFAULT_JACCARD_THRESHOLD = 0.7;
export const DEFAULT_BANDS = 32;
export const DEFAULT_ROWS_PER_BAND = 4;

/** The set of word n-shingles of a text (a text shorter than n words gives its whole word sequence). */
export function wordShingles(text: string, size = DEFAULT_SHINGLE_SIZE): Set<string> {
  if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError('size', `must be a positive integer, got ${size}`);
  const words = normalizedWords(text);
  const shingles = new Set<string>();
  if (words.length === 0) return shingles;
  if (words.length < size) {
    shingles.add(words.join(' '));
    return shingles;
  }
  for (let index = 0; index + size <= words.length; index++) shingles.add(words.slice(index, index + size).join(' '));
  return shingles;
}

/** Probability that LSH banding makes a pair with Jaccard `similarity` a candidate: 1 − (1 − s^r)^b. */
export function bandingCandidateProbability(similarity: number, bands: number, rowsPerBand: number): number {
  return 1 - (1 - similarity ** rowsPerBand) ** bands;
}

/**
 * Candidate pairs of LSH banding: index pairs [first, second] (first < second) whose signatures agree in all
 * `rowsPerBand` values of at least one of `bands` bands. Missing signatures (empty sets) take part in no pair.
 */
export function bandingCandidatePairs(
  signatures: ReadonlyArray<Uint32Array | undefined>,
  bands: number,
  rowsPerBand: number,
): Array<[number, number]> {
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<string, number[]>();
    signatures.forEach((signature, index) => {
      if (signature === undefined) return;
      if (signature.length < bands * rowsPerBand) {
        throw new InvalidArgumentError('signatures', `need ${bands * rowsPerBand} values per signature, got ${signature.length}`);
      }
      const key = Array.from(signature.subarray(band * rowsPerBand, (band + 1) * rowsPerBand)).join(',');
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    });
    for (const bucket of buckets.values()) {
      for (let second = 1; second < bucket.length; second++) {
        for (let first = 0; first < second; first++) {
          const key = (bucket[second] as number) * signatures.length + (bucket[first] as number);
          if (seen.has(key)) continue;
          seen.add(key);
          pairs.push([bucket[first] as number, bucket[second] as number]);
        }
      }
    }
  }
  return pairs;
}

export interface DuplicateCandidate {
  id: string;
  text: string;
}

export interface DuplicatePair {
  /** The earlier record (in input order). */
  firstId: string;
  /** The later record. */
  secondId: string;
  /** Exact Jaccard of the two records' shingle sets (1 for exact duplicates). */
  jaccard: number;
  kind: 'exact' | 'near';
}

export interface NearDuplicateOptions {
  random: RandomSource;
  threshold?: number;
  shingleSize?: number;
  bands?: number;
  rowsPerBand?: number;
}

/**
 * Every pair of records whose texts are exact duplicates (after normalisation) or near duplicates (shingle
 * Jaccard ≥ threshold). Pairs are listed with the earlier record first, sorted by the position of the
 * second record, then the first. Deterministic for a given random source.
 */
export function findDuplicatePairs(records: readonly DuplicateCandidate[], options: NearDuplicateOptions): DuplicatePair[] {
  const threshold = options.threshold ?? DEFAULT_JACCARD_THRESHOLD;
  const bands = options.bands ?? DEFAULT_BANDS;
  const rowsPerBand = options.rowsPerBand ?? DEFAULT_ROWS_PER_BAND;
  if (!(threshold > 0 && threshold <= 1)) throw new InvalidArgumentError('threshold', `must be in (0, 1], got ${threshold}`);
  const hasher = new MinHasher({ numHashes: bands * rowsPerBand, random: options.random });
  const normalized = records.map((record) => normalizedWords(record.text).join(' '));
  const shingles = records.map((record) => wordShingles(record.text, options.shingleSize ?? DEFAULT_SHINGLE_SIZE));
  const candidates = new Set<number>();
  const pairKey = (first: number, second: number): number => second * records.length + first;
  // Exact duplicates: bucket by normalised text.
  const byText = new Map<string, number>();
  normalized.forEach((text, index) => {
    const earlier = byText.get(text);
    if (earlier === undefined) byText.set(text, index);
    else candidates.add(pairKey(earlier, index));
  });
  // Near duplicates: LSH buckets per band.
  const signatures = shingles.map((set) => (set.size === 0 ? undefined : hasher.signature(set)));
  for (const [first, second] of bandingCandidatePairs(signatures, bands, rowsPerBand)) candidates.add(pairKey(first, second));
  const pairs: DuplicatePair[] = [];
  for (const key of [...candidates].sort((left, right) => left - right)) {
    const first = key % records.length;
    const second = Math.floor(key / records.length);
    const exact = normalized[first] === normalized[second];
    const jaccard = exact ? 1 : jaccardSimilarity(shingles[first] as Set<string>, shingles[second] as Set<string>);
    if (exact || jaccard >= threshold) {
      pairs.push({
        firstId: (records[first] as DuplicateCandidate).id,
        secondId: (records[second] as DuplicateCandidate).id,
        jaccard,
        kind: exact ? 'exact' : 'near',
      });
    }
  }
  return pairs;
}
