/**
 * What the finetuning stage writes to disk: the job record (`runs/<run-id>/job.json`, the persisted state
 * machine), and what the container writes (`status.json`, `metrics.jsonl`, `artifacts.json`; the contract in
 * environment/README.md).
 */
import { z } from 'zod';
import { finetuneSpecSchema } from './finetune.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const trainingJobStateSchema = z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled', 'lost']);

export const trainingJobHandleSchema = z.object({
  backend: z.enum(['slurm', 'docker', 'kubernetes']),
  id: z.string().min(1),
  name: z.string().min(1),
  outputDirectory: z.string().min(1),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/** One file the container produced, with its sha256 (`/output/artifacts.json`). */
export const trainingArtifactSchema = z.object({
  /** Relative to the output folder, `/` separators, no `..`. */
  path: z.string().min(1).refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), 'must be a relative path inside the output folder'),
  sha256,
  bytes: z.number().int().nonnegative(),
});
export type TrainingArtifact = z.infer<typeof trainingArtifactSchema>;

export const trainingArtifactsFileSchema = z.object({
  files: z.array(trainingArtifactSchema).min(1),
  trainer: z.string().optional(),
  /** Versions of the software inside the container, as the entrypoint found them. */
  versions: z.record(z.string(), z.string()).optional(),
});

/** `/output/status.json`, rewritten by the container as it goes. */
export const containerStatusSchema = z.object({
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  step: z.number().int().nonnegative().optional(),
  totalSteps: z.number().int().nonnegative().optional(),
  epoch: z.number().nonnegative().optional(),
  message: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type ContainerStatus = z.infer<typeof containerStatusSchema>;

/** One line of `/output/metrics.jsonl`: a logging step (training loss, learning rate) and/or an evaluation. */
export const trainingMetricSchema = z.object({
  step: z.number().int().nonnegative(),
  epoch: z.number().nonnegative(),
  loss: z.number().optional(),
  learningRate: z.number().nonnegative().optional(),
  evalLoss: z.number().optional(),
  gradNorm: z.number().optional(),
});
export type TrainingMetric = z.infer<typeof trainingMetricSchema>;

export const trainingJobRecordSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string().min(1),
  spec: finetuneSpecSchema,
  specHash: sha256,
  image: z.string().min(1),
  backend: z.enum(['slurm', 'docker', 'kubernetes']),
  /** Non-secret settings of the backend (runtime, partition, endpoint...). */
  backendSettings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  submission: z.object({
    name: z.string(),
    inputDirectory: z.string(),
    outputDirectory: z.string(),
    command: z.array(z.string()).optional(),
    environment: z.record(z.string(), z.string()),
    /** Names (never values) of the secret variables passed to the container. */
    secretNames: z.array(z.string()),
    resources: z.object({ gpus: z.number().int().nonnegative(), cpus: z.number().int().positive().optional(), memoryGiB: z.number().positive().optional(), timeLimitMinutes: z.number().int().positive().optional() }),
  }),
  handle: trainingJobHandleSchema.nullable(),
  /** The process that submits the job (while `handle` is still null, that process may be waiting for the scheduler). */
  submittedBy: z.object({ pid: z.number().int().positive(), host: z.string() }).optional(),
  state: trainingJobStateSchema,
  /** For `lost`: the last state the scheduler reported before it forgot the job. */
  lastKnownState: trainingJobStateSchema.optional(),
  schedulerState: z.string().optional(),
  exitCode: z.number().int().nullable().optional(),
  reason: z.string().optional(),
  progress: containerStatusSchema.optional(),
  history: z.array(z.object({ state: trainingJobStateSchema, schedulerState: z.string().optional(), at: z.string() })),
  timings: z.object({
    createdAt: z.string(),
    submittedAt: z.string().optional(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    collectedAt: z.string().optional(),
  }),
  artifacts: z.array(trainingArtifactSchema).optional(),
  adapterSha256: sha256.optional(),
});
export type TrainingJobRecord = z.infer<typeof trainingJobRecordSchema>;
