import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { runNotebooks } from '../../lib/notebooks/run-notebooks.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startOllamaServer, type TestServer } from '../servers/index.js';
import { cooperativeReply } from '../synth/synthesis-script.js';

const temporaryDirectory = useTemporaryDirectory();
const VARIABLES = ['ECG_LLM_WORKSPACE', 'OLLAMA_HOST', 'ECG_LLM_SYNTHESIS_MODEL', 'ECG_LLM_SYNTHESIS_OUTPUT', 'ECG_LLM_EMBEDDED_MODEL'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const servers: TestServer[] = [];
afterEach(async () => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Runs notebook 02 in a fresh workspace (the kernel inherits this process's environment); returns its output text. */
async function runSynthesisNotebook(environment: Partial<Record<(typeof VARIABLES)[number], string>>): Promise<string> {
  const root = await temporaryDirectory();
  await mkdir(join(root, 'notebooks'));
  await symlink(join(repositoryRoot, 'dist'), join(root, 'dist'));
  await copyFile(join(repositoryRoot, 'notebooks', '02-synthesis.ipynb'), join(root, 'notebooks', '02-synthesis.ipynb'));
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, { ECG_LLM_WORKSPACE: root, ...environment });
  const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
  const { outcomes } = await runNotebooks({ paths, names: ['02-synthesis'], cellTimeoutSeconds: 240 });
  const executed = JSON.parse(await readFile(outcomes[0]!.executedCopy, 'utf8')) as {
    cells: Array<{ outputs?: Array<{ text?: string | string[]; data?: Record<string, string | string[]> }> }>;
  };
  return executed.cells
    .flatMap((cell) => cell.outputs ?? [])
    .map((output) => [output.text ?? '', output.data?.['text/markdown'] ?? '', output.data?.['text/html'] ?? '', output.data?.['text/plain'] ?? ''].flat().join(''))
    .join('\n');
}

// The default run (the embedded model, the tiny GGUF offline) is in committed-notebooks.test.ts, which executes every
// notebook on its defaults in one workspace; this file runs notebook 02 under the other settings.
describe('notebooks/02-synthesis.ipynb', () => {
  it('with the embedded model switched off and no server shows only the real deterministic parts and says why', async () => {
    const text = await runSynthesisNotebook({ ECG_LLM_EMBEDDED_MODEL: '0' });
    expect(text).toContain('no model could be used: `OLLAMA_HOST` is not set');
    expect(text).toContain('Fixed-size units (1,500 cl100k tokens) per document');
    expect(text).toContain('Split of each demo document (seed 42)');
    expect(text).toContain('No generated items to show: see the note at the top.');
    expect(text).not.toContain('Items per split');
  }, 300_000);

  it('with an Ollama server and a model runs a small synthesis and shows items, letters, leakage and failures', async () => {
    const server = await startOllamaServer((request) => cooperativeReply(request), { models: [{ name: 'llama3.1:8b' }] });
    servers.push(server);
    const text = await runSynthesisNotebook({ OLLAMA_HOST: server.url, ECG_LLM_SYNTHESIS_MODEL: 'llama3.1:8b' });
    // 8 units per kind were generated from.
    expect(server.generations).toHaveLength(16);
    expect(text).toContain('a small synthesis run (8 units per kind) was made with `llama3.1:8b`');
    expect(text).toContain('Items per split');
    expect(text).toContain('Correct-answer letters');
    expect(text).toMatch(/\| metric \| document split \| within-document split \(authors\) \|/);
    expect(text).toContain('Failure records by reason');
  }, 300_000);
});
