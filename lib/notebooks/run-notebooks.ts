/**
 * Executes the workspace's notebooks headless with the tslab TypeScript kernel (Jupyter from the system's
 * packages), in order, stopping at the first failing cell and naming the notebook and the cell. Executed
 * copies go to `runs/<run-id>/notebooks/`; the notebooks in `notebooks/` are never modified.
 *
 * The kernel spec is installed into the workspace cache (`.cache/jupyter`) with an absolute path to this
 * package's `tslab`, so nothing needs to be on PATH and no system-wide Jupyter configuration changes.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError, InputFileError, NotFoundError, WorkspaceError } from '../core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { withRun } from '../core/run.js';

const execFileAsync = promisify(execFile);

/** The kernel name notebooks declare in their metadata. */
export const TSLAB_KERNEL = 'tslab';

/** A notebook cell failed. */
export class NotebookExecutionError extends WorkspaceError {
  readonly notebook: string;
  readonly cellIndex: number | null;
  constructor(notebook: string, cellIndex: number | null, codeCellNumber: number | null, cellSource: string, reason: string) {
    const firstLine = cellSource.split('\n').find((line) => line.trim() !== '') ?? '';
    const where = cellIndex === null ? 'before the first cell' : `cell ${cellIndex + 1}${codeCellNumber ? ` (code cell ${codeCellNumber})` : ''}`;
    super('NOTEBOOK_CELL', `${notebook}: ${where} failed${firstLine ? ` [${firstLine.trim().slice(0, 80)}]` : ''}: ${reason}`, {
      notebook,
      cellIndex,
      codeCellNumber,
      cellSource,
      reason,
    });
    this.notebook = notebook;
    this.cellIndex = cellIndex;
  }
}

