/**
 * The Slurm backend: one `sbatch` job per training run; state from `scontrol show job -o` while Slurm still
 * holds the job (MinJobAge seconds after it ends, 300 by default) and then from the job-completion record
 * (`sacct -c`, which reads `JobCompLoc`; plain `sacct` needs slurmdbd); `scancel` to stop it. The job's
 * stdout+stderr go to a log file beside the output folder, which the workspace reads on the shared file system.
 *
 * Container runtimes (`runtime`):
 * - `pyxis`: `srun --container-image=<image> --container-mounts=<in>:/input:ro,<out>:/output` (NVIDIA
 *   pyxis/enroot; the image is given by digest and converted by enroot on the node).
 * - `apptainer`: `apptainer exec --nv --containall --bind <in>:/input:ro,<out>:/output docker://<image>`.
 * - `none`: runs the command directly on the node with `ECG_LLM_INPUT_DIR`/`ECG_LLM_OUTPUT_DIR` pointing at the
 *   host folders. There is no container and no read-only mount, so the inputs are protected only by the
 *   trainer's good manners. It exists for the workspace's own test cluster (no container runtime there) and
 *   for sites that install the trainer on the nodes.
 *
 * Secrets (`secretEnvironment`) reach the job through the environment of the `sbatch` process, which Slurm
 * exports to the job (`--export=ALL`); they are never written into the batch script.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { ConfigurationError, InvalidArgumentError, NotFoundError, ServiceError } from '../../core/errors.js';
import type {
  TrainingBackend,
  TrainingJobHandle,
  TrainingJobObservation,
  TrainingJobState,
  TrainingLogChunk,
  TrainingSubmission,
} from '../training-backend.js';

export type SlurmContainerRuntime = 'pyxis' | 'apptainer' | 'none';

export interface SlurmBackendOptions {
  runtime: SlurmContainerRuntime;
  partition?: string;
  account?: string;
  /** GRES name of a GPU (`gpu`, or `gpu:a100`); `--gres=<gres>:<n>`. No GPU is asked for when resources.gpus is 0. */
  gpuGres?: string;
  /** Extra `#SBATCH` arguments, e.g. `--qos=high`. */
  extraArguments?: string[];
  /** Environment of the Slurm commands (e.g. `SLURM_CONF`); default: this process's. */
  environment?: NodeJS.ProcessEnv;
  /** Seconds a Slurm command may take before it counts as a failure (default 60). */
  commandTimeoutSeconds?: number;
}

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const PINNED_IMAGE = /^[^\s@]+@sha256:[0-9a-f]{64}$/;
const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Slurm's job states (squeue(1) "JOB STATE CODES") mapped onto the workspace's. */
export function slurmJobState(schedulerState: string): TrainingJobState {
  const state = schedulerState.split(/\s+/)[0]!.toUpperCase();
  switch (state) {
    case 'PENDING':
    case 'CONFIGURING':
    case 'REQUEUED':
    case 'REQUEUE_FED':
    case 'REQUEUE_HOLD':
    case 'RESV_DEL_HOLD':
    case 'RESIZING':
      return 'pending';
    case 'RUNNING':
    case 'COMPLETING':
    case 'SUSPENDED':
    case 'STOPPED':
    case 'STAGE_OUT':
    case 'SIGNALING':
      return 'running';
    case 'COMPLETED':
      return 'succeeded';
    case 'CANCELLED':
      return 'cancelled';
    default:
      // FAILED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, PREEMPTED, REVOKED, SPECIAL_EXIT
      return 'failed';
  }
}

/** Quotes a word for a POSIX shell. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Parses `Key=Value Key=Value ...` of `scontrol show job -o`. */
function parseScontrolLine(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of line.matchAll(/(?:^|\s)([A-Za-z:/]+)=(\S*)/g)) fields[match[1]!] = match[2]!;
  return fields;
}

/** `3:0` (exit code : signal) → 3; `0:15` (killed by signal 15) → 128 + 15. */
function parseExitCode(text: string | undefined): number | null {
  if (!text) return null;
  const [code, signal] = text.split(':').map(Number);
  if (code === undefined || Number.isNaN(code)) return null;
  return signal ? 128 + signal : code;
}

export class SlurmBackend implements TrainingBackend {
  readonly name = 'slurm' as const;
  private readonly options: SlurmBackendOptions;

  constructor(options: SlurmBackendOptions) {
    if (!['pyxis', 'apptainer', 'none'].includes(options.runtime)) {
      throw new InvalidArgumentError('runtime', `must be pyxis, apptainer or none; got "${String(options.runtime)}"`);
    }
    this.options = options;
  }

