/**
 * Run provenance. Every stage run gets a folder `runs/<run-id>/` with a `manifest.json` — git commit and dirty
 * flag, Node and package versions, the configuration and its hash, the seed, content hashes of the inputs,
 * the exact models and their parameters, status, timings and the error if any — plus its per-item records
 * as JSON Lines. The manifest is rewritten atomically at start, at each checkpoint and at the end; records
 * go to a journal that is published atomically, so a killed run leaves a manifest saying `running` and no
 * half-written file.
 *
 * @example
 * const result = await withRun({ stage: 'corpus', config, seed: 42, paths }, async (run) => {
 *   await run.addInput('corpus', inputDirectory);
 *   const records = await run.openRecords('documents');
 *   for (const document of documents) records.append(document);
 *   await records.publish();
 *   return documents.length;
 * });
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { runManifestSchema, type ModelReference, type RunManifest } from '../schemas/run-manifest.js';
import { JournalWriter, writeJsonAtomic } from './atomic-file.js';
import { hashCanonical } from './canonical-json.js';
import { hashPath } from './content-hash.js';
import { describeError, InterruptedError } from './errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from './paths.js';
import { environmentSecrets, redactSecrets } from './secrets.js';

const execFileAsync = promisify(execFile);

export interface StartRunOptions {
  /** The pipeline stage, e.g. `corpus`, `synthesis`, `rag-index`, `reproduce-human-eval`. */
  stage: string;
  /** Every setting that affects the output. Secrets are redacted before it is written. */
  config: unknown;
  seed?: number | string | null;
  paths?: WorkspacePaths;
  /** The command line, when started from the CLI. */
  command?: string[];
  /** Use this run id instead of a new one (to resume a run). */
  runId?: string;
}

async function gitState(root: string): Promise<{ commit: string | null; dirty: boolean | null }> {
  try {
    const { stdout: commit } = await execFileAsync('git', ['rev-parse', 'HEAD'], { cwd: root });
    const { stdout: status } = await execFileAsync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root });
    return { commit: commit.trim(), dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}

async function packageVersions(packageRoot: string): Promise<{ name: string; version: string; dependencies: Record<string, string> }> {
  const manifest = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
  };
  const dependencies: Record<string, string> = {};
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) {
    try {
      const installed = JSON.parse(await readFile(join(packageRoot, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      };
      dependencies[name] = installed.version;
    } catch {
      dependencies[name] = 'not installed';
    }
  }
  return { name: manifest.name, version: manifest.version, dependencies };
}

function newRunId(stage: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stage}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A run in progress. */
export class Run {
  readonly id: string;
  readonly dir: string;
  readonly paths: WorkspacePaths;
  private manifest: RunManifest;
  private readonly started: number;
  private readonly openJournals = new Set<JournalWriter>();
  private readonly controller = new AbortController();
  /**
   * Aborted when the run is interrupted (SIGINT, SIGTERM, a notebook's Interrupt button): long work passes it to
   * the calls it makes (model requests, loops over documents) so that they stop. Its reason is an
   * {@link InterruptedError}.
   */
  readonly signal: AbortSignal = this.controller.signal;

  private constructor(id: string, dir: string, paths: WorkspacePaths, manifest: RunManifest) {
    this.id = id;
    this.dir = dir;
    this.paths = paths;
    this.manifest = manifest;
    this.started = Date.now();
  }

  /** Creates the run folder and writes the initial manifest (status `running`). */
  static async start(options: StartRunOptions): Promise<Run> {
    const paths = options.paths ?? resolveWorkspacePaths();
    const now = new Date();
    const id = options.runId ?? newRunId(options.stage, now);
    const dir = join(paths.runs, id);
    const config = redactSecrets(options.config ?? {}, environmentSecrets());
    const packageInfo = await packageVersions(paths.packageRoot);
    const manifest: RunManifest = {
      schemaVersion: 1,
      runId: id,
      stage: options.stage,
      process: { pid: process.pid, host: hostname() },
      status: 'running',
      ...(options.command ? { command: redactSecrets(options.command, environmentSecrets()) } : {}),
      git: await gitState(paths.root),
      environment: {
        node: process.version,
        platform: process.platform,
        arch: process.arch,
        packageName: packageInfo.name,
        packageVersion: packageInfo.version,
        dependencies: packageInfo.dependencies,
      },
      config,
      configHash: hashCanonical(config),
      seed: options.seed ?? null,
      inputs: [],
      models: [],
      outputs: [],
      counts: {},
      timings: { startedAt: now.toISOString(), phasesMs: {} },
    };
    const run = new Run(id, dir, paths, manifest);
    await run.checkpoint();
    return run;
  }

  /** A copy of the current manifest. */
  get current(): RunManifest {
    return structuredClone(this.manifest);
  }

  /** Records an input file or folder with its content hash. */
  async addInput(name: string, path: string): Promise<void> {
    const hash = await hashPath(path);
    this.manifest.inputs = this.manifest.inputs.filter((input) => input.name !== name);
    this.manifest.inputs.push({ name, path: this.displayPath(path), ...hash });
    await this.checkpoint();
  }

  /** Records a model with its exact id and parameters (secrets redacted). */
  async addModel(model: ModelReference): Promise<void> {
    this.manifest.models.push(redactSecrets(model, environmentSecrets()));
    await this.checkpoint();
  }

  /** Records an output file or folder with its content hash. */
  async addOutput(name: string, path: string, records?: number): Promise<void> {
    const hash = await hashPath(path);
    this.manifest.outputs = this.manifest.outputs.filter((output) => output.name !== name);
    this.manifest.outputs.push({ name, path: this.displayPath(path), ...hash, ...(records === undefined ? {} : { records }) });
    await this.checkpoint();
  }

  /** Adds to named counters (items, failures, requests, ...). */
  count(counts: Record<string, number>): void {
    for (const [name, value] of Object.entries(counts)) this.manifest.counts[name] = (this.manifest.counts[name] ?? 0) + value;
  }

  /** Sets usage accounting (tokens, cost) reported by the LLM layer. */
  setUsage(usage: Record<string, unknown>): void {
    this.manifest.usage = redactSecrets(usage, environmentSecrets());
  }

  /** Times a phase of the run and records its duration in `timings.phasesMs`. */
  async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    const begin = performance.now();
    try {
      return await work();
    } finally {
      this.manifest.timings.phasesMs[name] = (this.manifest.timings.phasesMs[name] ?? 0) + (performance.now() - begin);
    }
  }

  /**
   * Opens the per-item record journal `<name>.jsonl` in the run folder. Call `publish()` on it when the
   * records are complete; unpublished journals stay as `<name>.jsonl.partial` if the run dies.
   */
  async openRecords(name: string, options: { resume?: boolean } = {}): Promise<JournalWriter> {
    const journal = await JournalWriter.open(join(this.dir, `${name}.jsonl`), options);
    this.openJournals.add(journal);
    return journal;
  }

  /** Throws the {@link InterruptedError} when the run was interrupted; call it between items of long work. */
  throwIfInterrupted(): void {
    if (this.signal.aborted) throw this.signal.reason;
  }

  /** Aborts {@link signal} with an {@link InterruptedError}. Called by {@link withRun} on a signal. */
  interrupt(signal?: NodeJS.Signals): void {
    if (!this.signal.aborted) this.controller.abort(new InterruptedError(signal, { runId: this.id }));
  }

  /** Path of a file inside the run folder. */
  file(name: string): string {
    return join(this.dir, name);
  }

  /** Rewrites the manifest atomically. */
  async checkpoint(): Promise<void> {
    await writeJsonAtomic(join(this.dir, 'manifest.json'), runManifestSchema.parse(this.manifest));
  }

  /** Marks the run succeeded. */
  async succeed(): Promise<RunManifest> {
    return this.finish('succeeded');
  }

  /** Marks the run failed (or interrupted) and records the error, with secrets redacted. */
  async fail(error: unknown, status: 'failed' | 'interrupted' = 'failed'): Promise<RunManifest> {
    this.manifest.error = redactSecrets(describeError(error), environmentSecrets());
    return this.finish(status);
  }

  private async finish(status: 'succeeded' | 'failed' | 'interrupted'): Promise<RunManifest> {
    for (const journal of this.openJournals) journal.close();
    this.openJournals.clear();
    const finished = new Date();
    this.manifest.status = status;
    this.manifest.timings.finishedAt = finished.toISOString();
    this.manifest.timings.durationMs = Date.now() - this.started;
    await this.checkpoint();
    return this.current;
  }

  private displayPath(path: string): string {
    const inside = relative(this.paths.root, path);
    return inside.startsWith('..') ? path : inside || '.';
  }
}

