/**
 * A generation unit: one piece of a document's cleaned text that is sent to the generator model in one
 * request, with a target number of items. Its span indexes the document's text, so `text` is always
 * `document.text.slice(span.start, span.end)` and every item's provenance points into the corpus.
 */
import { z } from 'zod';
import { hashCanonical } from '../core/canonical-json.js';
import { characterSpanSchema, languageSchema, pageSpanSchema } from '../schemas/corpus.js';

export const generationUnitSchema = z.object({
  /** `unit-` + first 16 hex digits of SHA-256 of (documentId, span, method). */
  id: z.string().regex(/^unit-[0-9a-f]{16}$/),
  documentId: z.string().regex(/^doc-[0-9a-f]{16}$/),
  /** Position of the unit within its document (0-based). */
  index: z.number().int().nonnegative(),
  text: z.string().min(1),
  span: characterSpanSchema,
  sectionPath: z.array(z.string()),
  pages: pageSpanSchema.nullable(),
  /** cl100k_base token count of `text`. */
  tokens: z.number().int().nonnegative(),
  /** How the unit was made, e.g. `fixed-tokens:1500/0` or `sections-legacy:50000`. */
  method: z.string().min(1),
  language: languageSchema,
});
export type GenerationUnit = z.infer<typeof generationUnitSchema>;

/** The stable id of a unit. */
export function generationUnitId(documentId: string, span: { start: number; end: number }, method: string): string {
  return `unit-${hashCanonical({ documentId, span: { start: span.start, end: span.end }, method }).slice(0, 16)}`;
}
