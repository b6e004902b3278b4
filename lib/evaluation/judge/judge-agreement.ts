/**
 * How far to trust an LLM judge: its absolute grades (1–5) against the experts' ratings of the same answers
 * (four ordered categories, authors-pipeline §5.6, see docs/authors-pipeline.md).
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../../core/errors.js';
import { RATING_CATEGORIES, ratingCategorySchema, ratingScore, type RatingCategory } from '../../data/import-human-ratings.js';
import { cohenKappa } from '../../stats/cohen-kappa.js';
import { krippendorffAlpha } from '../../stats/krippendorff-alpha.js';

/** The judge's five scores, as table columns. */
export const JUDGE_SCORES = [1, 2, 3, 4, 5] as const;

/**
 * The default mapping of a judge score onto the experts' ordinal scale (0 incorrect … 3 correct), used for
 * Krippendorff's α. It follows the default rubric (lib/evaluation/judge/judge-prompts.ts): 1 wrong → incorrect,
 * 2 mostly incorrect and 3 partly correct with an error → partially incorrect, 4 correct but incomplete → correct
 * but incomplete, 5 correct and complete → correct.
 */
export const DEFAULT_SCORE_TO_CATEGORY: Readonly<Record<1 | 2 | 3 | 4 | 5, RatingCategory>> = {
  1: 'incorrect',
  2: 'partially_incorrect',
  3: 'partially_incorrect',
  4: 'correct_incomplete',
  5: 'correct',
};

/** One answer graded by both: the experts' category and the judge's score (null = unparseable verdict). */
export interface JudgeAgreementItem {
  humanCategory: RatingCategory;
  score: number | null;
}

export interface JudgeAgreementOptions {
  /** Lowest judge score that counts as "judged correct" (default 4). */
  judgedCorrectMinScore?: number;
  /** Expert categories that count as "correct" (default: correct and correct but incomplete). */
  humanCorrect?: readonly RatingCategory[];
  /** Judge score → expert category, for Krippendorff's α (default {@link DEFAULT_SCORE_TO_CATEGORY}). */
  scoreToCategory?: Readonly<Record<1 | 2 | 3 | 4 | 5, RatingCategory>>;
}

const cellPairSchema = z.object({ humanCorrect: z.number().int().nonnegative(), humanNotCorrect: z.number().int().nonnegative() });
const scoreRowSchema = z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() });

/** The agreement summary (the body of `judge-agreement.json`). */
export const judgeAgreementSchema = z.object({
  /** Answers graded (every single-marked answer). */
  n: z.number().int().nonnegative(),
  /** Of those, verdicts that could not be parsed; they are left out of every table and coefficient. */
  unparseable: z.number().int().nonnegative(),
  /** `n − unparseable`: the answers in the tables. */
  evaluated: z.number().int().nonnegative(),
  thresholds: z.object({ judgedCorrectMinScore: z.number().int().min(1).max(5), humanCorrect: z.array(ratingCategorySchema) }),
  /** Judged correct/incorrect (rows) × experts correct/not correct (columns). */
  table: z.object({ judgedCorrect: cellPairSchema, judgedIncorrect: cellPairSchema }),
  /** Expert category (rows, worst → best) × judge score 1–5 (columns). */
  categoryByScore: z.object({ incorrect: scoreRowSchema, partially_incorrect: scoreRowSchema, correct_incomplete: scoreRowSchema, correct: scoreRowSchema }),
  /** Cohen's κ of the binary judgements (judged correct vs experts correct); null when undefined (one class only). */
  cohenKappa: z.number().nullable(),
  /** Krippendorff's α (ordinal) of the experts' category and the judge's score mapped by `scoreToCategory`; null when undefined. */
  krippendorffAlphaOrdinal: z.number().nullable(),
  scoreToCategory: z.record(z.string(), ratingCategorySchema),
  /** The paper's two findings as numbers. */
  findings: z.object({
    /** Of the answers the judge rated correct, the share the experts rated correct. */
    judgedCorrectExpertsCorrect: z.number().nullable(),
    /** Of the answers the judge rated incorrect, the share the experts rated correct. */
    judgedIncorrectExpertsCorrect: z.number().nullable(),
  }),
});
export type JudgeAgreement = z.infer<typeof judgeAgreementSchema>;

function finiteOrNull(compute: () => number): number | null {
  try {
    const value = compute();
    return Number.isFinite(value) ? value : null;
  } catch (error) {
    if (error instanceof InvalidArgumentError) return null;
    throw error;
  }
}

