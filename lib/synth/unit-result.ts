/**
 * The journal record of one finished generation task (one unit × one item kind). A synthesis run appends
 * one record per finished task to `runs/<id>/unit-results.jsonl.partial`; a restarted run reads them back
 * and skips those tasks, so a run killed half-way finishes with every item exactly once.
 */
import { z } from 'zod';
import { mcItemSchema, qaItemSchema } from '../schemas/synthesis.js';
import { failureRecordSchema } from './failure-record.js';

export const unitResultSchema = z.object({
  unitId: z.string().min(1),
  kind: z.enum(['qa', 'mc']),
  status: z.enum(['ok', 'failed']),
  qa: z.array(qaItemSchema).default([]),
  mc: z.array(mcItemSchema).default([]),
  failures: z.array(failureRecordSchema).default([]),
  /** Model calls made for the task (1, or 2 with the repair turn); 0 when nothing was asked. */
  attempts: z.number().int().nonnegative(),
  /** Calls answered from the response cache. */
  cachedResponses: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** The model id the provider reported for the reply. */
  reportedModel: z.string().optional(),
});
export type UnitResult = z.infer<typeof unitResultSchema>;
