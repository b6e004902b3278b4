/**
 * Executes every committed notebook, in order, in ONE fresh workspace on a newcomer's defaults — what
 * `npm run notebooks` does on a user's machine: each notebook finds what the ones before it left in the workspace
 * (notebook 03 after notebook 02's synthesis output, for instance), so a notebook that only works on its own fails
 * here. Notebook 03 launches on a real single-node Slurm cluster started for this file (scripts/slurm-cluster.sh,
 * installed by scripts/install.sh); without Slurm the file fails, it never skips.
 *
 * This is the one place where the notebooks run on their defaults (CI runs no separate notebook step). The
 * notebook files beside this one run the same notebooks under other settings (no model, an Ollama server, no
 * cluster).
 */
import { copyFile, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { createRandom } from '../../lib/core/random.js';
import { runNotebooks } from '../../lib/notebooks/run-notebooks.js';
import { PLOTLY_MIME_TYPE } from '../../lib/report/notebook-display.js';
import { TEST_IMAGE } from '../helpers/finetune-fixtures.js';
import { humanEvaluationDataDirectory, pythonReference } from '../helpers/human-eval-data.js';
import { useSlurmCluster } from '../helpers/slurm-cluster.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const cluster = useSlurmCluster();

// Variables that would change a notebook's defaults; the kernel inherits this process's environment.
const VARIABLES = [
  'ECG_LLM_WORKSPACE',
  'ECG_LLM_DATA_MIRROR',
  'ECG_LLM_PAPER_MODELS',
  'ECG_LLM_EMBEDDED_MODEL',
  'OLLAMA_HOST',
  'OPENAI_BASE_URL',
  'ANTHROPIC_API_KEY',
  'CHROMA_URL',
  'ECG_LLM_SYNTHESIS_MODEL',
  'ECG_LLM_SYNTHESIS_OUTPUT',
  'ECG_LLM_EVALUATION_PROVIDER',
  'ECG_LLM_EVALUATION_MODEL',
  'ECG_LLM_EVALUATION_MC',
  'SLURM_CONF',
  'ECG_LLM_FINETUNE_RUNTIME',
  'ECG_LLM_FINETUNE_COMMAND',
  'ECG_LLM_FINETUNE_IMAGE',
  'ECG_LLM_STAND_IN_STEPS',
  'ECG_LLM_STAND_IN_STEP_MS',
] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

interface Output {
  text?: string | string[];
  data?: Record<string, unknown>;
}

/** Per notebook (e.g. `03-finetuning`): its outputs and their text (stream text, markdown, HTML, plain). */
const executed = new Map<string, { outputs: Output[]; text: string }>();

function notebook(name: string): { outputs: Output[]; text: string } {
  const found = executed.get(name);
  if (!found) throw new Error(`notebook ${name} was not executed; executed: ${[...executed.keys()].join(', ')}`);
  return found;
}

beforeAll(async () => {
  const root = await temporaryDirectory();
  await mkdir(join(root, 'notebooks'));
  await symlink(join(repositoryRoot, 'dist'), join(root, 'dist'));
  const committed = (await readdir(join(repositoryRoot, 'notebooks'))).filter((name) => name.endsWith('.ipynb')).sort();
  for (const name of committed) await copyFile(join(repositoryRoot, 'notebooks', name), join(root, 'notebooks', name));
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, {
    ECG_LLM_WORKSPACE: root,
    // Notebook 06's data, from the verified copy the global setup fetched (a folder mirror; see human-eval-data.ts).
    ECG_LLM_DATA_MIRROR: humanEvaluationDataDirectory(),
    // Notebook 03's cluster: the local Slurm cluster with the stand-in trainer (no GPU; environment/README.md's contract).
    SLURM_CONF: cluster().environment.SLURM_CONF!,
    ECG_LLM_FINETUNE_RUNTIME: 'none',
    ECG_LLM_FINETUNE_COMMAND: cluster().standInCommand.join(' '),
    ECG_LLM_FINETUNE_IMAGE: TEST_IMAGE,
    ECG_LLM_STAND_IN_STEPS: '8',
    ECG_LLM_STAND_IN_STEP_MS: '500',
  });
  const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
  const { outcomes } = await runNotebooks({ paths, cellTimeoutSeconds: 300 });
  expect(outcomes.map((outcome) => outcome.notebook)).toEqual(committed);
  for (const outcome of outcomes) {
    const copy = JSON.parse(await readFile(outcome.executedCopy, 'utf8')) as { cells: Array<{ outputs?: Output[] }> };
    const outputs = copy.cells.flatMap((cell) => cell.outputs ?? []);
    const text = outputs
      .map((output) =>
        [output.text ?? '', ...['text/markdown', 'text/html', 'text/plain'].map((type) => (output.data?.[type] as string | string[] | undefined) ?? '')].flat().join(''),
      )
      .join('\n');
    executed.set(outcome.notebook.replace(/\.ipynb$/, ''), { outputs, text });
  }
}, 1_500_000);