  /** The batch script for a submission (secret values never appear in it, only their names). */
  batchScript(submission: TrainingSubmission, logFile: string): string {
    const input = resolve(submission.inputDirectory);
    const output = resolve(submission.outputDirectory);
    const lines = ['#!/bin/bash', `#SBATCH --job-name=${submission.name}`, `#SBATCH --output=${logFile}`, `#SBATCH --error=${logFile}`];
    lines.push(`#SBATCH --chdir=${dirname(output)}`, '#SBATCH --nodes=1', '#SBATCH --ntasks=1');
    if (this.options.partition) lines.push(`#SBATCH --partition=${this.options.partition}`);
    if (this.options.account) lines.push(`#SBATCH --account=${this.options.account}`);
    const { gpus, cpus, memoryGiB, timeLimitMinutes } = submission.resources;
    if (gpus > 0) lines.push(`#SBATCH --gres=${this.options.gpuGres ?? 'gpu'}:${gpus}`);
    if (cpus) lines.push(`#SBATCH --cpus-per-task=${cpus}`);
    if (memoryGiB) lines.push(`#SBATCH --mem=${memoryGiB}G`);
    if (timeLimitMinutes) lines.push(`#SBATCH --time=${timeLimitMinutes}`);
    for (const argument of this.options.extraArguments ?? []) lines.push(`#SBATCH ${argument}`);
    lines.push('set -euo pipefail');
    const inside = this.options.runtime === 'none' ? { input, output } : { input: '/input', output: '/output' };
    const environment = { ...submission.environment, ECG_LLM_INPUT_DIR: inside.input, ECG_LLM_OUTPUT_DIR: inside.output };
    for (const [name, value] of Object.entries(environment)) lines.push(`export ${name}=${shellQuote(value)}`);
    const secretNames = Object.keys(submission.secretEnvironment ?? {});
    if (secretNames.length > 0) lines.push(`# secrets passed through the environment of sbatch: ${secretNames.join(', ')}`);
    const command = (submission.command ?? []).map(shellQuote).join(' ');
    switch (this.options.runtime) {
      case 'pyxis': {
        const names = [...Object.keys(environment), ...secretNames].join(',');
        lines.push(
          `srun --container-image=${shellQuote(submission.image)} --container-mounts=${shellQuote(`${input}:/input:ro,${output}:/output`)} ` +
            `--no-container-mount-home --container-env=${shellQuote(names)}${command ? ` ${command}` : ''}`,
        );
        break;
      }
      case 'apptainer':
        lines.push(
          `apptainer ${command ? 'exec' : 'run'} --nv --containall --cleanenv --env ${shellQuote(Object.entries(environment).map(([name, value]) => `${name}=${value}`).join(','))} ` +
            `${secretNames.map((name) => `--env ${name}="$${name}"`).join(' ')} --bind ${shellQuote(`${input}:/input:ro,${output}:/output`)} ` +
            `${shellQuote(`docker://${submission.image}`)}${command ? ` ${command}` : ''}`,
        );
        break;
      case 'none':
        if (!command) throw new InvalidArgumentError('submission.command', 'runtime "none" runs a command directly and needs one (there is no image entrypoint)');
        lines.push(`exec ${command}`);
        break;
    }
    return `${lines.join('\n')}\n`;
  }

  async submit(submission: TrainingSubmission, options: { signal?: AbortSignal } = {}): Promise<TrainingJobHandle> {
    if (!JOB_NAME.test(submission.name)) throw new InvalidArgumentError('submission.name', `must be letters, digits, "-" or "_" (at most 64); got "${submission.name}"`);
    if (!PINNED_IMAGE.test(submission.image)) {
      throw new InvalidArgumentError('submission.image', `must be pinned by digest (repository@sha256:<64 hex>); got "${submission.image}"`);
    }
    for (const name of [...Object.keys(submission.environment ?? {}), ...Object.keys(submission.secretEnvironment ?? {})]) {
      if (!ENVIRONMENT_NAME.test(name)) throw new InvalidArgumentError('submission.environment', `"${name}" is not a valid variable name`);
    }
    const output = resolve(submission.outputDirectory);
    await mkdir(output, { recursive: true });
    const logFile = join(dirname(output), `slurm-${submission.name}.log`);
    const scriptFile = join(dirname(output), `slurm-${submission.name}.sbatch`);
    await writeFileAtomic(scriptFile, this.batchScript(submission, logFile));
    const stdout = await this.run('sbatch', ['--parsable', '--export=ALL', scriptFile], options.signal, submission.secretEnvironment);
    const id = stdout.trim().split(';')[0]!;
    if (!/^\d+$/.test(id)) throw new ServiceError('slurm', `sbatch printed no job id: "${stdout.trim()}"`);
    return { backend: 'slurm', id, name: submission.name, outputDirectory: output, details: { logFile, script: scriptFile, runtime: this.options.runtime } };
  }

