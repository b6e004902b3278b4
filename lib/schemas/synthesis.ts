/**
 * Question items: synthetic Q&A pairs and 4-option multiple-choice items written by an LLM from the corpus
 * (stage 2), and hand-written items in the same shape. Every item knows the exact source text it was made
 * from, so retrieval can be evaluated without an LLM and leakage between splits can be checked.
 * The synthesis stage may add optional fields; the fields below are the contract other stages rely on.
 */
import { z } from 'zod';
import { characterSpanSchema, pageSpanSchema } from './corpus.js';

/** Where an item's answer comes from. */
export const itemSourceSchema = z.object({
  documentId: z.string().regex(/^doc-[0-9a-f]{16}$/),
  /** The chunk or generation unit the item was written from, where there is one. */
  chunkId: z.string().optional(),
  sectionPath: z.array(z.string()),
  /** The characters of the document's cleaned text that support the answer (or the whole unit). */
  span: characterSpanSchema,
  pages: pageSpanSchema.nullable().optional(),
});
export type ItemSource = z.infer<typeof itemSourceSchema>;

/** Who or what wrote the item. */
export const itemGeneratorSchema = z.object({
  /** `ollama`, `anthropic`, `openai-compatible`, `llama-cpp`, or `human` for hand-written items. */
  provider: z.string().min(1),
  /** Exact model id (and digest where known), or the author for hand-written items. */
  model: z.string().min(1),
  modelDigest: z.string().optional(),
  promptVersion: z.string().min(1),
  /** SHA-256 of the prompt template the item was generated with (synthesis stage). */
  promptHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  runId: z.string().optional(),
});
export type ItemGenerator = z.infer<typeof itemGeneratorSchema>;

export const splitNameSchema = z.enum(['train', 'val', 'test']);
export type SplitName = z.infer<typeof splitNameSchema>;

export const qaItemSchema = z.object({
  id: z.string().regex(/^qa-[0-9a-f]{16}$/),
  question: z.string().min(1),
  answer: z.string().min(1),
  source: itemSourceSchema,
  generator: itemGeneratorSchema,
  split: splitNameSchema.optional(),
  /** Quality flags, e.g. `answer-not-supported`, `near-duplicate`. */
  flags: z.array(z.string()).default([]),
  /** Share of the answer's content-word stems found in the source span (synthesis stage's lexical check). */
  supportScore: z.number().min(0).max(1).optional(),
});
export type QaItem = z.infer<typeof qaItemSchema>;

export const optionLetterSchema = z.enum(['A', 'B', 'C', 'D']);
export type OptionLetter = z.infer<typeof optionLetterSchema>;

export const mcItemSchema = z.object({
  id: z.string().regex(/^mc-[0-9a-f]{16}$/),
  question: z.string().min(1),
  /** Exactly four distinct options, in presentation order (A, B, C, D). */
  options: z
    .array(z.string().min(1))
    .length(4)
    .refine((options) => new Set(options.map((option) => option.trim().toLowerCase())).size === 4, {
      message: 'options must be distinct',
    }),
  answer: optionLetterSchema,
  source: itemSourceSchema,
  generator: itemGeneratorSchema,
  split: splitNameSchema.optional(),
  flags: z.array(z.string()).default([]),
  /** Share of the correct option's content-word stems found in the source span (synthesis stage). */
  supportScore: z.number().min(0).max(1).optional(),
  /** The letter the generator gave the correct option before the seeded shuffle (shows its position bias). */
  generatedAnswer: optionLetterSchema.optional(),
});
export type McItem = z.infer<typeof mcItemSchema>;
