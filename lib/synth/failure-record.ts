/**
 * `failures.jsonl`: one record for everything the synthesis stage did not turn into a dataset item — a unit
 * whose request failed or whose reply could not be read, an item that broke a rule, an item removed as a
 * duplicate — with the raw text and the reason. Nothing is dropped without a record here.
 */
import { z } from 'zod';

export const failureStageSchema = z.enum(['request', 'parse', 'validate', 'deduplicate']);
export type FailureStage = z.infer<typeof failureStageSchema>;

export const failureRecordSchema = z.object({
  /** `unit`: the whole unit produced nothing; `item`: one item of a unit was rejected or removed. */
  scope: z.enum(['unit', 'item']),
  itemKind: z.enum(['qa', 'mc']),
  stage: failureStageSchema,
  unitId: z.string().min(1),
  documentId: z.string().min(1),
  /** Position of the item in the model's reply. */
  itemIndex: z.number().int().nonnegative().optional(),
  /** The removed item's id (for duplicates). */
  itemId: z.string().optional(),
  reason: z.string().min(1),
  /** The model's last raw reply text (unit failures) or the item's raw JSON (item failures). */
  raw: z.string().optional(),
  /** Every raw reply of a failed unit, in order (the first reply, then the repair turn's). */
  rawTexts: z.array(z.string()).optional(),
  /** Model calls made for a failed unit. */
  attempts: z.number().int().nonnegative().optional(),
  /** Typed error, for request failures. */
  error: z.object({ name: z.string(), code: z.string().optional(), message: z.string() }).optional(),
  /** For duplicates: the item that was kept, and the Jaccard similarity of the two. */
  duplicateOf: z.string().optional(),
  jaccard: z.number().min(0).max(1).optional(),
});
export type FailureRecord = z.infer<typeof failureRecordSchema>;
