/**
 * A finetuning job as the workspace sees it, the same for every backend: the state machine
 * `pending → running → succeeded | failed | cancelled | lost`, persisted in `runs/<run-id>/job.json` (atomic
 * writes) so that any process — a second terminal, a notebook kernel after a restart — re-attaches to the job
 * instead of submitting a second one; logs and the live loss curve; cancelling; collecting the adapter with
 * every artifact verified by sha256.
 *
 * The run folder: `manifest.json` (the run manifest: spec, dataset hashes, image digest, backend, job id,
 * timings), `job.json` (this state machine), `input/` (config.json = the spec, axolotl.yaml, the two datasets;
 * mounted read-only at /input), `output/` (what the container writes at /output).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../core/atomic-file.js';
import { hashFile, hashPath } from '../core/content-hash.js';
import { ChecksumMismatchError, ConfigurationError, InvalidArgumentError, NotFoundError, WorkspaceError } from '../core/errors.js';
import { readJson } from '../core/jsonl.js';
import type { WorkspacePaths } from '../core/paths.js';
import { isProcessAlive } from '../core/process-alive.js';
import { Run } from '../core/run.js';
import { redactSecrets } from '../core/secrets.js';
import type { FinetuneSpec } from '../schemas/finetune.js';
import { runManifestSchema } from '../schemas/run-manifest.js';
import {
  containerStatusSchema,
  trainingArtifactsFileSchema,
  trainingJobRecordSchema,
  type TrainingArtifact,
  type TrainingJobRecord,
} from '../schemas/training-job.js';
import { axolotlConfigYaml, TRAINING_INPUT_FILES } from './axolotl-config.js';
import { finetuneSpecHash } from './plan-finetune.js';
import { finishedTrainingJobStates, type TrainingBackend, type TrainingJobObservation, type TrainingJobState, type TrainingSubmission } from './training-backend.js';

export const TRAINING_JOB_FILE = 'job.json';
const PINNED_IMAGE = /^[^\s@]+@sha256:[0-9a-f]{64}$/;

/** A job ended `failed` or `lost`; `details.logTail` holds the last lines of its log. */
export class TrainingJobError extends WorkspaceError {
  readonly runId: string;
  readonly logTail: string;
  constructor(record: TrainingJobRecord, logTail: string) {
    const what =
      record.state === 'lost'
        ? `was lost: the scheduler no longer knows it (last known state ${record.lastKnownState ?? 'unknown'})`
        : `failed (${record.schedulerState ?? 'unknown'}${record.exitCode === undefined || record.exitCode === null ? '' : `, exit code ${record.exitCode}`}${record.reason ? `, ${record.reason}` : ''})`;
    super(
      record.state === 'lost' ? 'TRAINING_JOB_LOST' : 'TRAINING_JOB_FAILED',
      `finetuning job ${record.handle?.id ?? '(not submitted)'} of run ${record.runId} ${what}.${logTail ? ` Last lines of its log:\n${logTail}` : ''}`,
      { runId: record.runId, jobId: record.handle?.id, state: record.state, schedulerState: record.schedulerState, exitCode: record.exitCode, logTail },
    );
    this.runId = record.runId;
    this.logTail = logTail;
  }
}

/** Which state may follow which. A finished job never changes again. */
const ALLOWED: Readonly<Record<TrainingJobState, readonly TrainingJobState[]>> = {
  pending: ['running', 'succeeded', 'failed', 'cancelled', 'lost'],
  running: ['succeeded', 'failed', 'cancelled', 'lost'],
  succeeded: [],
  failed: [],
  cancelled: [],
  lost: [],
};

/** True when the state machine allows `from → to` (staying in the same state is always allowed). */
export function isAllowedTransition(from: TrainingJobState, to: TrainingJobState): boolean {
  return from === to || ALLOWED[from].includes(to);
}

export function isFinishedState(state: TrainingJobState): boolean {
  return finishedTrainingJobStates.includes(state);
}

export interface SubmitTrainingJobOptions {
  spec: FinetuneSpec;
  /** The pinned image, `repository@sha256:<digest>`. */
  image: string;
  backend: TrainingBackend;
  /** Non-secret backend settings to record (runtime, partition, endpoint...). */
  backendSettings?: Record<string, string | number | boolean>;
  paths: WorkspacePaths;
  /** Command inside the container (default: the image's entrypoint). */
  command?: string[];
  environment?: Record<string, string>;
  /** E.g. `{ HF_TOKEN }`; passed to the container only, never recorded. */
  secretEnvironment?: Record<string, string>;
  resources?: TrainingSubmission['resources'];
  /** The command line, recorded in the manifest. */
  argv?: string[];
  signal?: AbortSignal;
}

