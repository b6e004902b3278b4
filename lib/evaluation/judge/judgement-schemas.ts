/**
 * The zod schemas (single source of the types) of the LLM judge's verdicts: absolute grades, pairwise
 * comparisons run in both orders, and the authors' listwise ranking (`legacy`). Every verdict keeps the judge's
 * raw reply and says whether it could be parsed, so that no number is reported without the text it came from.
 */
import { z } from 'zod';

/** One absolute grade (Prometheus style): feedback, then an integer score 1–5. */
export const absoluteJudgementSchema = z.object({
  /** The integer score 1–5, or null when the reply could not be parsed. */
  score: z.number().int().min(1).max(5).nullable(),
  /** The judge's feedback (the text before the verdict), or null when there was none. */
  feedback: z.string().nullable(),
  /** The judge's reply, verbatim. */
  raw: z.string(),
  /** True when a score was found. */
  parsed: z.boolean(),
  /** Why the reply could not be parsed (only when `parsed` is false). */
  parseError: z.string().optional(),
});
export type AbsoluteJudgement = z.infer<typeof absoluteJudgementSchema>;

/** A pairwise verdict as the judge wrote it: the answer shown first (`A`), second (`B`), or a tie. */
export const pairwiseVerdictSchema = z.enum(['A', 'B', 'tie']);
export type PairwiseVerdict = z.infer<typeof pairwiseVerdictSchema>;

/** A winner mapped back to the caller's answers: index 0 or 1, a tie, or null (unparseable). */
export const pairwiseWinnerSchema = z.union([z.literal(0), z.literal(1), z.literal('tie')]).nullable();
export type PairwiseWinner = z.infer<typeof pairwiseWinnerSchema>;

/** One of the two presentations of a pair. */
export const pairwiseOrderSchema = z.object({
  /** `shown[k]` is the caller's index of the answer shown in position k (A, B): `[0, 1]` or `[1, 0]`. */
  shown: z.tuple([z.number().int().min(0).max(1), z.number().int().min(0).max(1)]),
  /** The verdict as written (positions), or null when unparseable. */
  verdict: pairwiseVerdictSchema.nullable(),
  /** The verdict mapped back to the caller's indexes. */
  winner: pairwiseWinnerSchema,
  feedback: z.string().nullable(),
  raw: z.string(),
  parsed: z.boolean(),
  parseError: z.string().optional(),
});
export type PairwiseOrder = z.infer<typeof pairwiseOrderSchema>;

/** A pairwise comparison run in both orders. */
export const pairwiseJudgementSchema = z.object({
  /**
   * The overall winner: the mapped winner when both orders agree; `'tie'` when they disagree (the convention of
   * Zheng et al. 2023, MT-Bench, arXiv 2306.05685 §3.4) or both say tie; null when either order is unparseable.
   */
  winner: pairwiseWinnerSchema,
  /** The two presentations: answers in the given order, then swapped. */
  orders: z.tuple([pairwiseOrderSchema, pairwiseOrderSchema]),
  /** True when both orders were parsed and mapped back to the same winner. */
  consistent: z.boolean(),
});
export type PairwiseJudgement = z.infer<typeof pairwiseJudgementSchema>;

/** The authors' listwise ranking (§5.5), rebuilt with seeded shuffling and mapped back. */
export const listwiseJudgementSchema = z.object({
  /** `shown[k]` is the caller's index of the answer shown as the k-th response (letter A + k). */
  shown: z.array(z.number().int().nonnegative()),
  /** The caller's indexes from best to worst, or null when unparseable. */
  ranking: z.array(z.number().int().nonnegative()).nullable(),
  /** Rank of each of the caller's answers (1 = best), or null. */
  ranks: z.array(z.number().int().positive()).nullable(),
  /** The judge's score of each of the caller's answers, when it gave valid ones. */
  scores: z.array(z.number()).nullable(),
  /** The judge's correctness flag of each of the caller's answers, when it gave valid ones. */
  correct: z.array(z.boolean()).nullable(),
  raw: z.string(),
  parsed: z.boolean(),
  parseError: z.string().optional(),
});
export type ListwiseJudgement = z.infer<typeof listwiseJudgementSchema>;
