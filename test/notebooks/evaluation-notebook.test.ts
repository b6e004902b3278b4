import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { runNotebooks } from '../../lib/notebooks/run-notebooks.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startOllamaServer, type RecordedRequest, type ScriptStep, type TestServer } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory();
const VARIABLES = ['ECG_LLM_WORKSPACE', 'OLLAMA_HOST', 'ECG_LLM_EVALUATION_PROVIDER', 'ECG_LLM_EVALUATION_MODEL', 'ECG_LLM_EVALUATION_MC', 'ECG_LLM_EMBEDDED_MODEL'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const servers: TestServer[] = [];
afterEach(async () => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Runs notebook 05 in a fresh workspace (the kernel inherits this process's environment); returns its output text. */
async function runEvaluationNotebook(environment: Partial<Record<(typeof VARIABLES)[number], string>>): Promise<string> {
  const root = await temporaryDirectory();
  await mkdir(join(root, 'notebooks'));
  await symlink(join(repositoryRoot, 'dist'), join(root, 'dist'));
  await copyFile(join(repositoryRoot, 'notebooks', '05-evaluation.ipynb'), join(root, 'notebooks', '05-evaluation.ipynb'));
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, { ECG_LLM_WORKSPACE: root, ...environment });
  const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
  const { outcomes } = await runNotebooks({ paths, names: ['05-evaluation'], cellTimeoutSeconds: 240 });
  const executed = JSON.parse(await readFile(outcomes[0]!.executedCopy, 'utf8')) as {
    cells: Array<{ outputs?: Array<{ text?: string | string[]; data?: Record<string, string | string[]> }> }>;
  };
  return executed.cells
    .flatMap((cell) => cell.outputs ?? [])
    .map((output) => [output.text ?? '', output.data?.['text/markdown'] ?? '', output.data?.['text/html'] ?? '', output.data?.['text/plain'] ?? ''].flat().join(''))
    .join('\n');
}

/** A cooperative model: MC replies "The correct answer is A" with the letter's log-probabilities; Q&A replies a sentence; a judge verdict. */
function cooperative(request: RecordedRequest): ScriptStep {
  const body = request.body as { messages: Array<{ role: string; content: string }>; logprobs?: boolean };
  const text = body.messages.map((message) => message.content).join('\n');
  if (body.logprobs) return { text: 'A', logprobs: [{ token: 'A', logprob: -0.1, top: [{ token: 'A', logprob: -0.1 }, { token: 'B', logprob: -2.5 }] }] };
  if (text.includes('multiple choice question')) return { text: 'The correct answer is A' };
  if (/\[RESULT\]/.test(text) || /Response A/i.test(text)) return { text: 'Both are fine but the first is more precise. [RESULT] A' };
  return { text: 'The sinoatrial node in the right atrium starts each heartbeat.' };
}

// The default run (the embedded model, the tiny GGUF offline) is in committed-notebooks.test.ts, which executes every
// notebook on its defaults in one workspace; this file runs notebook 05 under the other settings.
describe('notebooks/05-evaluation.ipynb', () => {
  it('without a model shows the sections that need none, with real values, and says why the rest is empty', async () => {
    const text = await runEvaluationNotebook({ ECG_LLM_EMBEDDED_MODEL: '0' });
    expect(text).toContain('no model could be used: `OLLAMA_HOST` is not set');
    expect(text).toContain('Demo evaluation sets');
    expect(text).toContain('One question (correct: B), nine replies, three parsers');
    expect(text).toContain('Sentence BLEU (0–100) of the same pairs under different tokenizations');
    expect(text).toContain('nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.');
    expect(text).toContain('ROUGE F-measure without and with the Porter stemmer');
    expect(text).toContain('BERTScore on the tiny test encoder: the column the authors logged as F1 is the precision');
    // The committed demo MC set is found without a model (64 items), but not run.
    expect(text).toMatch(/demo-mc<\/td><td[^>]*>mc<\/td><td[^>]*>demo-mc<\/td><td[^>]*>64</);
    expect(text).toContain('No multiple-choice run to show: see the note at the top.');
    expect(text).toContain('No Q&A run to show');
    expect(text).toContain('No judge run to show');
  }, 400_000);

  it('with an Ollama server runs MC (both scorings, McNemar), Q&A with the legacy prefix and the judge', async () => {
    const server = await startOllamaServer(cooperative, { models: [{ name: 'llama3.1:8b' }] });
    servers.push(server);
    const text = await runEvaluationNotebook({
      OLLAMA_HOST: server.url,
      ECG_LLM_EVALUATION_MODEL: 'llama3.1:8b',
      ECG_LLM_EVALUATION_MC: join(repositoryRoot, 'test', 'evaluation', 'fixtures', 'mini-mc.jsonl'),
    });
    expect(text).toContain('the model sections use `llama3.1:8b`');
    expect(text).toContain('Multiple-choice accuracy (runs');
    expect(text).toContain('Exact McNemar test, generative vs log-likelihood scoring');
    expect(text).toContain('metrics on 20 demo questions');
    expect(text).toContain('Position bias of the pairwise judge');
    // 10 MC items × 2 scorings + 20 Q&A answers (the prefix run is served from the cache) + 5 pairs × 2 orders.
    expect(server.generations).toHaveLength(10 + 10 + 20 + 10);
  }, 400_000);
});
