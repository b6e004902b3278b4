/**
 * The hand-written multiple-choice set for the demo corpus (`data/demo-mc/demo-mc.jsonl`): four-option items,
 * each drawn from one demo-corpus document, with the sentence of that document that supports the correct answer.
 * Written for this project like the demo questions, so the MC pipeline runs on human-written items out of the box.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonl } from '../core/jsonl.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';

/** The answer letters, in choice order. */
export const DEMO_MC_LETTERS = ['A', 'B', 'C', 'D'] as const;

/** One item of the demo MC set. */
export const demoMcItemSchema = z
  .object({
    /** `demo-mc-NNN`. */
    id: z.string().regex(/^demo-mc-\d{3}$/, 'must look like demo-mc-001'),
    /** The slug of the demo-corpus document the item is drawn from (`data/demo-corpus-sources/texts/<slug>.md`). */
    document: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a document slug'),
    question: z.string().trim().min(1, 'the question is empty'),
    /** The four options, in the order A, B, C, D. */
    choices: z.tuple([z.string().trim().min(1), z.string().trim().min(1), z.string().trim().min(1), z.string().trim().min(1)]),
    answer: z.enum(DEMO_MC_LETTERS),
    /** A sentence copied verbatim from the document that supports the correct option. */
    evidence: z.string().trim().min(1, 'the evidence is empty'),
  })
  .strict()
  .refine((item) => new Set(item.choices.map((choice) => choice.trim().toLowerCase())).size === 4, { message: 'the four choices must differ', path: ['choices'] });
export type DemoMcItem = z.infer<typeof demoMcItemSchema>;

/** The path of the demo MC set. */
export function demoMcSetPath(paths: WorkspacePaths = resolveWorkspacePaths()): string {
  return join(paths.packageRoot, 'data', 'demo-mc', 'demo-mc.jsonl');
}

/**
 * Reads the demo MC set; a line that is not valid JSON or breaks the schema is an `InputFileError` naming the
 * file, line and field.
 *
 * @example
 * const items = await readDemoMcSet();
 * items[0]; // { id: 'demo-mc-001', document: 'conduction-system-and-ecg-genesis', question: '…', choices: [...], answer: 'B', evidence: '…' }
 */
export async function readDemoMcSet(path: string = demoMcSetPath()): Promise<DemoMcItem[]> {
  return readJsonl(path, demoMcItemSchema);
}
