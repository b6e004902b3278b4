/**
 * Counts of the human ratings per file and system, the table `human-eval-counts.csv` (issue #3 §3).
 */
import { z } from 'zod';
import { compareHumanRatingSystems } from '../../data/human-rating-system.js';
import { RATING_CATEGORIES, type HumanRatingsFile } from '../../data/import-human-ratings.js';

/** The columns of `human-eval-counts.csv`, in order. */
export const HUMAN_RATING_COUNT_COLUMNS = [
  'file',
  'system',
  'n',
  'incorrect',
  'partially_incorrect',
  'correct_incomplete',
  'correct',
  'unmarked',
  'multi_marked',
  'duplicates_removed',
] as const;

const count = z.number().int().nonnegative();

/** One row of `human-eval-counts.csv`. */
export const humanRatingCountSchema = z.object({
  /** The file name, e.g. `40_questions.csv`. */
  file: z.string().min(1),
  /** The system string verbatim. */
  system: z.string().min(1),
  /** Rows with exactly one mark, after removing exact duplicates (the denominator of every share). */
  n: count,
  incorrect: count,
  partially_incorrect: count,
  correct_incomplete: count,
  correct: count,
  /** Rows with no mark (not in `n`, not in any category). */
  unmarked: count,
  /** Rows with two or more marks (not in `n`, not in any category). */
  multi_marked: count,
  /** Exact duplicate rows of this system that were removed. */
  duplicates_removed: count,
});
export type HumanRatingCount = z.infer<typeof humanRatingCountSchema>;

/**
 * Counts ratings per system of one imported file, after removing exact duplicate rows: `n` counts the rows
 * with exactly one mark and equals the sum of the four category columns; unmarked and multi-marked rows are
 * counted in their own columns only. Systems come in display order.
 *
 * @example
 * const counts = countHumanRatings(await importHumanRatings('40_questions.csv'));
 * counts.find((row) => row.system === 'LLama 3.1 8B + RAG');
 * // { n: 40, incorrect: 0, partially_incorrect: 6, correct_incomplete: 6, correct: 28, unmarked: 0, multi_marked: 0, duplicates_removed: 39, ... }
 */
export function countHumanRatings(imported: HumanRatingsFile): HumanRatingCount[] {
  const systems = [...imported.systems].sort(compareHumanRatingSystems);
  return systems.map((system) => {
    const rows = imported.rows.filter((row) => row.system === system);
    const kept = rows.filter((row) => row.duplicateOf === null);
    const rated = kept.filter((row) => row.category !== null);
    const categories = Object.fromEntries(
      RATING_CATEGORIES.map((category) => [category, rated.filter((row) => row.category === category).length]),
    ) as Record<(typeof RATING_CATEGORIES)[number], number>;
    return humanRatingCountSchema.parse({
      file: imported.file,
      system,
      n: rated.length,
      ...categories,
      unmarked: kept.filter((row) => row.marks.length === 0).length,
      multi_marked: kept.filter((row) => row.marks.length > 1).length,
      duplicates_removed: rows.length - kept.length,
    });
  });
}
