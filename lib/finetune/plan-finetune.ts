/**
 * Planning a finetuning run: a preset (or a spec file) plus the synthesis stage's chat-format training and
 * validation files become a validated {@link FinetuneSpec} with the files' content hashes and record counts.
 */
import { z } from 'zod';
import { isAbsolute, relative, resolve } from 'node:path';
import { hashCanonical } from '../core/canonical-json.js';
import { hashFile } from '../core/content-hash.js';
import { InvalidArgumentError } from '../core/errors.js';
import { readJson, readJsonl } from '../core/jsonl.js';
import type { WorkspacePaths } from '../core/paths.js';
import { finetuneParametersSchema, finetunePreset, parseFinetuneSpec, type FinetuneDataset, type FinetuneParameters, type FinetuneSpec } from '../schemas/finetune.js';
import { chatRecordSchema } from '../synth/chat-records.js';

export interface PlanFinetuneOptions {
  /** A preset name (see `FINETUNE_PRESETS`), or parameters (e.g. a preset changed in a notebook). */
  preset?: string;
  parameters?: FinetuneParameters;
  /** The synthesis stage's `train-chat.jsonl` and `val-chat.jsonl`. */
  trainFile: string;
  validationFile: string;
  paths: WorkspacePaths;
}

async function describeDataset(file: string, paths: WorkspacePaths): Promise<FinetuneDataset> {
  const absolute = resolve(paths.root, file);
  const records = await readJsonl(absolute, chatRecordSchema);
  if (records.length === 0) throw new InvalidArgumentError('datasets', `${absolute} has no records`);
  for (const [index, record] of records.entries()) {
    if (!record.messages.some((message) => message.role === 'assistant')) {
      throw new InvalidArgumentError('datasets', `${absolute}:${index + 1}: no assistant turn, so nothing would be learnt from it (loss is on assistant turns only)`);
    }
  }
  const { sha256, bytes } = await hashFile(absolute);
  const inside = relative(paths.root, absolute);
  return { path: !inside.startsWith('..') && !isAbsolute(inside) ? inside : absolute, sha256, bytes, records: records.length };
}

/** A validated spec for the given preset or parameters and dataset files. */
export async function planFinetune(options: PlanFinetuneOptions): Promise<FinetuneSpec> {
  if ((options.preset === undefined) === (options.parameters === undefined)) {
    throw new InvalidArgumentError('preset', 'give exactly one of a preset name and parameters');
  }
  const parameters = options.parameters ? finetuneParametersSchema.parse(options.parameters) : finetunePreset(options.preset!);
  const spec = {
    schemaVersion: 1,
    preset: options.preset ?? 'custom',
    ...parameters,
    datasets: { train: await describeDataset(options.trainFile, options.paths), validation: await describeDataset(options.validationFile, options.paths) },
  };
  return parseFinetuneSpec(spec);
}

/** Reads and validates a spec file (a problem names the file and the field). */
export async function readFinetuneSpec(file: string): Promise<FinetuneSpec> {
  return parseFinetuneSpec(await readJson(file, z.unknown()), file);
}

/** The spec's identity: SHA-256 of its canonical JSON. */
export function finetuneSpecHash(spec: FinetuneSpec): string {
  return hashCanonical(spec);
}

/**
 * Total optimizer steps of a run on one GPU, as Hugging Face `Trainer` counts them: batches per epoch =
 * ceil(records / micro batch); updates per epoch = max(1, ceil(batches / accumulation)); total =
 * ceil(epochs × updates per epoch).
 */
export function plannedTrainingSteps(spec: FinetuneSpec): number {
  const batches = Math.ceil(spec.datasets.train.records / spec.training.microBatchSize);
  const updates = Math.max(1, Math.ceil(batches / spec.training.gradientAccumulationSteps));
  return Math.ceil(spec.training.epochs * updates);
}
