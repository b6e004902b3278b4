/**
 * What notebook 03 shows: the presets, a planned spec with its Axolotl configuration, a launched job with a live
 * loss curve, cancelling, collecting and serving the adapter. The notebook only configures and calls these.
 *
 * Datasets: the synthesis stage's `train-chat.jsonl`/`val-chat.jsonl` in `ECG_LLM_SYNTHESIS_OUTPUT` (default
 * `results/synthesis/demo`, what notebook 02 writes); without them, the demo corpus's hand-written questions
 * (`data/demo-corpus-sources/questions.jsonl`) split by document, so the plan is always real.
 *
 * Launching needs a cluster: Slurm is used when `sbatch` is on the PATH; `ECG_LLM_FINETUNE_RUNTIME` picks the
 * container runtime, `ECG_LLM_FINETUNE_IMAGE` the image (default: environment/image.lock.json), and with
 * runtime `none` `ECG_LLM_FINETUNE_COMMAND` is the trainer command run on the node.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { writeJsonlAtomic } from '../core/atomic-file.js';
import { readJsonl } from '../core/jsonl.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { displayFigure, displayMarkdown } from '../report/notebook-display.js';
import { FINETUNE_PRESETS, type FinetuneSpec } from '../schemas/finetune.js';
import type { TrainingJobRecord } from '../schemas/training-job.js';
import { z } from 'zod';
import { qaChatRecord } from '../synth/chat-records.js';
import { assignDocumentSplits, DEFAULT_SPLIT_RATIOS } from '../synth/dataset-splits.js';
import { resolveTrainingImage } from './image-lock.js';
import { finetuneSpecHash, planFinetune, plannedTrainingSteps } from './plan-finetune.js';
import type { TrainingBackend } from './training-backend.js';
import { createTrainingBackend } from './training-backends.js';
import { submitTrainingJob, TrainingJob, TrainingJobError } from './training-job.js';
import { lossCurveFigure, TrainingMetricsReader } from './training-metrics.js';

const execFileAsync = promisify(execFile);

export interface FinetuneNotebookOptions {
  preset: string;
  /** `slurm` (docker and kubernetes where their backends are built in). */
  backend: string;
  /** Slurm container runtime: pyxis, apptainer or none. */
  runtime: string;
  environment?: NodeJS.ProcessEnv;
  paths?: WorkspacePaths;
}

export interface FinetuneNotebookSetup {
  paths: WorkspacePaths;
  spec: FinetuneSpec;
  /** What data and which cluster are used, or why nothing is launched. */
  note: string;
  launch: {
    backend: TrainingBackend;
    image: string;
    backendSettings: Record<string, string>;
    command?: string[];
    secretEnvironment?: Record<string, string>;
  } | null;
}

const demoQuestionSchema = z.object({ id: z.string(), document: z.string(), question: z.string().min(1), answer: z.string().min(1) });

/** The demo corpus's hand-written Q&A as chat records, split by document (seed 42); returns the two files. */
async function demoDatasets(paths: WorkspacePaths): Promise<{ train: string; validation: string }> {
  const questions = await readJsonl(join(paths.demoCorpusSources, 'questions.jsonl'), demoQuestionSchema);
  const splits = assignDocumentSplits([...new Set(questions.map((question) => question.document))].map((id) => ({ id })), { seed: 42, ratios: DEFAULT_SPLIT_RATIOS });
  const directory = join(paths.root, 'results', 'finetune', 'demo-datasets');
  await mkdir(directory, { recursive: true });
  const train = join(directory, 'train-chat.jsonl');
  const validation = join(directory, 'val-chat.jsonl');
  await writeJsonlAtomic(train, questions.filter((question) => splits.get(question.document) === 'train').map(qaChatRecord));
  await writeJsonlAtomic(validation, questions.filter((question) => splits.get(question.document) === 'val').map(qaChatRecord));
  return { train, validation };
}

