/**
 * Schemas of the evaluation stage (stage 5): evaluation items as read from the authors' and the workspace's
 * dataset files, systems (model + optional RAG context + optional adapter), the tidy per-item records every
 * run writes, and the summaries computed from them.
 */
import { z } from 'zod';

/** The four option letters of a multiple-choice item. */
export const choiceLetterSchema = z.enum(['A', 'B', 'C', 'D']);
export type ChoiceLetter = z.infer<typeof choiceLetterSchema>;
export const CHOICE_LETTERS: readonly ChoiceLetter[] = ['A', 'B', 'C', 'D'];

/** Dataset formats the importer recognises (see `readEvaluationDataset`). */
export const evaluationDatasetFormatSchema = z.enum([
  /** authors' Q&A `{question, answer, context, filename}` */
  'authors-qa',
  /** authors' MC `{question, choices[4], answer}` */
  'authors-mc',
  /** authors' MC with the options written into the question (`… A) … B) … C) … D) …`) */
  'authors-mc-inline',
  /** workspace synthesis output (lib/schemas/synthesis.ts `qaItemSchema`) */
  'workspace-qa',
  /** workspace synthesis output (lib/schemas/synthesis.ts `mcItemSchema`) */
  'workspace-mc',
  /** the hand-written demo sets `{id, document, question, answer, evidence}` / `{…, choices[4], answer: letter}` */
  'demo-qa',
  'demo-mc',
]);
export type EvaluationDatasetFormat = z.infer<typeof evaluationDatasetFormatSchema>;

/** One multiple-choice item, whatever file it came from. */
export const mcEvaluationItemSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  choices: z.array(z.string().min(1)).length(4),
  answer: choiceLetterSchema,
  /** The source document, where the file names one. */
  document: z.string().optional(),
  /** The sentence the item is drawn from, where the file has one. */
  evidence: z.string().optional(),
  /** 1-based line of the item in its file. */
  line: z.number().int().positive(),
});
export type McEvaluationItem = z.infer<typeof mcEvaluationItemSchema>;

/** One question–answer item. */
export const qaEvaluationItemSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  /** The reference answer. */
  answer: z.string().min(1),
  /** Source text the item was written from (authors' `context`, demo `evidence`), where present. */
  context: z.string().optional(),
  document: z.string().optional(),
  line: z.number().int().positive(),
});
export type QaEvaluationItem = z.infer<typeof qaEvaluationItemSchema>;

/** A dataset read and validated whole. */
export type EvaluationDataset =
  | { kind: 'mc'; format: EvaluationDatasetFormat; name: string; file: string; sha256: string; items: McEvaluationItem[] }
  | { kind: 'qa'; format: EvaluationDatasetFormat; name: string; file: string; sha256: string; items: QaEvaluationItem[] };

/** Sampling and length settings of a system's requests. */
export const generationSettingsSchema = z.object({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().gt(0).max(1).optional(),
  maxTokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
});
export type GenerationSettings = z.infer<typeof generationSettingsSchema>;

/** Retrieval context settings of a RAG system (lib/rag). */
export const ragContextSettingsSchema = z.object({
  topK: z.number().int().positive(),
  rerank: z.boolean(),
  /** Passages kept after reranking. */
  keep: z.number().int().positive().optional(),
  collection: z.string().optional(),
});
export type RagContextSettings = z.infer<typeof ragContextSettingsSchema>;

/** A finetuned adapter on a base model (identity only: the provider serves it). */
export const adapterIdentitySchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  baseModel: z.string().min(1),
  name: z.string().optional(),
});

/** A system under evaluation: a model with settings, optional RAG context and optional adapter. */
export const evaluationSystemSchema = z.object({
  /** A readable label (default: the model id); the system id adds a hash of everything else. */
  label: z.string().min(1).optional(),
  provider: z.string().min(1),
  model: z.string().min(1),
  /** Ollama host / API base URL; part of the settings but not of the id (the same model anywhere is the same system). */
  host: z.string().optional(),
  baseUrl: z.string().optional(),
  generation: generationSettingsSchema.default({}),
  rag: ragContextSettingsSchema.optional(),
  adapter: adapterIdentitySchema.optional(),
  /** Base model (no finetuning): the authors appended "answer shortly" to Q&A questions only for base models. */
  base: z.boolean().default(true),
});
export type EvaluationSystem = z.infer<typeof evaluationSystemSchema>;
export type EvaluationSystemInput = z.input<typeof evaluationSystemSchema>;

