import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { mcnemarComparisons, permutationComparisons } from '../../lib/evaluation/compare-systems.js';
import type { EvaluationRecord } from '../../lib/schemas/evaluation.js';

function records(system: string, metric: string, values: number[], dataset = 'set'): EvaluationRecord[] {
  return values.map((value, index) => ({ run: 'r', system, dataset, item: `i${index}`, metric, value }));
}

describe('mcnemarComparisons', () => {
  it('tests every pair on the shared items and Holm-adjusts over the table', () => {
    const rows = mcnemarComparisons([
      ...records('s1', 'correct', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
      ...records('s2', 'correct', [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]),
      ...records('s3', 'correct', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      ...records('s1', 'unparseable', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ]);
    expect(rows.map((row) => [row.first, row.second, row.onlyFirstCorrect, row.onlySecondCorrect])).toEqual([
      ['s1', 's2', 5, 0],
      ['s1', 's3', 10, 0],
      ['s2', 's3', 5, 0],
    ]);
    // Exact p-values: scipy 1.17.1 binomtest(5, 5, 0.5).pvalue = 0.0625, binomtest(10, 10, 0.5).pvalue = 0.001953125.
    [0.0625, 0.001953125, 0.0625].forEach((p, index) => expect(rows[index]!.pValue).toBeCloseTo(p, 12));
    // Holm (1979) by hand, m = 3: 0.001953125·3 = 0.005859375; 0.0625·2 = 0.125; max(0.0625·1, 0.125) = 0.125.
    [0.125, 0.005859375, 0.125].forEach((p, index) => expect(rows[index]!.pValueHolm).toBeCloseTo(p, 12));
    expect(rows[0]!.difference).toBe(0.5);
  });

  it('uses only the items both systems answered, per dataset', () => {
    const rows = mcnemarComparisons([...records('a', 'correct', [1, 0, 1]), ...records('b', 'correct', [0, 0]), ...records('a', 'correct', [1], 'other')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dataset: 'set', n: 2, onlyFirstCorrect: 1, onlySecondCorrect: 0 });
    // One discordant pair: binomtest(1, 1, 0.5).pvalue = 1.
    expect(rows[0]!.pValue).toBeCloseTo(1, 12);
  });
});

describe('permutationComparisons', () => {
  it('gives the same p-value for the same seed, and the exact-test value up to Monte Carlo error', () => {
    const input = [...records('a', 'rougeL', [0.9, 0.8, 0.7, 0.6, 0.95]), ...records('b', 'rougeL', [0.5, 0.4, 0.3, 0.2, 0.55])];
    const first = permutationComparisons(input, ['rougeL'], { random: createRandom(3), resamples: 4999 });
    const again = permutationComparisons(input, ['rougeL'], { random: createRandom(3), resamples: 4999 });
    expect(first).toEqual(again);
    expect(first[0]!.difference).toBeCloseTo(0.4, 12);
    // Every paired difference is 0.4, so every bootstrap resample's mean difference is 0.4.
    expect(first[0]!.difference95).toEqual([0.4, 0.4].map((value) => expect.closeTo(value, 12)));
    // Five equal differences of 0.4: only the 2 of 2^5 all-equal sign patterns reach |Σ| = 2, exact p = 2/32 = 0.0625.
    expect(first[0]!.pValue).toBeGreaterThan(0.05);
    expect(first[0]!.pValue).toBeLessThan(0.075);
  });
});

describe('permutationComparisons: paired bootstrap interval of the difference', () => {
  it('is the percentile interval of resampled mean differences, seeded', () => {
    const x = [0.9, 0.2, 0.7, 0.4, 0.95, 0.1, 0.6, 0.3];
    const y = [0.5, 0.3, 0.3, 0.5, 0.55, 0.2, 0.2, 0.1];
    const [row] = permutationComparisons([...records('a', 'bleu', x), ...records('b', 'bleu', y)], ['bleu'], { random: createRandom(11), resamples: 999, bootstrapResamples: 4000 });
    // Mean difference (0.4 − 0.1 + 0.4 − 0.1 + 0.4 − 0.1 + 0.4 + 0.2) / 8 = 0.1875; the interval must contain it and
    // lie within the smallest and largest difference (−0.1, 0.4), the bounds of any resample mean.
    expect(row!.difference).toBeCloseTo(0.1875, 12);
    const [low, high] = row!.difference95!;
    expect(low).toBeLessThan(0.1875);
    expect(high).toBeGreaterThan(0.1875);
    expect(low).toBeGreaterThanOrEqual(-0.1 - 1e-12);
    expect(high).toBeLessThanOrEqual(0.4 + 1e-12);
  });
});
