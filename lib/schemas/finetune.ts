/**
 * The finetuning spec: everything that decides what a QLoRA training run produces — base model, the datasets
 * (by content hash), quantisation, LoRA, training parameters, seed and chat template. A spec is the single
 * source for the trainer configuration (`lib/finetune/axolotl-config.ts`), the run manifest and the identity of
 * a job (two submissions of the same spec to the same backend re-attach instead of training twice).
 *
 * The authors' values are in `docs/authors-pipeline.md` §3; the presets below reproduce each variant of §3.3.
 * Deliberate differences from the authors' code (§7.3): bf16 mixed precision instead of their fp16 autocast over
 * a bf16 compute dtype, a seed (they set none), and the official Llama 3 chat template by default (their
 * hand-built template is `chatTemplate: 'legacy'`, §3.5).
 */
import { z } from 'zod';
import { InputFileError, InvalidArgumentError } from '../core/errors.js';
import { formatIssuePath } from '../core/validate.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 (64 characters)');

/** A dataset file of the synthesis stage (chat `messages` JSONL) with its content hash. */
export const finetuneDatasetSchema = z.object({
  /** Path as given (absolute, or relative to the workspace root). */
  path: z.string().min(1),
  sha256,
  bytes: z.number().int().nonnegative(),
  records: z.number().int().positive(),
});
export type FinetuneDataset = z.infer<typeof finetuneDatasetSchema>;

/** The modules LoRA adapts in every configuration of the authors (§3.3), `lm_head` included. */
export const PAPER_TARGET_MODULES = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj', 'lm_head'] as const;

export const loraSchema = z
  .object({
    r: z.number().int().min(1).max(4096),
    alpha: z.number().positive().max(65536),
    dropout: z.number().min(0).max(0.9),
    bias: z.literal('none').default('none'),
    targetModules: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'must be a module name such as q_proj'))
      .min(1)
      .refine((modules) => new Set(modules).size === modules.length, 'must not name a module twice'),
  })
  .strict();

export const quantisationSchema = z
  .object({
    /** 4-bit weights through bitsandbytes (QLoRA). */
    bits: z.literal(4),
    quantType: z.enum(['nf4', 'fp4']),
    doubleQuant: z.boolean(),
    computeDtype: z.enum(['bfloat16', 'float16', 'float32']),
  })
  .strict();

export const trainingSchema = z
  .object({
    learningRate: z.number().positive().max(1),
    scheduler: z.enum(['cosine', 'linear', 'constant']),
    warmupRatio: z.number().min(0).lt(1),
    epochs: z.number().positive().max(100),
    optimizer: z.enum(['paged_adamw_32bit', 'paged_adamw_8bit', 'adamw_torch']),
    maxGradNorm: z.number().positive(),
    weightDecay: z.number().min(0).default(0),
    microBatchSize: z.number().int().positive(),
    evalBatchSize: z.number().int().positive(),
    gradientAccumulationSteps: z.number().int().positive(),
    loggingSteps: z.number().int().positive(),
    evalSteps: z.number().int().positive(),
    saveSteps: z.number().int().positive(),
    /** Mixed precision. The authors used fp16 autocast over a bf16 compute dtype (a bug, §7.3); bf16 is the fix. */
    precision: z.enum(['bf16', 'fp16']),
    /** Longest sequence in tokens; the authors did not truncate (§3.4), so the default is long enough for any item. */
    sequenceLength: z.number().int().min(64).max(131072),
    gradientCheckpointing: z.boolean(),
  })
  .strict();

export const chatTemplateSchema = z.enum(['llama3', 'legacy']);
export type ChatTemplateName = z.infer<typeof chatTemplateSchema>;

/** The hyperparameters of a preset: a spec without datasets. */
export const finetuneParametersSchema = z
  .object({
    baseModel: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a Hugging Face model id such as meta-llama/Llama-3.1-8B-Instruct'),
    /** A Hugging Face revision (commit) to pin the base model; recorded in the manifest. */
    baseModelRevision: z.string().min(1).optional(),
    quantisation: quantisationSchema,
    lora: loraSchema,
    training: trainingSchema,
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    chatTemplate: chatTemplateSchema,
    /** Loss only on assistant turns (the prompt is masked with -100), as the authors did (§3.5). */
    trainOn: z.literal('assistant'),
  })
  .strict();
export type FinetuneParameters = z.infer<typeof finetuneParametersSchema>;

export const finetuneSpecSchema = finetuneParametersSchema
  .extend({
    schemaVersion: z.literal(1),
    /** The preset the spec started from, or `custom`. */
    preset: z.string().min(1),
    datasets: z.object({ train: finetuneDatasetSchema, validation: finetuneDatasetSchema }).strict(),
  })
  .strict();
export type FinetuneSpec = z.infer<typeof finetuneSpecSchema>;

const commonTraining = {
  learningRate: 2e-4,
  scheduler: 'cosine',
  warmupRatio: 0.01,
  optimizer: 'paged_adamw_32bit',
  maxGradNorm: 0.3,
  weightDecay: 0,
  loggingSteps: 100,
  saveSteps: 1000,
  precision: 'bf16',
  sequenceLength: 4096,
  gradientCheckpointing: true,
} as const;

