import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { MinHasher } from '../../lib/synth/min-hash.js';
import {
  bandingCandidatePairs,
  bandingCandidateProbability,
  findDuplicatePairs,
  wordShingles,
} from '../../lib/synth/near-duplicates.js';

describe('wordShingles', () => {
  it('gives the word bigrams of the normalised text', () => {
    expect([...wordShingles('The PR-interval, normally 120–200 ms.')]).toEqual([
      'the pr',
      'pr interval',
      'interval normally',
      'normally 120',
      '120 200',
      '200 ms',
    ]);
    expect([...wordShingles('Tachycardia')]).toEqual(['tachycardia']);
    expect(wordShingles('  ...  ').size).toBe(0);
  });
});

describe('bandingCandidateProbability', () => {
  it('is 1 − (1 − s^r)^b (Mining of Massive Datasets §3.4.2)', () => {
    // Hand computation: 1 − (1 − 0.7^4)^32 = 0.99984717..., threshold (1/32)^(1/4) = 0.4204.
    expect(bandingCandidateProbability(0.7, 32, 4)).toBeCloseTo(0.9998471708406208, 12);
    expect(bandingCandidateProbability(0.5, 32, 4)).toBeCloseTo(0.8732112136229997, 12);
  });

  it('matches the observed candidate rate of MinHash banding on constructed pairs', () => {
    // 400 pairs of sets with exact Jaccard 0.6 (60 shared, 20 + 20 distinct); b = 4 bands of r = 4 rows.
    // Expected candidate rate 1 − (1 − 0.6^4)^4 = 0.4259; binomial standard deviation √(400·p(1−p)) ≈ 9.9.
    const bands = 4;
    const rows = 4;
    const hasher = new MinHasher({ numHashes: bands * rows, random: createRandom(99) });
    const signatures: Uint32Array[] = [];
    for (let pair = 0; pair < 400; pair++) {
      const common = Array.from({ length: 60 }, (_, index) => `p${pair}-c${index}`);
      signatures.push(hasher.signature([...common, ...Array.from({ length: 20 }, (_, index) => `p${pair}-l${index}`)]));
      signatures.push(hasher.signature([...common, ...Array.from({ length: 20 }, (_, index) => `p${pair}-r${index}`)]));
    }
    const candidates = bandingCandidatePairs(signatures, bands, rows);
    const partners = candidates.filter(([first, second]) => first % 2 === 0 && second === first + 1).length;
    const expected = 400 * bandingCandidateProbability(0.6, bands, rows);
    const standardDeviation = Math.sqrt(expected * (1 - bandingCandidateProbability(0.6, bands, rows)));
    expect(Math.abs(partners - expected)).toBeLessThan(4 * standardDeviation);
    // Unrelated sets (Jaccard 0) share no band.
    expect(candidates.length - partners).toBe(0);
  });
});

describe('findDuplicatePairs', () => {
  const records = [
    { id: 'q1', text: 'What is the normal duration of the PR interval in adults?\n120 to 200 ms.' },
    { id: 'q2', text: 'What is the normal duration of the PR interval in adults?\n120 to 200 ms' }, // exact after normalisation
    { id: 'q3', text: 'What is the normal duration of the PR interval in adults?\nBetween 120 and 200 ms.' },
    { id: 'q4', text: 'Which lead best shows the P wave of atrial flutter?\nLead II and the inferior leads.' },
    { id: 'q5', text: 'What is the normal duration of the QRS complex?\nLess than 120 ms.' },
  ];

  it('finds exact and near duplicates with their exact Jaccard similarity', () => {
    const pairs = findDuplicatePairs(records, { random: createRandom(1) });
    // q1 vs q3 word bigrams (counted with Python sets over re.split(r'[^\w]+', text.lower())): q1 has 14,
    // q3 has 15, shared 11 (the 10 question bigrams + "200 ms"), union 18, Jaccard 11/18 = 0.611 < 0.7.
    expect(pairs).toEqual([
      { firstId: 'q1', secondId: 'q2', jaccard: 1, kind: 'exact' },
    ]);
    const lenient = findDuplicatePairs(records, { random: createRandom(1), threshold: 0.6 });
    expect(lenient).toEqual([
      { firstId: 'q1', secondId: 'q2', jaccard: 1, kind: 'exact' },
      { firstId: 'q1', secondId: 'q3', jaccard: 11 / 18, kind: 'near' },
      { firstId: 'q2', secondId: 'q3', jaccard: 11 / 18, kind: 'near' },
    ]);
  });

  it('is deterministic and rejects a threshold outside (0, 1]', () => {
    expect(findDuplicatePairs(records, { random: createRandom(8), threshold: 0.5 })).toEqual(
      findDuplicatePairs(records, { random: createRandom(8), threshold: 0.5 }),
    );
    expect(() => findDuplicatePairs(records, { random: createRandom(8), threshold: 0 })).toThrow(/threshold/);
  });
});