/** Finds a Python 3 that has nbclient (Debian: python3-nbclient): `ECG_LLM_PYTHON`, /usr/bin/python3, python3. */
export async function findJupyterPython(environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = [environment.ECG_LLM_PYTHON, '/usr/bin/python3', 'python3'].filter((value): value is string => Boolean(value));
  for (const candidate of candidates) {
    try {
      await execFileAsync(candidate, ['-c', 'import nbclient, nbformat, jupyter_client']);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new ConfigurationError(
    'ECG_LLM_PYTHON',
    `no Python with nbclient found (tried ${candidates.join(', ')}). Install Jupyter (Debian/Ubuntu: ` +
      '`apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client`) or set ECG_LLM_PYTHON.',
  );
}

/** Folder holding the workspace's own Jupyter data (kernel specs): add it to JUPYTER_PATH. */
export function jupyterDataDirectory(paths: WorkspacePaths): string {
  return join(paths.cache, 'jupyter', 'share', 'jupyter');
}

/**
 * Installs the tslab kernel spec into the workspace cache (idempotent). Returns the environment for running
 * Jupyter with it (JUPYTER_PATH and PATH set).
 */
export async function installTslabKernel(paths: WorkspacePaths, python?: string): Promise<NodeJS.ProcessEnv> {
  const tslab = join(paths.packageRoot, 'node_modules', '.bin', 'tslab');
  if (!existsSync(tslab)) throw new NotFoundError('tslab executable', tslab, 'Run `npm ci` in the workspace first');
  const kernelJson = join(jupyterDataDirectory(paths), 'kernels', TSLAB_KERNEL, 'kernel.json');
  const interpreter = python ?? (await findJupyterPython());
  let current: { argv?: string[] } | undefined;
  try {
    current = JSON.parse(await readFile(kernelJson, 'utf8')) as { argv?: string[] };
  } catch {
    current = undefined;
  }
  if (current?.argv?.[0] !== tslab) {
    await execFileAsync(tslab, ['install', `--python=${interpreter}`, `--binary=${tslab}`, `--prefix=${join(paths.cache, 'jupyter')}`], {
      cwd: paths.root,
    });
  }
  return {
    ...process.env,
    JUPYTER_PATH: [jupyterDataDirectory(paths), process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
    PATH: [join(paths.packageRoot, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(delimiter),
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
}

/** The notebooks of the workspace in execution order (file name order: 01-..., 02-...). */
export async function listNotebooks(paths: WorkspacePaths): Promise<string[]> {
  if (!existsSync(paths.notebooks)) return [];
  return (await readdir(paths.notebooks)).filter((name) => name.endsWith('.ipynb')).sort();
}

/** Notebooks that were saved with outputs or execution counts (they must be committed clean). */
export async function notebooksWithOutputs(paths: WorkspacePaths): Promise<Array<{ notebook: string; cells: number[] }>> {
  const dirty: Array<{ notebook: string; cells: number[] }> = [];
  for (const name of await listNotebooks(paths)) {
    const file = join(paths.notebooks, name);
    let notebook: { cells?: Array<{ outputs?: unknown[]; execution_count?: number | null }> };
    try {
      notebook = JSON.parse(await readFile(file, 'utf8')) as typeof notebook;
    } catch (error) {
      throw new InputFileError({ file }, `not valid notebook JSON: ${(error as Error).message}`);
    }
    const cells = (notebook.cells ?? []).flatMap((cell, index) =>
      (cell.outputs && cell.outputs.length > 0) || (cell.execution_count !== null && cell.execution_count !== undefined) ? [index + 1] : [],
    );
    if (cells.length > 0) dirty.push({ notebook: name, cells });
  }
  return dirty;
}

export interface RunNotebooksOptions {
  /** Notebook names (with or without `.ipynb`, or a prefix like `06`); default: all. */
  names?: string[];
  paths?: WorkspacePaths;
  progress?: ProgressFactory;
  /** Seconds one cell may run. */
  cellTimeoutSeconds?: number;
  command?: string[];
}

export interface NotebookOutcome {
  notebook: string;
  executedCopy: string;
  seconds: number;
}

function selectNotebooks(all: string[], names: string[] | undefined): string[] {
  if (!names || names.length === 0) return all;
  return names.map((name) => {
    const match = all.find((candidate) => candidate === name || candidate === `${name}.ipynb` || candidate.startsWith(name));
    if (!match) throw new NotFoundError('notebook', name, `Notebooks: ${all.join(', ')}`);
    return match;
  });
}

/** Runs one notebook; resolves with the outcome or rejects with a NotebookExecutionError. */
async function executeNotebook(
  python: string,
  environment: NodeJS.ProcessEnv,
  paths: WorkspacePaths,
  notebook: string,
  target: string,
  cellTimeoutSeconds: number,
): Promise<void> {
  const script = join(paths.packageRoot, 'lib', 'notebooks', 'execute-notebook.py');
  const source = join(paths.notebooks, notebook);
  const child = spawn(python, [script, source, target, paths.notebooks, TSLAB_KERNEL, String(cellTimeoutSeconds)], {
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // When this process exits first (an interrupted run exits from its signal handler), the runner must not go
  // on alone: SIGTERM makes nbclient shut its kernel down, so neither Python nor the tslab kernel is left running.
  const stopRunner = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stopRunner);
  let code: number | null;
  try {
    code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  } finally {
    process.off('exit', stopRunner);
  }
  const line = stdout.trim().split('\n').pop() ?? '';
  let result: { status: string; cellIndex?: number | null; codeCellNumber?: number | null; cellSource?: string; message?: string };
  try {
    result = JSON.parse(line) as typeof result;
  } catch {
    const tail = stderr.trim().split('\n').slice(-5).join('\n');
    throw new NotebookExecutionError(notebook, null, null, '', `the notebook runner failed (exit ${code}): ${tail}`);
  }
  if (result.status !== 'ok') {
    throw new NotebookExecutionError(notebook, result.cellIndex ?? null, result.codeCellNumber ?? null, result.cellSource ?? '', result.message ?? 'unknown error');
  }
}

/** Executes notebooks in order inside a run; stops at the first failure. */
export async function runNotebooks(options: RunNotebooksOptions = {}): Promise<{ runId: string; outcomes: NotebookOutcome[] }> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const progress = options.progress ?? silentProgress;
  const selected = selectNotebooks(await listNotebooks(paths), options.names);
  if (selected.length === 0) throw new NotFoundError('notebooks', paths.notebooks);
  const python = await findJupyterPython();
  const environment = await installTslabKernel(paths, python);
  const cellTimeoutSeconds = options.cellTimeoutSeconds ?? 900;
  const { value, run } = await withRun(
    { stage: 'notebooks', config: { notebooks: selected, cellTimeoutSeconds }, paths, ...(options.command ? { command: options.command } : {}) },
    async (current) => {
      const outcomes: NotebookOutcome[] = [];
      const task = progress('notebooks', selected.length);
      for (const notebook of selected) {
        await current.addInput(notebook, join(paths.notebooks, notebook));
        const target = current.file(join('notebooks', basename(notebook)));
        const began = performance.now();
        await current.phase(notebook, () => executeNotebook(python, environment, paths, notebook, target, cellTimeoutSeconds));
        outcomes.push({ notebook, executedCopy: target, seconds: (performance.now() - began) / 1000 });
        await current.addOutput(notebook, target);
        current.count({ notebooks: 1 });
        task.tick();
      }
      task.done();
      return outcomes;
    },
  );
  return { runId: run.id, outcomes: value };
}