function paperPreset(
  baseModel: string,
  r: number,
  alpha: number,
  batch: { micro: number; evalSteps: number; epochs?: number },
): FinetuneParameters {
  return {
    baseModel,
    quantisation: { bits: 4, quantType: 'nf4', doubleQuant: false, computeDtype: 'bfloat16' },
    lora: { r, alpha, dropout: 0.1, bias: 'none', targetModules: [...PAPER_TARGET_MODULES] },
    training: {
      ...commonTraining,
      epochs: batch.epochs ?? 2,
      microBatchSize: batch.micro,
      evalBatchSize: batch.micro,
      gradientAccumulationSteps: 2,
      evalSteps: batch.evalSteps,
    },
    seed: 42,
    chatTemplate: 'llama3',
    trainOn: 'assistant',
  };
}

const LLAMA_8B = 'meta-llama/Llama-3.1-8B-Instruct';
const LLAMA_70B = 'meta-llama/Llama-3.1-70B-Instruct';
/** `config.py` at HEAD: batch 16, eval every 500 steps (§3.3). */
const HEAD_BATCH = { micro: 16, evalSteps: 500 };
/** `config8b`/`config70` (pyc): batch 8, eval every 100 steps (§3.3). */
const PYC_BATCH = { micro: 8, evalSteps: 100 };

/**
 * The paper's variants (`docs/authors-pipeline.md` §3.3): the 8B and 70B models with r=256 and α ∈ {128, 256,
 * 512}, and r=64/α=16. `-a521` is `config8b` exactly as committed (α=521, probably a typo for 512);
 * `paper-8b-r64-a16-e10` is `config_full` (10 epochs).
 */
export const FINETUNE_PRESETS: Readonly<Record<string, { description: string; parameters: FinetuneParameters }>> = {
  'paper-8b-r256-a128': { description: 'Llama 3.1 8B, r=256, α=128, batch 16×2 (config.py at HEAD)', parameters: paperPreset(LLAMA_8B, 256, 128, HEAD_BATCH) },
  'paper-8b-r256-a256': { description: 'Llama 3.1 8B, r=256, α=256, batch 8×2', parameters: paperPreset(LLAMA_8B, 256, 256, PYC_BATCH) },
  'paper-8b-r256-a512': { description: 'Llama 3.1 8B, r=256, α=512, batch 8×2 (config8b)', parameters: paperPreset(LLAMA_8B, 256, 512, PYC_BATCH) },
  'paper-8b-r256-a521': { description: 'Llama 3.1 8B, r=256, α=521 as committed in config8b (probably a typo for 512)', parameters: paperPreset(LLAMA_8B, 256, 521, PYC_BATCH) },
  'paper-8b-r64-a16': { description: 'Llama 3.1 8B, r=64, α=16, batch 8×2', parameters: paperPreset(LLAMA_8B, 64, 16, PYC_BATCH) },
  'paper-8b-r64-a16-e10': { description: 'Llama 3.1 8B, r=64, α=16, 10 epochs (config_full)', parameters: paperPreset(LLAMA_8B, 64, 16, { ...PYC_BATCH, epochs: 10 }) },
  'paper-70b-r256-a128': { description: 'Llama 3.1 70B, r=256, α=128, batch 8×2', parameters: paperPreset(LLAMA_70B, 256, 128, PYC_BATCH) },
  'paper-70b-r256-a256': { description: 'Llama 3.1 70B, r=256, α=256, batch 8×2', parameters: paperPreset(LLAMA_70B, 256, 256, PYC_BATCH) },
  'paper-70b-r256-a512': { description: 'Llama 3.1 70B, r=256, α=512, batch 8×2', parameters: paperPreset(LLAMA_70B, 256, 512, PYC_BATCH) },
  'paper-70b-r64-a16': { description: 'Llama 3.1 70B, r=64, α=16, batch 8×2 (config70)', parameters: paperPreset(LLAMA_70B, 64, 16, PYC_BATCH) },
};

/** The parameters of a preset (a fresh copy). An unknown name is an {@link InvalidArgumentError} listing the presets. */
export function finetunePreset(name: string): FinetuneParameters {
  const preset = FINETUNE_PRESETS[name];
  if (!preset) throw new InvalidArgumentError('preset', `unknown preset "${name}"; known: ${Object.keys(FINETUNE_PRESETS).join(', ')}`);
  return structuredClone(preset.parameters);
}

/**
 * Validates a spec. With `file`, a problem is an {@link InputFileError} naming the file and the field (e.g.
 * `lora.r`); without, an {@link InvalidArgumentError} for `spec.<field>`.
 */
export function parseFinetuneSpec(value: unknown, file?: string): FinetuneSpec {
  const parsed = finetuneSpecSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ field: formatIssuePath(issue.path), message: issue.message }));
  const first = issues[0]!;
  if (file !== undefined) throw new InputFileError({ file, field: first.field }, first.message, { issues });
  throw new InvalidArgumentError(`spec${first.field ? `.${first.field}` : ''}`, first.message, { issues });
}