/** A collected adapter: where it is and what identifies it. */
export interface CollectedAdapter {
  runId: string;
  baseModel: string;
  /** The adapter folder (PEFT layout: adapter_config.json, adapter_model.safetensors, adapter.gguf). */
  directory: string;
  /** SHA-256 of the adapter folder's content (see `hashPath`): the adapter's identity. */
  sha256: string;
  /** The GGUF copy for llama.cpp-based runtimes, when the trainer wrote one. */
  ggufFile?: string;
  files: TrainingArtifact[];
}

/** The identity of a served adapter, part of the LLM cache key: a retrained adapter is a different system. */
export function adapterIdentity(collected: Pick<CollectedAdapter, 'sha256' | 'baseModel'>): { sha256: string; baseModel: string } {
  return { sha256: collected.sha256, baseModel: collected.baseModel };
}

async function readRecord(runDirectory: string): Promise<TrainingJobRecord> {
  return readJson(join(runDirectory, TRAINING_JOB_FILE), trainingJobRecordSchema);
}

/** Every finetuning job recorded under `runs/`, newest first. */
export async function listTrainingJobs(paths: WorkspacePaths): Promise<Array<{ directory: string; record: TrainingJobRecord }>> {
  let folders: string[];
  try {
    folders = await readdir(paths.runs);
  } catch {
    return [];
  }
  const jobs: Array<{ directory: string; record: TrainingJobRecord }> = [];
  for (const folder of folders) {
    const directory = join(paths.runs, folder);
    try {
      jobs.push({ directory, record: await readRecord(directory) });
    } catch {
      // not a finetuning run
    }
  }
  return jobs.sort((a, b) => b.record.timings.createdAt.localeCompare(a.record.timings.createdAt));
}

/** Rewrites `manifest.json` of a run (the job outlives the process that started it). */
async function updateManifest(runDirectory: string, change: (manifest: ReturnType<typeof runManifestSchema.parse>) => void): Promise<void> {
  const file = join(runDirectory, 'manifest.json');
  const manifest = runManifestSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  change(manifest);
  await writeJsonAtomic(file, runManifestSchema.parse(manifest));
}

