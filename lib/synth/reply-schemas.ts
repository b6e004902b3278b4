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

/** The JSON Schema of a zod schema, without the `$schema` dialect marker, for embedding in another schema. */
function embeddedJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

/**
 * The reply schema handed to `generateStructured`: its JSON Schema (what the provider constrains decoding to)
 * is the strict one — each item a full Q&A pair or a four-option question — but parsing only requires the
 * `items` array, so that each item is then checked on its own and a bad item costs only itself.
 */
export function replyEnvelopeFor(kind: ItemKind): z.ZodObject<{ items: z.ZodArray<z.ZodUnknown> }> {
  const strictItems = (kind === 'qa' ? qaReplySchema : mcReplySchema).shape.items;
  const itemSchema = strictItems.element as z.ZodType;
  return z.object({
    items: z.array(z.unknown()).meta({ description: strictItems.description ?? 'The items', items: embeddedJsonSchema(itemSchema) }),
  });
}

export type ItemKind = 'qa' | 'mc';