/** What the reply parser did with one reply. */
export const parseOutcomeSchema = z.object({
  /** The parsed value (a letter for MC), or null when nothing could be parsed. */
  value: z.string().nullable(),
  /** The rule that matched, e.g. `answer-phrase`, `bare-letter`, `loglikelihood`, `none`. */
  rule: z.string(),
});
export type ParseOutcome = z.infer<typeof parseOutcomeSchema>;

/**
 * One tidy per-item record: one metric of one item for one system in one run. Every summary is computed from
 * these records alone.
 */
export const evaluationRecordSchema = z.object({
  run: z.string(),
  system: z.string(),
  dataset: z.string(),
  item: z.string(),
  metric: z.string(),
  value: z.number().nullable(),
});
export type EvaluationRecord = z.infer<typeof evaluationRecordSchema>;

/** One model reply with what the parser did, kept beside the records (`replies.jsonl`). */
export const evaluationReplySchema = z.object({
  run: z.string(),
  system: z.string(),
  dataset: z.string(),
  item: z.string(),
  /** The raw reply text (for log-likelihood scoring: the generated text, usually one token). */
  reply: z.string(),
  parse: parseOutcomeSchema.optional(),
  /** Per-letter log-probabilities (log-likelihood scoring). */
  letterLogprobs: z.record(z.string(), z.number().nullable()).optional(),
  finishReason: z.string().optional(),
  /** The judge's raw verdict, when a judge scored the reply. */
  judge: z.string().optional(),
  cached: z.boolean().optional(),
  model: z.string().optional(),
});
export type EvaluationReply = z.infer<typeof evaluationReplySchema>;

/** A row of `mc-summary.json`. */
export const mcSummaryRowSchema = z.object({
  system: z.string(),
  dataset: z.string(),
  n: z.number().int().nonnegative(),
  correct: z.number().int().nonnegative(),
  unparseable: z.number().int().nonnegative(),
  accuracy: z.number().min(0).max(1),
  /** correct / (n − unparseable): the authors' figure, which drops failed parses from the denominator. */
  accuracyExcludingUnparseable: z.number().min(0).max(1).nullable(),
  wilson95: z.tuple([z.number(), z.number()]),
});
export type McSummaryRow = z.infer<typeof mcSummaryRowSchema>;

/** A row of the pairwise comparison table (McNemar for MC, permutation test for Q&A metrics). */
export const pairwiseComparisonRowSchema = z.object({
  dataset: z.string(),
  metric: z.string(),
  first: z.string(),
  second: z.string(),
  n: z.number().int().nonnegative(),
  /** MC: items only the first system got right; Q&A: mean of first − second. */
  difference: z.number(),
  /** Q&A: percentile bootstrap 95% interval of the mean difference (items resampled as pairs, seeded). */
  difference95: z.tuple([z.number(), z.number()]).optional(),
  onlyFirstCorrect: z.number().int().nonnegative().optional(),
  onlySecondCorrect: z.number().int().nonnegative().optional(),
  method: z.string(),
  pValue: z.number().min(0).max(1),
  /** Holm-adjusted over every comparison in the table. */
  pValueHolm: z.number().min(0).max(1),
});
export type PairwiseComparisonRow = z.infer<typeof pairwiseComparisonRowSchema>;

/** A row of `qa-summary.json`: one metric of one system on one dataset. */
export const qaSummaryRowSchema = z.object({
  system: z.string(),
  dataset: z.string(),
  metric: z.string(),
  /** Items with a value (a judge's unparseable verdicts have none). */
  n: z.number().int().nonnegative(),
  /** Mean of the values; null when there are none. */
  mean: z.number().nullable(),
  /** Percentile bootstrap 95% interval of the mean (items resampled, seeded); null with fewer than 2 items. */
  bootstrap95: z.tuple([z.number(), z.number()]).nullable(),
});
export type QaSummaryRow = z.infer<typeof qaSummaryRowSchema>;

/** Corpus-level BLEU of one system on one dataset (sacrebleu `corpus_score`), with its signature. */
export const corpusBleuRowSchema = z.object({
  system: z.string(),
  dataset: z.string(),
  score: z.number(),
  signature: z.string(),
});
export type CorpusBleuRow = z.infer<typeof corpusBleuRowSchema>;
