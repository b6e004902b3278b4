import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { runNotebooks } from '../../lib/notebooks/run-notebooks.js';
import { humanEvaluationDataDirectory, pythonReference } from '../helpers/human-eval-data.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const saved = { workspace: process.env.ECG_LLM_WORKSPACE, mirror: process.env.ECG_LLM_DATA_MIRROR };
afterEach(() => {
  for (const [key, value] of [['ECG_LLM_WORKSPACE', saved.workspace], ['ECG_LLM_DATA_MIRROR', saved.mirror]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('notebooks/06-statistics.ipynb', () => {
  it('runs headless on a fresh workspace (data from the mirror) and shows the reproduced tests', async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, 'notebooks'));
    await symlink(join(repositoryRoot, 'dist'), join(root, 'dist'));
    await copyFile(join(repositoryRoot, 'notebooks', '06-statistics.ipynb'), join(root, 'notebooks', '06-statistics.ipynb'));
    // The kernel inherits this process's environment: the notebook's workspace is `root`, its data comes from the mirror.
    process.env.ECG_LLM_WORKSPACE = root;
    process.env.ECG_LLM_DATA_MIRROR = humanEvaluationDataDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const { outcomes } = await runNotebooks({ paths, names: ['06-statistics'], cellTimeoutSeconds: 240 });
    const executed = JSON.parse(await readFile(outcomes[0]!.executedCopy, 'utf8')) as {
      cells: Array<{ outputs?: Array<{ text?: string | string[]; data?: Record<string, string | string[]> }> }>;
    };
    const text = executed.cells
      .flatMap((cell) => cell.outputs ?? [])
      .map((output) => [output.text ?? '', output.data?.['text/plain'] ?? ''].flat().join(''))
      .join('\n');
    // Friedman χ² 99.93 on 11 df over 37 questions; Cochran's Q 94.11 (test/reference/human-eval-reference.json).
    const friedman = pythonReference()['40_questions.csv']!.analysis.friedman.statistic.toFixed(2);
    expect(text).toContain(`| 40_questions.csv | 37 complete (3 excluded) | 12 | ${friedman} | 11 |`);
    expect(text).toContain('| 40_questions.csv | multi-marked | 2 | 352, 379 |');
    expect(text).toContain('| 40_questions.csv | LLama 3.1 8B + RAG | 40 | 0 | 6 | 6 | 28 | 0 | 0 | 39 |');
    expect(executed.cells.some((cell) => (cell.outputs ?? []).some((output) => output.data?.['image/png']))).toBe(true);
  }, 300_000);
});
