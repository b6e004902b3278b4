import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { NotebookExecutionError, notebooksWithOutputs, runNotebooks } from '../../lib/notebooks/run-notebooks.js';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { notebookJson } from '../helpers/notebook-file.js';
import { childProcessIds, commandLine, isProcessAlive, waitUntil } from '../helpers/processes.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

/** A throwaway workspace whose notebooks import the real built library through ../dist. */
async function workspaceWith(notebooks: Record<string, string>) {
  const root = await temporaryDirectory();
  await mkdir(join(root, 'notebooks'));
  await symlink(join(repositoryRoot, 'dist'), join(root, 'dist'));
  for (const [name, content] of Object.entries(notebooks)) await writeFile(join(root, 'notebooks', name), content);
  return resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
}

describe('runNotebooks (real Jupyter, real tslab kernel)', () => {
  it('executes notebooks in order, writes executed copies under runs/ and a manifest', async () => {
    const paths = await workspaceWith({
      '01-first.ipynb': notebookJson([
        { type: 'markdown', source: '# A notebook' },
        { source: "import { createRandom } from '../dist/index.js';\nconst order = createRandom(42).shuffle([1, 2, 3, 4]);\nconsole.log(JSON.stringify(order));" },
      ]),
    });
    const { runId, outcomes } = await runNotebooks({ paths, cellTimeoutSeconds: 120 });
    expect(outcomes.map((outcome) => outcome.notebook)).toEqual(['01-first.ipynb']);
    const executed = JSON.parse(await readFile(outcomes[0]!.executedCopy, 'utf8')) as { cells: Array<{ outputs?: Array<{ text?: string[] | string }> }> };
    const printed = [executed.cells[1]!.outputs![0]!.text].flat().join('');
    // The printed order is whatever createRandom(42) gives in-process: the kernel must reproduce it exactly.
    const { createRandom } = await import('../../lib/core/random.js');
    expect(printed.trim()).toBe(JSON.stringify(createRandom(42).shuffle([1, 2, 3, 4])));
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(paths.runs, runId, 'manifest.json'), 'utf8')));
    expect(manifest.status).toBe('succeeded');
    expect(manifest.outputs.map((output) => output.name)).toEqual(['01-first.ipynb']);
    // The original notebook stays without outputs.
    expect(await notebooksWithOutputs(paths)).toEqual([]);
  }, 120_000);

  it('stops at the first failing cell and names the notebook, the cell and the TypeScript error', async () => {
    const paths = await workspaceWith({
      '01-ok.ipynb': notebookJson([{ source: 'console.log(1 + 1);' }]),
      '02-broken.ipynb': notebookJson([
        { type: 'markdown', source: 'text' },
        { source: 'const fine = 1;' },
        { source: "const wrong: number = 'text';" },
        { source: 'console.log("never runs");' },
      ]),
      '03-never.ipynb': notebookJson([{ source: 'console.log(3);' }]),
    });
    const error = await runNotebooks({ paths, cellTimeoutSeconds: 120 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotebookExecutionError);
    const failure = error as NotebookExecutionError;
    expect(failure.notebook).toBe('02-broken.ipynb');
    expect(failure.cellIndex).toBe(2);
    expect(failure.message).toMatch(/02-broken\.ipynb: cell 3 \(code cell 2\) failed \[const wrong: number = 'text';\]: .*Type 'string' is not assignable to type 'number'/);
  }, 120_000);

  it('reports a runtime exception with its message', async () => {
    const paths = await workspaceWith({
      '01-throws.ipynb': notebookJson([{ source: "import { InvalidArgumentError } from '../dist/index.js';\nthrow new InvalidArgumentError('level', 'must be in (0, 1)');" }]),
    });
    await expect(runNotebooks({ paths, cellTimeoutSeconds: 120 })).rejects.toThrow(/01-throws\.ipynb: cell 1 .*must be in \(0, 1\)/s);
  }, 120_000);
});

describe('ecg-llm notebooks run, interrupted', () => {
  it('stops the Python runner and the tslab kernel when the command is stopped with SIGTERM', async () => {
    const paths = await workspaceWith({
      '01-slow.ipynb': notebookJson([{ source: 'await new Promise((resolve) => setTimeout(resolve, 120_000));' }]),
    });
    const command = spawn(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), 'notebooks', 'run'], {
      env: { ...process.env, ECG_LLM_WORKSPACE: paths.root, ECG_LLM_PROGRESS: 'off' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => command.once('exit', (code) => resolve(code)));
    // Wait until the runner (child of the command) has started the kernel (child of the runner).
    let runners: number[] = [];
    let kernels: number[] = [];
    await waitUntil(() => {
      runners = childProcessIds(command.pid as number).filter((pid) => commandLine(pid).includes('execute-notebook.py'));
      kernels = runners.flatMap((runner) => childProcessIds(runner));
      return kernels.length > 0;
    }, 60_000);
    expect(kernels.length).toBeGreaterThan(0);
    command.kill('SIGTERM');
    expect(await exited).toBe(143);
    // Without the command, nothing of the notebook may go on running (the cell would wait two minutes).
    await waitUntil(() => [...runners, ...kernels].every((pid) => !isProcessAlive(pid)), 30_000);
    const leftOver = [...runners, ...kernels].filter(isProcessAlive);
    for (const pid of leftOver) process.kill(pid, 'SIGKILL'); // cleanup when the assertion below fails
    expect(leftOver).toEqual([]);
    const [runId] = await readdir(paths.runs);
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(paths.runs, runId as string, 'manifest.json'), 'utf8')));
    expect(manifest.status).toBe('interrupted');
  }, 120_000);
});

describe('notebooksWithOutputs', () => {
  it('finds notebooks saved with outputs or execution counts', async () => {
    const clean = notebookJson([{ source: '1' }]);
    const dirty = JSON.parse(clean) as { cells: Array<Record<string, unknown>> };
    dirty.cells[0]!.execution_count = 3;
    const paths = await workspaceWith({ 'a.ipynb': clean, 'b.ipynb': JSON.stringify(dirty) });
    expect(await notebooksWithOutputs(paths)).toEqual([{ notebook: 'b.ipynb', cells: [1] }]);
  });
});

describe('the committed notebooks', () => {
  it('are committed without outputs or execution counts', async () => {
    expect(await notebooksWithOutputs(resolveWorkspacePaths({ root: repositoryRoot, packageRoot: repositoryRoot }))).toEqual([]);
  });
});
