/**
 * The shape of the generator model's reply, as zod schemas. The strict schemas ({@link qaReplySchema},
 * {@link mcReplySchema}) are turned into JSON Schema and given to the provider as its native structured-output
 * constraint. The reply is then read in two steps so that one bad item never costs the others: the envelope
 * ({@link replyEnvelopeSchema}: an object with an `items` array) must parse, or the whole unit fails (after the
 * repair turn); then each item is checked on its own against {@link qaDraftSchema} / {@link mcDraftSchema} and
 * the multiple-choice rules, and a failing item is reported with its raw JSON.
 */
import { z } from 'zod';

export const qaDraftSchema = z.object({
  question: z.string().trim().min(1).describe('A self-contained exam question in English about the medical content'),
  answer: z.string().trim().min(1).describe('The complete answer in English, stated in the passage'),
});
export type QaDraft = z.infer<typeof qaDraftSchema>;

export const mcOptionDraftSchema = z.object({
  text: z.string().trim().min(1).describe('The option text in English'),
  is_correct: z.boolean().describe('True for the one correct option, false for the three distractors'),
});
export type McOptionDraft = z.infer<typeof mcOptionDraftSchema>;

/** One multiple-choice item as the model writes it; the 4-options/one-correct rules are checked separately. */
export const mcDraftSchema = z.object({
  question: z.string().trim().min(1).describe('A self-contained multiple-choice question in English'),
  options: z.array(mcOptionDraftSchema).describe('Exactly four options, exactly one of them correct'),
});
export type McDraft = z.infer<typeof mcDraftSchema>;

/** The Q&A reply given to the provider as structured output. */
export const qaReplySchema = z.object({ items: z.array(qaDraftSchema).describe('The question-answer pairs') });

/** The multiple-choice reply given to the provider as structured output (four options per item). */
export const mcReplySchema = z.object({
  items: z
    .array(mcDraftSchema.extend({ options: z.array(mcOptionDraftSchema).length(4).describe('Exactly four options, exactly one correct') }))
    .describe('The multiple-choice questions'),
});

/** The lenient reading of either reply: an object with an array of items, each item checked later. */
export const replyEnvelopeSchema = z.object({ items: z.array(z.unknown()) });

export type ItemKind = 'qa' | 'mc';

/** The strict reply schema of an item kind. */
export function replySchemaFor(kind: ItemKind): typeof qaReplySchema | typeof mcReplySchema {
  return kind === 'qa' ? qaReplySchema : mcReplySchema;
}
