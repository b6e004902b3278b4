/**
 * The distribution of correct-answer letters over multiple-choice items, with Pearson's chi-square
 * goodness-of-fit statistic against the uniform distribution (each letter expected in a quarter of the items):
 * X² = Σ (O_i − E_i)² / E_i with E_i = n/4 and 3 degrees of freedom (Pearson 1900; e.g. Agresti,
 * *Categorical Data Analysis*, 3rd ed., §1.5.2). A model that prefers one position (the authors never checked
 * this, see docs/authors-pipeline.md §7.6) shows up in the letters it generated; after seeded shuffling the
 * letters should be uniform up to chance. The p-value is the upper tail of χ²(3) at X²
 * ({@link chiSquareSurvival}); the test assumes independent items and expected counts of at least about 5.
 */
import { z } from 'zod';
import type { OptionLetter } from '../schemas/synthesis.js';
import { chiSquareSurvival } from '../stats/distributions/chi-square-survival.js';
import { OPTION_LETTERS } from './multiple-choice.js';

const letterCountsSchema = z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() });

export const letterDistributionSchema = z.object({
  counts: letterCountsSchema,
  total: z.number().int().nonnegative(),
  proportions: letterCountsSchema,
  /** Pearson's X² against uniform; null when there are no items. */
  chiSquare: z.number().nullable(),
  degreesOfFreedom: z.literal(3),
  /** P(χ²(3) ≥ X²); null when there are no items. */
  pValue: z.number().min(0).max(1).nullable(),
});
export type LetterDistribution = z.infer<typeof letterDistributionSchema>;

/**
 * Counts the letters and computes Pearson's chi-square statistic against the uniform distribution.
 * @example
 * answerLetterDistribution(['A', 'A', 'B', 'C']).chiSquare; // ((2-1)² + 0 + 0 + (0-1)²)/1 = 2
 * answerLetterDistribution(['A', 'A', 'B', 'C']).pValue;    // 0.5724 (scipy.stats.chisquare([2, 1, 1, 0]))
 */
export function answerLetterDistribution(letters: Iterable<OptionLetter>): LetterDistribution {
  const counts: Record<OptionLetter, number> = { A: 0, B: 0, C: 0, D: 0 };
  let total = 0;
  for (const letter of letters) {
    counts[letter]++;
    total++;
  }
  const expected = total / 4;
  const proportions = Object.fromEntries(OPTION_LETTERS.map((letter) => [letter, total === 0 ? 0 : counts[letter] / total])) as Record<
    OptionLetter,
    number
  >;
  const chiSquare = total === 0 ? null : OPTION_LETTERS.reduce((sum, letter) => sum + (counts[letter] - expected) ** 2 / expected, 0);
  return { counts, total, proportions, chiSquare, degreesOfFreedom: 3, pValue: chiSquare === null ? null : chiSquareSurvival(chiSquare, 3) };
}