/**
 * Compares a judge's absolute grades with the experts' categories: the 2×2 table of judged correct (score ≥
 * `judgedCorrectMinScore`) against experts correct (category in `humanCorrect`), the 4×5 table of category ×
 * score, Cohen's κ on the binary judgements (Cohen 1960; equal to `sklearn.metrics.cohen_kappa_score`),
 * Krippendorff's α with the ordinal metric on the common 4-category scale (Krippendorff 2011), and the two shares
 * the paper reports. Unparseable verdicts are counted in `unparseable` and left out of the rest.
 *
 * @example
 * judgeAgreement([{ humanCategory: 'correct', score: 5 }, { humanCategory: 'incorrect', score: 4 }, { humanCategory: 'incorrect', score: 1 }]);
 * // table.judgedCorrect = { humanCorrect: 1, humanNotCorrect: 1 }; findings.judgedCorrectExpertsCorrect = 0.5
 */
export function judgeAgreement(items: readonly JudgeAgreementItem[], options: JudgeAgreementOptions = {}): JudgeAgreement {
  if (!Array.isArray(items)) throw new InvalidArgumentError('items', 'must be an array of { humanCategory, score }');
  const minimum = options.judgedCorrectMinScore ?? 4;
  if (!Number.isInteger(minimum) || minimum < 1 || minimum > 5) throw new InvalidArgumentError('options.judgedCorrectMinScore', `must be an integer from 1 to 5, got ${String(minimum)}`);
  const humanCorrect = [...(options.humanCorrect ?? (['correct_incomplete', 'correct'] as const))];
  if (humanCorrect.length === 0) throw new InvalidArgumentError('options.humanCorrect', 'name at least one category');
  humanCorrect.forEach((category, index) => {
    if (!RATING_CATEGORIES.includes(category)) throw new InvalidArgumentError(`options.humanCorrect[${index}]`, `must be one of ${RATING_CATEGORIES.join(', ')}, got ${String(category)}`);
  });
  const scoreToCategory = options.scoreToCategory ?? DEFAULT_SCORE_TO_CATEGORY;
  const table = { judgedCorrect: { humanCorrect: 0, humanNotCorrect: 0 }, judgedIncorrect: { humanCorrect: 0, humanNotCorrect: 0 } };
  const emptyRow = () => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
  const categoryByScore = { incorrect: emptyRow(), partially_incorrect: emptyRow(), correct_incomplete: emptyRow(), correct: emptyRow() };
  const judgedLabels: number[] = [];
  const humanLabels: number[] = [];
  const judgeOrdinal: number[] = [];
  const humanOrdinal: number[] = [];
  let unparseable = 0;
  items.forEach((item: JudgeAgreementItem, index: number) => {
    if (!RATING_CATEGORIES.includes(item.humanCategory)) throw new InvalidArgumentError(`items[${index}].humanCategory`, `must be one of ${RATING_CATEGORIES.join(', ')}`);
    if (item.score === null) {
      unparseable++;
      return;
    }
    const score = item.score;
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new InvalidArgumentError(`items[${index}].score`, `must be an integer from 1 to 5 or null, got ${String(score)}`);
    const judged = score >= minimum;
    const human = humanCorrect.includes(item.humanCategory);
    table[judged ? 'judgedCorrect' : 'judgedIncorrect'][human ? 'humanCorrect' : 'humanNotCorrect']++;
    categoryByScore[item.humanCategory][score as 1 | 2 | 3 | 4 | 5]++;
    judgedLabels.push(judged ? 1 : 0);
    humanLabels.push(human ? 1 : 0);
    judgeOrdinal.push(ratingScore(scoreToCategory[score as 1 | 2 | 3 | 4 | 5]));
    humanOrdinal.push(ratingScore(item.humanCategory));
  });
  const evaluated = judgedLabels.length;
  const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
  return {
    n: items.length,
    unparseable,
    evaluated,
    thresholds: { judgedCorrectMinScore: minimum, humanCorrect },
    table,
    categoryByScore,
    cohenKappa: evaluated === 0 ? null : finiteOrNull(() => cohenKappa(judgedLabels, humanLabels, { categories: [0, 1] })),
    krippendorffAlphaOrdinal: evaluated === 0 ? null : finiteOrNull(() => krippendorffAlpha([humanOrdinal, judgeOrdinal], { metric: 'ordinal' })),
    scoreToCategory: { ...scoreToCategory },
    findings: {
      judgedCorrectExpertsCorrect: share(table.judgedCorrect.humanCorrect, table.judgedCorrect.humanCorrect + table.judgedCorrect.humanNotCorrect),
      judgedIncorrectExpertsCorrect: share(table.judgedIncorrect.humanCorrect, table.judgedIncorrect.humanCorrect + table.judgedIncorrect.humanNotCorrect),
    },
  };
}