afterAll(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('the committed notebooks, run in order in one fresh workspace on the defaults', () => {
  it('00-workspace checks the environment and shows that a seed gives the same order twice', () => {
    const { text } = notebook('00-workspace');
    expect(text).toContain('Components the stages use');
    // The order createRandom(2510) gives in this process: the kernel must reproduce it exactly.
    const leads = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
    expect(text).toContain(createRandom(2510).shuffle(leads).join(' '));
    expect(text).toContain('same seed, same order: true');
    // The first notebook of a fresh workspace: the only run recorded is this notebooks run itself, still running.
    expect(text).toMatch(/\| notebooks-\d{8}-\d{6}-[0-9a-f]{6} \| notebooks \| running \|/);
    expect(text).not.toContain('| corpus |');
  });

  it('01-corpus builds the demo corpus and shows its documents, figures and the removed sections', () => {
    const { text, outputs } = notebook('01-corpus');
    // 424 chunks: the demo corpus under the paper's RAG splitter, as `ecg-llm rag index` reports it (test/cli/rag.test.ts).
    expect(text).toMatch(/\d+ documents, \d+ words, \d+ pages, 424 chunks/);
    expect(text).toContain('Sections removed by cleaning (first 40)');
    expect(outputs.filter((output) => output.data?.[PLOTLY_MIME_TYPE]).length).toBeGreaterThanOrEqual(5);
  });

  it('02-synthesis runs a small synthesis with the embedded model (the tiny GGUF offline) and shows generated items', () => {
    const { text } = notebook('02-synthesis');
    expect(text).toContain('a small synthesis run (2 units per kind) was made with the embedded model');
    expect(text).toContain('the tiny generated test model');
    expect(text).toContain('Items per split');
    expect(text).toContain('Failure records by reason');
    expect(text).not.toContain('No generated items to show');
  });

  it('03-finetuning launches on the local Slurm cluster, draws the loss curve, cancels and collects', () => {
    const { text, outputs } = notebook('03-finetuning');
    expect(text).toContain('**Cluster:** slurm (container runtime `none`)');
    expect(text).toMatch(/Submitted run `finetune-\S+` \(job \d+\)/);
    expect(text).toMatch(/\*\*succeeded\*\* \(slurm job \d+, 8 logged steps, 4 evaluations\)/);
    // The loss curve: one figure output (updated in place) whose final version has all 8 training points.
    const figures = outputs.filter((output) => output.data?.[PLOTLY_MIME_TYPE]);
    expect(figures).toHaveLength(1);
    const traces = (figures[0]!.data![PLOTLY_MIME_TYPE] as { data: Array<{ name: string; x: number[] }> }).data;
    expect(traces.map((trace) => trace.name)).toEqual(['training loss', 'eval loss', 'learning rate']);
    expect(traces[0]!.x).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(traces[1]!.x).toEqual([2, 4, 6, 8]);
    expect(figures[0]!.data!['image/png']).toBeDefined();
    expect(text).toMatch(/\| [^|]+ \| cancelled \| CANCELLED \|/);
    expect(text).toContain('adapter/adapter_model.safetensors');
    expect(text).toMatch(/Serve with Ollama: `ollama create ecg-llm-\S+ -f \S+\/serve\/ollama\/Modelfile`/);
  });

  it('04-rag shows reranked passages and a grounded answer generated by the embedded (tiny) model', () => {
    const { text } = notebook('04-rag');
    expect(text).toContain('Reranked context');
    expect(text).toContain('the tiny generated test model');
    expect(text).toContain('A grounded answer from the embedded model');
    // The answer row names the five context chunks the answer was grounded on.
    expect(text).toMatch(/Which QT correction formula overcorrects at fast heart rates\?/);
  });

  it('05-evaluation evaluates the embedded model (the generated tiny GGUF here) in every model section', () => {
    const { text } = notebook('05-evaluation');
    expect(text).toContain('**Model:** the tiny generated test model');
    expect(text).not.toContain('No multiple-choice run to show');
    expect(text).not.toContain('No Q&A run to show');
    expect(text).not.toContain('No judge run to show');
  });

  it('06-statistics fetches the data (from the mirror) and shows the reproduced tests', () => {
    const { text, outputs } = notebook('06-statistics');
    // Friedman χ² 99.93 on 11 df over 37 questions; Cochran's Q 94.11 (test/reference/human-eval-reference.json).
    const friedman = pythonReference()['40_questions.csv']!.analysis.friedman.statistic.toFixed(2);
    expect(text).toContain(`| 40_questions.csv | 37 complete (3 excluded) | 12 | ${friedman} | 11 |`);
    expect(text).toContain('| 40_questions.csv | multi-marked | 2 | 352, 379 |');
    expect(text).toContain('| 40_questions.csv | LLama 3.1 8B + RAG | 40 | 0 | 6 | 6 | 28 | 0 | 0 | 39 |');
    expect(outputs.some((output) => output.data?.['image/png'])).toBe(true);
  });
});
