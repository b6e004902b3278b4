import { describe, expect, it } from 'vitest';
import type { OptionLetter } from '../../lib/schemas/synthesis.js';
import { answerLetterDistribution } from '../../lib/synth/letter-distribution.js';

const letters = (counts: Record<OptionLetter, number>): OptionLetter[] =>
  (Object.entries(counts) as Array<[OptionLetter, number]>).flatMap(([letter, count]) => Array<OptionLetter>(count).fill(letter));

describe('answerLetterDistribution', () => {
  it('matches scipy.stats.chisquare against the uniform distribution', () => {
    // scipy.stats.chisquare([30, 20, 25, 25]) -> statistic 2.0 (pvalue 0.5724)
    const balanced = answerLetterDistribution(letters({ A: 30, B: 20, C: 25, D: 25 }));
    expect(balanced.counts).toEqual({ A: 30, B: 20, C: 25, D: 25 });
    expect(balanced.total).toBe(100);
    expect(balanced.proportions.A).toBeCloseTo(0.3, 12);
    expect(balanced.chiSquare).toBeCloseTo(2.0, 12);
    expect(balanced.pValue).toBeCloseTo(0.5724067044708798, 12);
    // scipy.stats.chisquare([12, 3, 5, 4]) -> statistic 8.333333333333334 (pvalue 0.0396)
    const skewed = answerLetterDistribution(letters({ A: 12, B: 3, C: 5, D: 4 }));
    expect(skewed.chiSquare).toBeCloseTo(8.333333333333334, 12);
    expect(skewed.pValue).toBeCloseTo(0.03960235520756414, 12);
    expect(balanced.degreesOfFreedom).toBe(3);
  });

  it('has no statistic for zero items', () => {
    expect(answerLetterDistribution([])).toMatchObject({ total: 0, chiSquare: null, pValue: null, proportions: { A: 0, B: 0, C: 0, D: 0 } });
  });
});
