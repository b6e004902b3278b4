/**
 * The option and result types of the text metrics (BLEU, ROUGE, BERTScore). zod schemas are the single source;
 * the TypeScript types are `z.infer` of them, so a run can validate options read from a config file and results
 * read back from disk with the same definitions.
 */
import { z } from 'zod';
import type { ProgressFactory } from '../../core/progress.js';

/** sacrebleu 2.x tokenizers this workspace implements (`--tokenize`). */
export const bleuTokenizerSchema = z.enum(['13a', 'intl', 'char', 'none']);
export type BleuTokenizer = z.infer<typeof bleuTokenizerSchema>;

/** sacrebleu 2.x smoothing methods (Chen & Cherry 2014: none, floor = method 1, add-k = method 2, exp = method 3). */
export const bleuSmoothMethodSchema = z.enum(['exp', 'floor', 'add-k', 'none']);
export type BleuSmoothMethod = z.infer<typeof bleuSmoothMethodSchema>;

/** Options of {@link corpusBleu} and {@link sentenceBleu}, named after sacrebleu's `BLEU(...)` arguments. */
export const bleuOptionsSchema = z.object({
  /** Tokenizer applied to hypotheses and references; default `13a`. */
  tokenize: bleuTokenizerSchema.optional(),
  /** Smoothing; default `exp`. */
  smoothMethod: bleuSmoothMethodSchema.optional(),
  /** Value for `floor` (default 0.1) and `add-k` (default 1); ignored by `exp` and `none`. */
  smoothValue: z.number().nonnegative().optional(),
  /** Lowercase hypotheses and references before tokenizing; default false. */
  lowercase: z.boolean().optional(),
  /** Average only over the n-gram orders that have at least one hypothesis n-gram (default: false for corpus,
   *  true for sentence BLEU). */
  effectiveOrder: z.boolean().optional(),
  /** Highest n-gram order; default 4. */
  maxNgramOrder: z.number().int().positive().optional(),
});
export type BleuOptions = z.infer<typeof bleuOptionsSchema>;

/** A BLEU result as sacrebleu's `BLEUScore` reports it. */
export const bleuScoreSchema = z.object({
  /** BLEU on the 0–100 scale. */
  score: z.number(),
  /** Modified n-gram precisions in percent (0–100), one per order, after smoothing. */
  precisions: z.array(z.number()),
  brevityPenalty: z.number(),
  /** Number of hypothesis tokens (summed over the corpus). */
  hypothesisLength: z.number().int().nonnegative(),
  /** Effective reference length: per segment the reference length closest to the hypothesis length. */
  referenceLength: z.number().int().nonnegative(),
  /** Matched n-grams per order (clipped), before add-k smoothing. */
  counts: z.array(z.number().int().nonnegative()),
  /** Hypothesis n-grams per order, before add-k smoothing. */
  totals: z.array(z.number().int().nonnegative()),
  /** sacrebleu 2.x signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`. */
  signature: z.string(),
});
export type BleuScore = z.infer<typeof bleuScoreSchema>;

/** Precision, recall and F1 of one ROUGE type, as rouge-score's `Score` tuple. */
export const rougeTypeScoreSchema = z.object({
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  fmeasure: z.number().min(0).max(1),
});
export type RougeTypeScore = z.infer<typeof rougeTypeScoreSchema>;

/** Options of {@link rougeScore}: `types` among rouge1…rouge9, rougeL, rougeLsum. */
export const rougeOptionsSchema = z.object({
  types: z.array(z.string()).min(1),
  useStemmer: z.boolean().optional(),
});
export type RougeOptions = z.infer<typeof rougeOptionsSchema>;

/** A BERTScore baseline (one row of bert-score's rescale_baseline/<lang>/<model>.tsv, for the chosen layer). */
export const bertScoreBaselineSchema = z.object({
  precision: z.number().lt(1),
  recall: z.number().lt(1),
  f1: z.number().lt(1),
});
export type BertScoreBaseline = z.infer<typeof bertScoreBaselineSchema>;

/** Options of {@link bertScore}. */
export const bertScoreOptionsSchema = z.object({
  /** A transformers.js model: Hub id (ONNX export with the chosen hidden state) or local folder. */
  model: z.string().min(1),
  /**
   * Index into Hugging Face's `hidden_states` tuple (0 = embeddings, L = last layer): the model must output
   * `hidden_states.<layer>`. Omitted: `last_hidden_state` (right for a model exported truncated to that layer).
   */
  layer: z.number().int().nonnegative().optional(),
  /** Weight tokens by inverse document frequency computed from the references (bert-score `idf=True`). */
  idf: z.boolean().optional(),
  /** Rescale P, R and F1 with this baseline: (x − b) / (1 − b) (bert-score `rescale_with_baseline`). */
  baseline: bertScoreBaselineSchema.optional(),
  /**
   * Put a space before each text as bert-score does for GPT-2/RoBERTa byte-level BPE tokenizers
   * (`add_prefix_space=True`). Default: true when the model's config has model_type roberta, gpt2, bart or longformer.
   */
  addPrefixSpace: z.boolean().optional(),
  /** Texts embedded per model call (default 16). */
  batchSize: z.number().int().positive().optional(),
  /** Allow downloading a Hub model (default: as the RAG stage, true unless ECG_LLM_OFFLINE=1). */
  allowRemoteModels: z.boolean().optional(),
  /** Progress of the embedding pass (texts embedded); default silent. */
  progress: z.custom<ProgressFactory>((value) => typeof value === 'function', 'must be a progress factory').optional(),
});
export type BertScoreOptions = z.infer<typeof bertScoreOptionsSchema>;

/** BERTScore per candidate, correctly labelled. */
export const bertScoreResultSchema = z.object({
  precision: z.array(z.number()),
  recall: z.array(z.number()),
  f1: z.array(z.number()),
  /** How the values were computed, for run manifests. */
  settings: z.object({
    model: z.string(),
    layer: z.union([z.number().int(), z.literal('last')]),
    idf: z.boolean(),
    rescaled: z.boolean(),
    addPrefixSpace: z.boolean(),
  }),
});
export type BertScoreResult = z.infer<typeof bertScoreResultSchema>;
