/**
 * The blocked design behind the human evaluation: every question (block) is answered by every system
 * (treatment) and each answer gets one ordinal rating. Rank tests for such a design (Friedman, Wilcoxon
 * signed-rank) need complete blocks, so this module selects them and says why the others were left out.
 */
import { compareHumanRatingSystems } from '../../data/human-rating-system.js';
import type { HumanRatingsFile } from '../../data/import-human-ratings.js';

/** A question left out of the blocked analysis, with every reason. */
export interface ExcludedBlock {
  question: string;
  /** The first line of the question's block in the file. */
  line: number;
  reasons: string[];
}

/** Complete blocks as a question × system matrix of ordinal scores (0–3). */
export interface RatingBlocks {
  file: string;
  /** The systems (columns), in display order. */
  systems: string[];
  /** The questions (rows) that are complete, in file order. */
  questions: string[];
  /** `scores[question][system]`: the ordinal score 0–3 (incorrect … correct). */
  scores: number[][];
  /** The file line of each score, same shape as `scores`. */
  lines: number[][];
  excluded: ExcludedBlock[];
}

/**
 * Selects the complete blocks of an imported file: the questions answered exactly once by every system of
 * the file with exactly one mark, after exact duplicates were removed. A question is excluded, with its
 * reasons, when a system is missing, a system answers twice with different content, or an answer is
 * unmarked or multi-marked (the importer never guesses a rating, so such a block has a missing value).
 *
 * @example
 * const blocks = completeRatingBlocks(await importHumanRatings('40_questions.csv'));
 * blocks.questions.length; // 37: sinus tachycardia (3 rows) and the two double-marked answers are left out
 */
export function completeRatingBlocks(imported: HumanRatingsFile): RatingBlocks {
  const systems = [...imported.systems].sort(compareHumanRatingSystems);
  const questions: string[] = [];
  const scores: number[][] = [];
  const lines: number[][] = [];
  const excluded: ExcludedBlock[] = [];
  for (const question of imported.questions) {
    const block = imported.ratings.filter((row) => row.question === question);
    const reasons: string[] = [];
    const missing = systems.filter((system) => !block.some((row) => row.system === system));
    if (missing.length > 0) reasons.push(`no answer from ${missing.length} of ${systems.length} systems (${missing.join('; ')})`);
    const rowScores: number[] = [];
    const rowLines: number[] = [];
    for (const system of systems) {
      const answers = block.filter((row) => row.system === system);
      if (answers.length > 1) {
        reasons.push(`${system} answers ${answers.length} times (lines ${answers.map((row) => row.line).join(', ')})`);
        continue;
      }
      const answer = answers[0];
      if (!answer) continue;
      if (answer.score === null) {
        reasons.push(`${system} at line ${answer.line} is ${answer.marks.length === 0 ? 'unmarked' : 'multi-marked'}`);
        continue;
      }
      rowScores.push(answer.score);
      rowLines.push(answer.line);
    }
    if (reasons.length > 0) {
      const firstLine = Math.min(...imported.rows.filter((row) => row.question === question).map((row) => row.line));
      excluded.push({ question, line: firstLine, reasons });
    } else {
      questions.push(question);
      scores.push(rowScores);
      lines.push(rowLines);
    }
  }
  return { file: imported.file, systems, questions, scores, lines, excluded };
}