/** Holds `runs/.finetune-<hash>.lock` while a spec is being submitted, so two processes cannot submit it twice. */
async function withSubmitLock<T>(paths: WorkspacePaths, key: string, work: () => Promise<T>): Promise<T> {
  await mkdir(paths.runs, { recursive: true });
  const lock = join(paths.runs, `.finetune-${key.slice(0, 16)}.lock`);
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (!holder || !isProcessAlive(holder)) {
        await rm(lock, { force: true });
        continue;
      }
      if (attempt > 600) throw new ConfigurationError('finetune', `the same spec is being submitted by process ${holder} (lock ${lock})`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}

/**
 * Submits a job for `spec`, or re-attaches to the unfinished job already submitted for the same spec, image
 * and backend (from any process). `attached` says which happened.
 */
export async function submitTrainingJob(options: SubmitTrainingJobOptions): Promise<{ job: TrainingJob; attached: boolean }> {
  if (!PINNED_IMAGE.test(options.image)) {
    throw new ConfigurationError('image', `the training image must be pinned by digest (repository@sha256:<64 hex>); got "${options.image}". See environment/README.md`);
  }
  const specHash = finetuneSpecHash(options.spec);
  return withSubmitLock(options.paths, `${specHash}${options.backend.name}`, async () => {
    for (const { directory, record } of await listTrainingJobs(options.paths)) {
      if (record.specHash === specHash && record.image === options.image && record.backend === options.backend.name && !isFinishedState(record.state)) {
        const job = new TrainingJob(directory, record, options.backend);
        await job.refresh();
        if (!isFinishedState(job.record.state)) return { job, attached: true };
      }
    }
    return { job: await startJob(options, specHash), attached: false };
  });
}

async function startJob(options: SubmitTrainingJobOptions, specHash: string): Promise<TrainingJob> {
  const { spec, paths } = options;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const runId = `finetune-${stamp}-${randomBytes(3).toString('hex')}`;
  const run = await Run.start({ stage: 'finetune', paths, runId, seed: spec.seed, ...(options.argv ? { command: options.argv } : {}), config: { spec, specHash, image: options.image, backend: options.backend.name, backendSettings: options.backendSettings ?? {} } });
  const input = join(run.dir, 'input');
  const output = join(run.dir, 'output');
  await mkdir(input, { recursive: true });
  await mkdir(output, { recursive: true });
  // The datasets, verified against the spec's hashes while they are copied in.
  for (const [key, target] of [['train', TRAINING_INPUT_FILES.train], ['validation', TRAINING_INPUT_FILES.validation]] as const) {
    const dataset = spec.datasets[key];
    const source = isAbsolute(dataset.path) ? dataset.path : join(paths.root, dataset.path);
    await copyFile(source, join(input, target));
    const copied = await hashFile(join(input, target));
    if (copied.sha256 !== dataset.sha256) {
      throw new ChecksumMismatchError(source, dataset.sha256, copied.sha256, 'sha256', 'The dataset changed after the spec was planned; plan again.');
    }
    await run.addInput(`${key}-chat`, join(input, target));
  }
  await writeFileAtomic(join(input, TRAINING_INPUT_FILES.config), `${JSON.stringify(spec, null, 2)}\n`);
  await writeFileAtomic(join(input, TRAINING_INPUT_FILES.trainer), axolotlConfigYaml(spec, specHash));
  await run.addModel({ role: 'base model', provider: 'huggingface', id: spec.baseModel, ...(spec.baseModelRevision ? { digest: spec.baseModelRevision } : {}), parameters: { lora: spec.lora, quantisation: spec.quantisation } });
  await run.addModel({ role: 'training image', provider: 'oci', id: options.image.split('@')[0]!, digest: options.image.split('@')[1]!, parameters: {} });
  await updateManifest(run.dir, (manifest) => {
    delete manifest.process; // the job, not this process, is what the run waits for
  });
  const now = new Date().toISOString();
  const submission: TrainingSubmission = {
    name: `ecgllm-${runId.slice(-6)}`,
    image: options.image,
    inputDirectory: input,
    outputDirectory: output,
    ...(options.command ? { command: options.command } : {}),
    environment: options.environment ?? {},
    ...(options.secretEnvironment ? { secretEnvironment: options.secretEnvironment } : {}),
    resources: options.resources ?? { gpus: 1 },
  };
  const record: TrainingJobRecord = {
    schemaVersion: 1,
    runId,
    spec,
    specHash,
    image: options.image,
    backend: options.backend.name,
    backendSettings: options.backendSettings ?? {},
    submission: {
      name: submission.name,
      inputDirectory: input,
      outputDirectory: output,
      ...(options.command ? { command: options.command } : {}),
      environment: submission.environment ?? {},
      secretNames: Object.keys(options.secretEnvironment ?? {}),
      resources: submission.resources,
    },
    handle: null,
    submittedBy: { pid: process.pid, host: hostname() },
    state: 'pending',
    history: [{ state: 'pending', at: now }],
    timings: { createdAt: now },
  };
  const job = new TrainingJob(run.dir, record, options.backend);
  await job.save();
  try {
    const handle = await options.backend.submit(submission, options.signal ? { signal: options.signal } : {});
    record.handle = handle;
    record.timings.submittedAt = new Date().toISOString();
    await job.save();
    await updateManifest(run.dir, (manifest) => {
      manifest.counts.submissions = 1;
      (manifest.config as Record<string, unknown>).jobId = handle.id;
    });
  } catch (error) {
    const secrets = Object.values(options.secretEnvironment ?? {});
    record.state = 'failed';
    record.reason = `submission failed: ${redactSecrets((error as Error).message, secrets)}`;
    record.timings.finishedAt = new Date().toISOString();
    record.history.push({ state: 'failed', at: record.timings.finishedAt });
    await job.save();
    await updateManifest(run.dir, (manifest) => {
      manifest.status = 'failed';
      manifest.error = { name: 'SubmissionError', message: record.reason! };
      manifest.timings.finishedAt = record.timings.finishedAt;
    });
    throw error;
  }
  return job;
}

/** A submitted job; every method reads and writes `job.json`, so any number of processes can hold one. */
export class TrainingJob {
  readonly directory: string;
  private current: TrainingJobRecord;
  private readonly backend: TrainingBackend;

  constructor(directory: string, record: TrainingJobRecord, backend: TrainingBackend) {
    if (record.backend !== backend.name) throw new InvalidArgumentError('backend', `run ${record.runId} was submitted to ${record.backend}, not ${backend.name}`);
    this.directory = directory;
    this.current = record;
    this.backend = backend;
  }

  /** Re-attaches to the job of a run folder (written by this or any other process). */
  static async open(directory: string, backend: TrainingBackend): Promise<TrainingJob> {
    return new TrainingJob(directory, await readRecord(directory), backend);
  }

  get record(): TrainingJobRecord {
    return structuredClone(this.current);
  }

  get runId(): string {
    return this.current.runId;
  }

  get state(): TrainingJobState {
    return this.current.state;
  }

  /** The output folder (container `/output`) as seen from here. */
  get outputDirectory(): string {
    return join(this.directory, 'output');
  }

  async save(): Promise<void> {
    await writeJsonAtomic(join(this.directory, TRAINING_JOB_FILE), trainingJobRecordSchema.parse(this.current));
  }

  /** Asks the backend for the job's state, applies the transition and persists it; returns the record. */
  async refresh(options: { signal?: AbortSignal } = {}): Promise<TrainingJobRecord> {
    // Another process may have moved the job on (or collected it) since this object read the file.
    this.current = await readRecord(this.directory);
    if (isFinishedState(this.current.state)) return this.record;
    if (this.current.handle === null) {
      const submitter = this.current.submittedBy;
      // Still being submitted by a live process: not lost, just not known to the scheduler yet.
      if (submitter && submitter.host === hostname() && isProcessAlive(submitter.pid)) return this.record;
      return this.transition({ state: 'lost', schedulerState: 'NOT_SUBMITTED', reason: 'the submitting process stopped before the scheduler returned a job id' });
    }
    const observation = await this.backend.status(this.current.handle, options);
    this.current.progress = await this.containerStatus();
    if (observation.state === 'succeeded' && this.current.progress?.state !== 'succeeded') {
      // The scheduler's word alone is not enough: the container must say it finished.
      return this.transition({ ...observation, state: 'failed', reason: `the job ended (${observation.schedulerState}) but the container's status.json says ${this.current.progress?.state ?? 'nothing'}` });
    }
    return this.transition(observation);
  }

  private async containerStatus(): Promise<TrainingJobRecord['progress']> {
    try {
      return containerStatusSchema.parse(JSON.parse(await readFile(join(this.outputDirectory, 'status.json'), 'utf8')));
    } catch {
      return this.current.progress;
    }
  }

  private async transition(observation: TrainingJobObservation): Promise<TrainingJobRecord> {
    const record = this.current;
    const before = JSON.stringify(record);
    const next = observation.state;
    if (!isAllowedTransition(record.state, next)) return this.record;
    const now = new Date().toISOString();
    if (next === 'lost') record.lastKnownState = record.state;
    if (next !== record.state) record.history.push({ state: next, schedulerState: observation.schedulerState, at: now });
    if (next === 'running' && !record.timings.startedAt) record.timings.startedAt = now;
    record.state = next;
    record.schedulerState = observation.schedulerState;
    if (observation.exitCode !== undefined) record.exitCode = observation.exitCode;
    if (observation.reason !== undefined) record.reason = observation.reason;
    if (isFinishedState(next) && !record.timings.finishedAt) {
      record.timings.finishedAt = now;
      await updateManifest(this.directory, (manifest) => {
        manifest.status = next === 'succeeded' ? 'succeeded' : next === 'failed' ? 'failed' : 'interrupted';
        manifest.timings.finishedAt = now;
        manifest.timings.durationMs = Date.parse(now) - Date.parse(manifest.timings.startedAt);
        if (next !== 'succeeded') manifest.error = { name: 'TrainingJob', code: `TRAINING_JOB_${next.toUpperCase()}`, message: `${observation.schedulerState}${observation.reason ? `: ${observation.reason}` : ''}` };
      });
    }
    if (JSON.stringify(record) !== before) await this.save();
    return this.record;
  }

  /** The job's log from character `from`. */
  async logs(from = 0, options: { signal?: AbortSignal } = {}): Promise<{ text: string; next: number }> {
    if (!this.current.handle) return { text: '', next: from };
    return this.backend.logs(this.current.handle, from, options);
  }

  /** The last `lines` lines of the log. */
  async logTail(lines = 20): Promise<string> {
    const { text } = await this.logs(0);
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Asks the scheduler to stop the job, then records the state it reports. */
  async cancel(options: { signal?: AbortSignal } = {}): Promise<TrainingJobRecord> {
    await this.refresh(options);
    if (isFinishedState(this.current.state) || !this.current.handle) return this.record;
    await this.backend.cancel(this.current.handle, options);
    return this.refresh(options);
  }

  /**
   * Polls until the job finishes. Resolves with the record when it succeeded or was cancelled; rejects with a
   * {@link TrainingJobError} (carrying the log tail) when it failed or was lost.
   */
  async wait(options: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal; onUpdate?: (record: TrainingJobRecord) => void | Promise<void> } = {}): Promise<TrainingJobRecord> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (;;) {
      const record = await this.refresh(options.signal ? { signal: options.signal } : {});
      await options.onUpdate?.(record);
      if (isFinishedState(record.state)) {
        if (record.state === 'failed' || record.state === 'lost') throw new TrainingJobError(record, await this.logTail());
        return record;
      }
      if (Date.now() > deadline) throw new WorkspaceError('TIMEOUT', `finetuning job of run ${record.runId} still ${record.state} after ${options.timeoutMs} ms`, { runId: record.runId, state: record.state });
      await new Promise((done) => setTimeout(done, options.intervalMs ?? 2000));
      options.signal?.throwIfAborted();
    }
  }

  /**
   * Copies the outputs here (when the backend's output folder is elsewhere) and verifies every artifact listed
   * in `artifacts.json` by sha256 before anything is used: a mismatch is a {@link ChecksumMismatchError}.
   */
  async collect(options: { signal?: AbortSignal } = {}): Promise<CollectedAdapter> {
    const record = await this.refresh(options);
    if (record.state === 'failed' || record.state === 'lost') throw new TrainingJobError(record, await this.logTail());
    if (record.state !== 'succeeded') {
      throw new InvalidArgumentError('job', `run ${record.runId} is ${record.state}; only a succeeded job can be collected`);
    }
    await this.backend.fetchOutputs(record.handle!, this.outputDirectory, options);
    const artifactsFile = join(this.outputDirectory, 'artifacts.json');
    const listing = await readJson(artifactsFile, trainingArtifactsFileSchema);
    for (const artifact of listing.files) {
      const actual = await hashFile(join(this.outputDirectory, artifact.path));
      if (actual.sha256 !== artifact.sha256) {
        throw new ChecksumMismatchError(join(this.outputDirectory, artifact.path), artifact.sha256, actual.sha256, 'sha256', `Listed in ${artifactsFile}; the copy is damaged or was changed after training. Collect again.`);
      }
    }
    const adapterFiles = listing.files.filter((file) => file.path.startsWith('adapter/'));
    for (const required of ['adapter/adapter_config.json', 'adapter/adapter_model.safetensors']) {
      if (!adapterFiles.some((file) => file.path === required)) throw new NotFoundError('adapter file', join(this.outputDirectory, required), `artifacts.json of run ${record.runId} does not list it`);
    }
    const directory = join(this.outputDirectory, 'adapter');
    const { sha256 } = await hashPath(directory);
    const gguf = adapterFiles.find((file) => file.path.endsWith('.gguf'));
    this.current = await readRecord(this.directory);
    this.current.artifacts = listing.files;
    this.current.adapterSha256 = sha256;
    this.current.timings.collectedAt = new Date().toISOString();
    await this.save();
    await updateManifest(this.directory, (manifest) => {
      manifest.outputs = listing.files.map((file) => ({ name: file.path, path: `output/${file.path}`, sha256: file.sha256, bytes: file.bytes }));
      if (listing.versions) (manifest.config as Record<string, unknown>).containerVersions = listing.versions;
    });
    return {
      runId: record.runId,
      baseModel: record.spec.baseModel,
      directory,
      sha256,
      ...(gguf ? { ggufFile: join(this.outputDirectory, gguf.path) } : {}),
      files: listing.files,
    };
  }
}