/** True when an executable `command` is in one of the PATH folders. */
function onPath(command: string, environment: NodeJS.ProcessEnv): boolean {
  return (environment.PATH ?? '').split(delimiter).some((folder) => {
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

async function commandAvailable(command: string, args: string[], environment: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await execFileAsync(command, args, { env: environment, timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** True when `file` exists and has at least one non-empty line. */
async function hasRecords(file: string): Promise<boolean> {
  if (!existsSync(file)) return false;
  return (await readFile(file, 'utf8')).split('\n').some((line) => line.trim() !== '');
}

/** Plans the notebook's job and decides whether (and where) it can be launched. */
export async function prepareFinetuneNotebook(options: FinetuneNotebookOptions): Promise<FinetuneNotebookSetup> {
  const environment = options.environment ?? process.env;
  const paths = options.paths ?? resolveWorkspacePaths({}, environment);
  const synthesis = environment.ECG_LLM_SYNTHESIS_OUTPUT ?? join(paths.root, 'results', 'synthesis', 'demo');
  // The synthesis output is used when both chat files hold records (a small synthesis run, e.g. notebook 02 on the
  // tiny test model, can leave the validation split empty).
  const fromSynthesis = (await hasRecords(join(synthesis, 'train-chat.jsonl'))) && (await hasRecords(join(synthesis, 'val-chat.jsonl')));
  const files = fromSynthesis ? { train: join(synthesis, 'train-chat.jsonl'), validation: join(synthesis, 'val-chat.jsonl') } : await demoDatasets(paths);
  const spec = await planFinetune({ preset: options.preset, trainFile: files.train, validationFile: files.validation, paths });
  const data = fromSynthesis
    ? `the synthesis run in \`${synthesis}\``
    : 'the demo corpus\'s hand-written questions (no synthesis output with training and validation records found; notebook 02 writes one)';
  const notLaunched = (reason: string): FinetuneNotebookSetup => ({ paths, spec, launch: null, note: `**Data:** ${data}. **No job is launched:** ${reason}` });
  if (options.backend !== 'slurm') {
    try {
      createTrainingBackend(options.backend, { environment });
    } catch (error) {
      return notLaunched((error as Error).message);
    }
  } else if (!onPath('sbatch', environment)) {
    return notLaunched('`sbatch` is not on the PATH here. Run this notebook on a Slurm login node, or see the README section "Finetuning on your cluster".');
  } else if (environment.SLURM_CONF && !existsSync(environment.SLURM_CONF)) {
    return notLaunched(`\`SLURM_CONF\` names a file that does not exist (${environment.SLURM_CONF}).`);
  } else if (!(await commandAvailable('sinfo', ['--noheader', '--format=%P'], environment))) {
    return notLaunched('no Slurm controller answers (`sinfo` failed; is `SLURM_CONF` set as for `sbatch`?).');
  }
  let image: string;
  try {
    image = await resolveTrainingImage(paths, environment.ECG_LLM_FINETUNE_IMAGE);
  } catch (error) {
    return notLaunched((error as Error).message);
  }
  const command = environment.ECG_LLM_FINETUNE_COMMAND?.split(/\s+/).filter(Boolean);
  if (options.runtime === 'none' && !command?.length) return notLaunched('runtime `none` runs a command on the node: set `ECG_LLM_FINETUNE_COMMAND`.');
  const backendSettings: Record<string, string> = options.backend === 'slurm' ? { runtime: options.runtime } : {};
  const backend = createTrainingBackend(options.backend, { ...backendSettings, environment });
  return {
    paths,
    spec,
    note: `**Data:** ${data}. **Cluster:** ${options.backend}${options.backend === 'slurm' ? ` (container runtime \`${options.runtime}\`)` : ''}, image \`${image}\`.`,
    launch: {
      backend,
      image,
      backendSettings,
      ...(command?.length ? { command } : {}),
      ...(environment.HF_TOKEN ? { secretEnvironment: { HF_TOKEN: environment.HF_TOKEN } } : {}),
    },
  };
}

/** One row per preset: what each changes. */
export function finetunePresetTable(): Array<Record<string, string | number>> {
  return Object.entries(FINETUNE_PRESETS).map(([name, { description, parameters }]) => ({
    preset: name,
    model: parameters.baseModel.replace('meta-llama/', ''),
    r: parameters.lora.r,
    alpha: parameters.lora.alpha,
    'alpha / r': Number((parameters.lora.alpha / parameters.lora.r).toFixed(3)),
    'batch × accumulation': `${parameters.training.microBatchSize} × ${parameters.training.gradientAccumulationSteps}`,
    epochs: parameters.training.epochs,
    'eval every': parameters.training.evalSteps,
    note: description,
  }));
}

/** The planned spec as a two-column table. */
export function finetuneSpecTable(spec: FinetuneSpec): Array<Record<string, string>> {
  const training = spec.training;
  return [
    ['preset', spec.preset],
    ['base model', spec.baseModel],
    ['quantisation', `4-bit ${spec.quantisation.quantType.toUpperCase()}, double quantisation ${spec.quantisation.doubleQuant ? 'on' : 'off'}, compute ${spec.quantisation.computeDtype}`],
    ['LoRA', `r=${spec.lora.r}, α=${spec.lora.alpha}, dropout ${spec.lora.dropout} on ${spec.lora.targetModules.join(', ')}`],
    ['optimizer', `${training.optimizer}, lr ${training.learningRate} (${training.scheduler}, warmup ${training.warmupRatio}), max grad norm ${training.maxGradNorm}`],
    ['batches', `${training.microBatchSize} × ${training.gradientAccumulationSteps} accumulation, ${training.epochs} epochs = ${plannedTrainingSteps(spec)} optimizer steps`],
    ['chat template', `${spec.chatTemplate}, loss on ${spec.trainOn} turns only`],
    ['training data', `${spec.datasets.train.records} records, sha256 ${spec.datasets.train.sha256.slice(0, 16)}…`],
    ['validation data', `${spec.datasets.validation.records} records, sha256 ${spec.datasets.validation.sha256.slice(0, 16)}…`],
    ['spec hash', finetuneSpecHash(spec)],
  ].map(([setting, value]) => ({ setting: setting!, value: value! }));
}

/** Submits the notebook's job, or re-attaches to the one already running for the same spec. */
export async function launchFinetuneJob(setup: FinetuneNotebookSetup, spec: FinetuneSpec = setup.spec): Promise<{ job: TrainingJob; attached: boolean } | null> {
  if (!setup.launch) return null;
  return submitTrainingJob({
    spec,
    image: setup.launch.image,
    backend: setup.launch.backend,
    backendSettings: setup.launch.backendSettings,
    paths: setup.paths,
    resources: { gpus: setup.launch.backendSettings.runtime === 'none' ? 0 : 1 },
    ...(setup.launch.command ? { command: setup.launch.command } : {}),
    ...(setup.launch.secretEnvironment ? { secretEnvironment: setup.launch.secretEnvironment } : {}),
  });
}

/**
 * Polls the job and redraws its loss curve in place (one output, updated) until the job ends; shows a line
 * with the final state. A failed job's error with its log tail is shown, not thrown.
 */
export async function watchTrainingJob(job: TrainingJob, options: { intervalMs?: number } = {}): Promise<TrainingJobRecord> {
  const reader = new TrainingMetricsReader(join(job.outputDirectory, 'metrics.jsonl'));
  const displayId = `loss-${job.runId}-${Date.now()}`;
  let shown = false;
  const draw = async (final: boolean): Promise<void> => {
    const fresh = await reader.read();
    if (!final && fresh.length === 0 && shown) return;
    await displayFigure(lossCurveFigure(reader.all, `Loss of run ${job.runId}`), { displayId, update: shown, png: final });
    shown = true;
  };
  let record: TrainingJobRecord;
  try {
    record = await job.wait({ intervalMs: options.intervalMs ?? 2000, onUpdate: () => draw(false) });
  } catch (error) {
    if (!(error instanceof TrainingJobError)) throw error;
    record = job.record;
    displayMarkdown(`**The job ${record.state}.**\n\n\`\`\`\n${error.message}\n\`\`\``);
  }
  await draw(true);
  displayMarkdown(`Run \`${record.runId}\`: **${record.state}** (${record.backend} job ${record.handle?.id ?? '—'}, ${reader.all.filter((metric) => metric.loss !== undefined).length} logged steps, ${reader.all.filter((metric) => metric.evalLoss !== undefined).length} evaluations).`);
  return record;
}

/** The state history of a job, one row per transition. */
export function trainingJobHistoryTable(record: TrainingJobRecord): Array<Record<string, string>> {
  return record.history.map((entry) => ({ at: entry.at, state: entry.state, 'scheduler state': entry.schedulerState ?? '' }));
}
