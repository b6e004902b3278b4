import { z } from 'zod';

/** A file or folder a run read, identified by content hash. */
export const datasetReferenceSchema = z.object({
  name: z.string().min(1),
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  /** For a folder: how many files its hash covers. */
  files: z.number().int().nonnegative().optional(),
});
export type DatasetReference = z.infer<typeof datasetReferenceSchema>;

/** A model a run used, with its exact identity and the parameters that affect its output. */
export const modelReferenceSchema = z.object({
  role: z.string().min(1),
  provider: z.string().min(1),
  id: z.string().min(1),
  /** Content digest or revision where the provider reports one (Ollama digest, HF revision, file sha256). */
  digest: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
});
export type ModelReference = z.infer<typeof modelReferenceSchema>;

export const runStatusSchema = z.enum(['running', 'succeeded', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** `runs/<run-id>/manifest.json`: the provenance of one stage run. */
export const runManifestSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string().min(1),
  stage: z.string().min(1),
  status: runStatusSchema,
  command: z.array(z.string()).optional(),
  /** The process that ran it, so a run left `running` by a killed process can be told from a live one. */
  process: z.object({ pid: z.number().int().positive(), host: z.string() }).optional(),
  git: z.object({ commit: z.string().nullable(), dirty: z.boolean().nullable() }),
  environment: z.object({
    node: z.string(),
    platform: z.string(),
    arch: z.string(),
    packageName: z.string(),
    packageVersion: z.string(),
    dependencies: z.record(z.string(), z.string()),
  }),
  config: z.unknown(),
  configHash: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z.union([z.number(), z.string()]).nullable(),
  inputs: z.array(datasetReferenceSchema),
  models: z.array(modelReferenceSchema),
  outputs: z.array(datasetReferenceSchema.extend({ records: z.number().int().nonnegative().optional() })),
  counts: z.record(z.string(), z.number()),
  usage: z.record(z.string(), z.unknown()).optional(),
  timings: z.object({
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    durationMs: z.number().nonnegative().optional(),
    phasesMs: z.record(z.string(), z.number().nonnegative()).default({}),
  }),
  error: z
    .object({ name: z.string(), code: z.string().optional(), message: z.string(), details: z.unknown().optional() })
    .optional(),
});
export type RunManifest = z.infer<typeof runManifestSchema>;