  async status(job: TrainingJobHandle, options: { signal?: AbortSignal } = {}): Promise<TrainingJobObservation> {
    const live = await this.tryRun('scontrol', ['show', 'job', '-o', job.id], options.signal);
    if (live.ok) {
      const fields = parseScontrolLine(live.stdout);
      const schedulerState = fields.JobState ?? 'UNKNOWN';
      const reason = fields.Reason && fields.Reason !== 'None' ? fields.Reason : undefined;
      const state = slurmJobState(schedulerState);
      const finished = state !== 'pending' && state !== 'running';
      return { state, schedulerState, ...(finished ? { exitCode: parseExitCode(fields.ExitCode) } : {}), ...(reason ? { reason } : {}) };
    }
    if (!/invalid job id/i.test(live.stderr)) throw new ServiceError('slurm', `scontrol show job ${job.id} failed: ${live.stderr.trim() || `exit code ${live.code}`}`);
    // Past MinJobAge: the job-completion record.
    const completed = await this.tryRun('sacct', ['-c', '-n', '-P', '-j', job.id, '-o', 'jobid,state,exitcode'], options.signal);
    if (completed.ok) {
      const line = completed.stdout.split('\n').map((text) => text.split('|')).find((fields) => fields[0] === job.id);
      if (line) {
        const schedulerState = line[1] ?? 'UNKNOWN';
        return { state: slurmJobState(schedulerState), schedulerState, exitCode: parseExitCode(line[2]), reason: 'from the job-completion record (sacct -c)' };
      }
    }
    return { state: 'lost', schedulerState: 'UNKNOWN', reason: `Slurm knows no job ${job.id} (scontrol: invalid job id; not in the job-completion record)` };
  }

  async logs(job: TrainingJobHandle, from: number): Promise<TrainingLogChunk> {
    const logFile = String(job.details?.logFile ?? '');
    if (!logFile) throw new InvalidArgumentError('job.details.logFile', 'the job handle names no log file');
    let text: string;
    try {
      text = await readFile(logFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', next: from };
      throw error;
    }
    return { text: text.slice(from), next: text.length };
  }

  async cancel(job: TrainingJobHandle, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.run('scancel', [job.id], options.signal);
  }

  async fetchOutputs(job: TrainingJobHandle, destination: string): Promise<void> {
    if (resolve(destination) === resolve(job.outputDirectory)) return;
    try {
      await open(job.outputDirectory, 'r').then((handle) => handle.close());
    } catch {
      throw new NotFoundError('job output folder', job.outputDirectory, 'Slurm jobs write to a shared file system; is it mounted here?');
    }
    await cp(job.outputDirectory, destination, { recursive: true });
  }

  private async tryRun(
    command: string,
    args: string[],
    signal?: AbortSignal,
    extraEnvironment?: Record<string, string>,
  ): Promise<{ ok: boolean; stdout: string; stderr: string; code: number | string | null }> {
    const environment = { ...(this.options.environment ?? process.env), ...extraEnvironment };
    return new Promise((done, fail) => {
      execFile(
        command,
        args,
        { env: environment, timeout: (this.options.commandTimeoutSeconds ?? 60) * 1000, ...(signal ? { signal } : {}), maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            fail(new ConfigurationError('slurm', `the command "${command}" was not found; is this a Slurm login node (slurm-client installed, on PATH)?`));
            return;
          }
          if (error && signal?.aborted) {
            fail(error);
            return;
          }
          done({ ok: !error, stdout, stderr, code: error ? ((error as NodeJS.ErrnoException).code ?? null) : 0 });
        },
      );
    });
  }

  private async run(command: string, args: string[], signal?: AbortSignal, extraEnvironment?: Record<string, string>): Promise<string> {
    const result = await this.tryRun(command, args, signal, extraEnvironment);
    if (!result.ok) throw new ServiceError('slurm', `${command} ${args.join(' ')} failed: ${result.stderr.trim() || `exit code ${String(result.code)}`}`);
    return result.stdout;
  }
}