let exitOnSignal = false;

/**
 * Makes {@link withRun} exit the process on SIGINT / SIGTERM (with 128 + the signal's number, after recording the
 * run as `interrupted`), as a command-line program should. Only the `ecg-llm` command turns it on: everywhere else
 * — a notebook kernel (tslab interrupts a cell with SIGINT), a script, a test — a signal aborts the run's
 * {@link Run.signal} and `withRun` rejects with an {@link InterruptedError}, leaving the process alive.
 */
export function setExitOnSignal(enabled: boolean): void {
  exitOnSignal = enabled;
}

/**
 * Starts a run, calls `work`, and records success or failure (the error is re-thrown). SIGINT or SIGTERM during
 * the work marks the run `interrupted` (error code `INTERRUPTED`, the signal in `details.signal`): it aborts
 * `run.signal`, so that the work stops, and `withRun` rejects at once with an {@link InterruptedError} — the process
 * and a notebook kernel stay alive. Under the command line ({@link setExitOnSignal}) the process then exits with
 * the shell's code for that signal, 128 + its number (130 for SIGINT, 143 for SIGTERM).
 */
export async function withRun<T>(options: StartRunOptions, work: (run: Run) => Promise<T>): Promise<{ value: T; run: Run }> {
  const run = await Run.start(options);
  let exiting: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    run.interrupt(signal);
    if (exitOnSignal && !exiting) {
      exiting = run.fail(run.signal.reason, 'interrupted').then(
        () => process.exit(128 + (constants.signals[signal] ?? 0)),
        () => process.exit(128 + (constants.signals[signal] ?? 0)),
      );
    }
  };
  // Before other listeners (tslab's own), so that the run is interrupted before the kernel gives up on the cell.
  process.prependListener('SIGINT', onSignal);
  process.prependListener('SIGTERM', onSignal);
  let rejectOnAbort: ((reason: unknown) => void) | undefined;
  const aborted = new Promise<never>((_, reject) => (rejectOnAbort = reject));
  const abortListener = (): void => rejectOnAbort?.(run.signal.reason);
  run.signal.addEventListener('abort', abortListener, { once: true });
  try {
    const working = work(run);
    // If the run is interrupted first, the work may still settle later; its outcome no longer matters.
    working.catch(() => undefined);
    const value = await Promise.race([working, aborted]);
    await run.succeed();
    return { value, run };
  } catch (error) {
    const interrupted = run.signal.aborted;
    // Under the command line the signal handler records the run and exits; nothing is thrown meanwhile.
    if (exiting) await exiting;
    await run.fail(interrupted ? run.signal.reason : error, interrupted ? 'interrupted' : 'failed');
    throw interrupted ? run.signal.reason : error;
  } finally {
    run.signal.removeEventListener('abort', abortListener);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
