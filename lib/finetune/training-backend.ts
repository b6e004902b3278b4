/**
 * The one interface every finetuning backend (Slurm, Docker Engine, Kubernetes) implements. A backend only
 * starts, watches, stops and copies back one container run; everything that is the same for every backend —
 * the finetuning spec, the job state machine persisted in the run folder, re-attaching after a restart,
 * verifying collected artifacts by sha256 — lives beside it in `lib/finetune/` and works through this seam.
 *
 * The container contract (see `environment/README.md`): the job's inputs are mounted read-only at `/input`
 * (`config.json`, `train-chat.jsonl`, `val-chat.jsonl`); the container writes `/output/status.json`,
 * `/output/metrics.jsonl`, `/output/train.log` and `/output/adapter/` with `/output/artifacts.json` (file names
 * and sha256). Secrets (a Hugging Face token) reach the container only through `secretEnvironment`, which no
 * backend writes to a file, a log, a job handle or an error.
 */

/** The states of a job. `lost`: the scheduler no longer knows the job and its outcome could not be read. */
export type TrainingJobState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'lost';

/** States after which a job never changes again. */
export const finishedTrainingJobStates: readonly TrainingJobState[] = ['succeeded', 'failed', 'cancelled', 'lost'];

export type TrainingBackendName = 'slurm' | 'docker' | 'kubernetes';

/** What a backend needs to start one container run. */
export interface TrainingSubmission {
  /** A short name for the job (letters, digits, `-`), shown by the scheduler. */
  name: string;
  /** The pinned image: `registry/repository@sha256:…` (always by digest). */
  image: string;
  /** Host folder (or, for Kubernetes, a path inside `volume`) with the job's inputs, mounted read-only at `/input`. */
  inputDirectory: string;
  /** Host folder (or path inside `volume`) the container writes to, mounted at `/output`. */
  outputDirectory: string;
  /** The command inside the container; default: the image's entrypoint. */
  command?: string[];
  /** Non-secret environment variables (recorded in the manifest). */
  environment?: Record<string, string>;
  /** Secret environment variables (e.g. `HF_TOKEN`): passed to the container, never recorded or printed. */
  secretEnvironment?: Record<string, string>;
  resources: {
    gpus: number;
    cpus?: number;
    memoryGiB?: number;
    /** Wall-clock limit in minutes, where the backend enforces one. */
    timeLimitMinutes?: number;
  };
}

/** What identifies a submitted job; persisted in the run folder so another process can re-attach. */
export interface TrainingJobHandle {
  backend: TrainingBackendName;
  /** The scheduler's id: Slurm job id, Docker container id, Kubernetes `namespace/job-name`. */
  id: string;
  name: string;
  outputDirectory: string;
  /** Backend-specific, non-secret details needed to reach the job again (e.g. endpoint, namespace). */
  details?: Record<string, string | number | boolean>;
}

/** One observation of a job. */
export interface TrainingJobObservation {
  state: TrainingJobState;
  /** The scheduler's own word for the state (e.g. `COMPLETED`, `exited`, `Failed`). */
  schedulerState: string;
  /** The container's exit code, when it has ended and the scheduler reports one. */
  exitCode?: number | null;
  /** A human-readable reason (Slurm's Reason, Docker's Error, the Kubernetes condition message). */
  reason?: string;
}

/** A chunk of the job's log from a character offset; `next` is the offset to ask for next time. */
export interface TrainingLogChunk {
  text: string;
  next: number;
}

export interface TrainingBackend {
  readonly name: TrainingBackendName;
  submit(submission: TrainingSubmission, options?: { signal?: AbortSignal }): Promise<TrainingJobHandle>;
  /** The job's current state. A job the scheduler has forgotten, whose outcome cannot be read, is `lost`. */
  status(job: TrainingJobHandle, options?: { signal?: AbortSignal }): Promise<TrainingJobObservation>;
  /** The container's log (stdout and stderr) from character offset `from`. */
  logs(job: TrainingJobHandle, from: number, options?: { signal?: AbortSignal }): Promise<TrainingLogChunk>;
  /** Asks the scheduler to stop the job; resolves once the request was accepted. */
  cancel(job: TrainingJobHandle, options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Copies the job's `/output` folder into `destination` (a local folder), when it is not there already
   * (Slurm on a shared file system: nothing to copy). Verification by sha256 is done by the caller.
   */
  fetchOutputs(job: TrainingJobHandle, destination: string, options?: { signal?: AbortSignal }): Promise<void>;
}
