/**
 * `ecg-llm synthesize` through main() with captured output, and as real child processes of the built command
 * line: one killed with SIGKILL half-way and restarted, which must finish with every item exactly once; and one
 * killed while it waits for an Anthropic Message Batch, whose restart must collect that batch, not resubmit it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { readSynthesisOutputs } from '../../lib/synth/synthesis-outputs.js';
import { runCli } from '../helpers/run-cli.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startAnthropicServer, startOllamaServer, startOpenAIServer, type TestServer } from '../servers/index.js';
import { cooperativeReply, writeSmallCorpus } from '../synth/synthesis-script.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-cli-synth-');
const servers: TestServer[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function listFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else files.push(path);
  }
  return files;
}

describe('ecg-llm synthesize (in process)', () => {
  it('rejects bad usage with exit code 2 and a message naming the option', async () => {
    const root = await temporaryDirectory();
    const missing = await runCli(['synthesize', '--out', join(root, 'out')], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required option --model/);
    const ratios = await runCli(['synthesize', '--model', 'm', '--out', join(root, 'out'), '--split-ratios', '0.8,0.3,0.1'], root);
    expect(ratios.code).toBe(2);
    expect(ratios.stderr).toMatch(/--split-ratios: .*sum to 1/);
    const units = await runCli(['synthesize', '--model', 'm', '--out', join(root, 'out'), '--units', 'pages'], root);
    expect(units.code).toBe(2);
    expect(units.stderr).toMatch(/--units must be one of fixed-tokens, sections, sections-legacy/);
    const kinds = await runCli(['synthesize', '--model', 'm', '--out', join(root, 'out'), '--kinds', 'qa,essay'], root);
    expect(kinds.code).toBe(2);
    // A folder of documents instead of the corpus stage's output: exit 2, and how to make one.
    const raw = join(root, 'pdfs');
    await mkdir(raw);
    const notCorpus = await runCli(['synthesize', '--model', 'm', '--out', join(root, 'out'), '--corpus', raw], root);
    expect(notCorpus.code).toBe(2);
    expect(notCorpus.stderr).toContain(`${raw} is not an output folder of \`ecg-llm corpus\` (it has no documents.jsonl)`);
    expect(notCorpus.stderr).toContain(`run \`ecg-llm corpus --input ${raw} --out <dir>\` first`);
  });

  it('exits 1 and points to failures.jsonl when every generation task failed', async () => {
    const root = await temporaryDirectory();
    const corpus = await writeSmallCorpus(root, ['electrical-axis.md']);
    // The model server answers every request with HTTP 500, so each task fails after its attempts.
    const server = await startOllamaServer(() => ({ error: { status: 500, message: 'model crashed' } }), { models: [{ name: 'llama3.1:8b' }] });
    servers.push(server);
    const out = join(root, 'out');
    const result = await runCli(
      ['synthesize', '--model', 'llama3.1:8b', '--corpus', corpus, '--out', out, '--limit-units', '1', '--max-attempts', '1'],
      root,
      { OLLAMA_HOST: server.url },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('every one of the 2 generation task(s) failed, so the datasets are empty');
    const failures = (await readFile(join(out, 'failures.jsonl'), 'utf8')).trim().split('\n');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain('model crashed');
  });

  it('runs against Anthropic with the key from the environment and writes the key to no file', async () => {
    const root = await temporaryDirectory();
    const key = 'sk-ant-api03-synthesis-secret-0123456789';
    const corpus = await writeSmallCorpus(root, ['electrical-axis.md', 'systematic-ecg-reading.md', 'athletes-ecg.md']);
    // Every reply is cooperative except the first request of the third task, which fails for good (401 is not
    // retried): its failure record, with the provider's error message, must not carry the key either.
    const server = await startAnthropicServer(
      (request, index) => (index === 2 ? { error: { status: 401, message: `invalid x-api-key ${key.slice(0, 12)}...` } } : cooperativeReply(request)),
      { apiKey: key, models: ['claude-sonnet-5-5'] },
    );
    servers.push(server);
    const out = join(root, 'out');
    const result = await runCli(
      ['synthesize', '--provider', 'anthropic', '--model', 'claude-sonnet-5-5', '--corpus', corpus, '--out', out, '--limit-units', '3', '--items-per-unit', '3', '--max-attempts', '2'],
      root,
      { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: server.url },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^finished run synthesis-\S+: \d+ Q&A and \d+ multiple-choice items/);
    // Temperature is omitted for Anthropic's current API (it refuses sampling parameters).
    expect(server.generations.every((request) => (request.body as Record<string, unknown>).temperature === undefined)).toBe(true);
    const outputs = await readSynthesisOutputs(out);
    expect(outputs.failures.filter((failure) => failure.scope === 'unit' && failure.stage === 'request')).toHaveLength(1);
    expect(outputs.manifest?.models[0]).toMatchObject({ provider: 'anthropic', id: 'claude-sonnet-5-5', role: 'generator' });
    const files = await listFiles(root);
    expect(files.some((file) => file.includes(join('runs', 'synthesis-')))).toBe(true);
    expect(files.some((file) => file.includes(join('.cache', 'llm')))).toBe(true);
    for (const file of files) expect(await readFile(file, 'utf8'), file).not.toContain(key);
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('reads the output folder of `ecg-llm corpus` and runs against an OpenAI-compatible server', async () => {
    const root = await temporaryDirectory();
    const input = join(root, 'input');
    await mkdir(input);
    for (const text of ['electrical-axis.md', 'athletes-ecg.md', 'paediatric-ecg.md']) {
      await copyFile(join(repositoryRoot, 'data', 'demo-corpus-sources', 'texts', text), join(input, text));
    }
    const corpusOut = join(root, 'corpus');
    const corpus = await runCli(['corpus', '--input', input, '--out', corpusOut], root);
    expect(corpus.code).toBe(0);
    const server = await startOpenAIServer((request) => cooperativeReply(request), { models: ['qwen3-8b'] });
    servers.push(server);
    const out = join(root, 'out');
    const result = await runCli(
      ['synthesize', '--provider', 'openai', '--model', 'qwen3-8b', '--corpus', corpusOut, '--out', out, '--kinds', 'mc', '--limit-units', '3', '--split-ratios', '0.34,0.33,0.33'],
      root,
      { OPENAI_BASE_URL: `${server.url}/v1` },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server.generations).toHaveLength(3);
    // Structured output as OpenAI's response_format with the strict reply schema.
    expect((server.generations[0]?.body as { response_format: { type: string; json_schema: { name: string } } }).response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'mc_items' },
    });
    const outputs = await readSynthesisOutputs(out);
    expect(outputs.qa).toEqual([]);
    expect(outputs.mc.length).toBeGreaterThan(0);
    expect(outputs.manifest?.models[0]).toMatchObject({ provider: 'openai-compatible', id: 'qwen3-8b' });
    expect(outputs.manifest?.inputs[0]?.path).toBe(join('corpus', 'documents.jsonl'));
  });
});

function startChild(args: string[], environment: NodeJS.ProcessEnv): { child: ChildProcess; exit: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ECG_LLM_PROGRESS: 'off', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, exit };
}

async function journalLines(runsDirectory: string): Promise<{ runId: string; lines: number } | undefined> {
  let entries: string[];
  try {
    entries = (await readdir(runsDirectory)).filter((entry) => entry.startsWith('synthesis-'));
  } catch {
    return undefined;
  }
  for (const runId of entries) {
    try {
      const text = await readFile(join(runsDirectory, runId, 'unit-results.jsonl.partial'), 'utf8');
      return { runId, lines: text.split('\n').filter(Boolean).length };
    } catch {
      // not yet created
    }
  }
  return undefined;
}

describe('ecg-llm synthesize (child process)', () => {
  it('resumes a run killed with SIGKILL half-way and finishes with every item exactly once', { timeout: 120_000 }, async () => {
    const root = await temporaryDirectory();
    const model = 'llama3.1:8b';
    // Replies take 150 ms, so the run is still generating when it is killed after four finished tasks.
    const server = await startOllamaServer((request) => ({ ...cooperativeReply(request), delayMs: 150 }), { models: [{ name: model }] });
    servers.push(server);
    const out = join(root, 'out');
    // No --corpus: the demo corpus is processed through the corpus stage into out/corpus.
    const args = ['synthesize', '--provider', 'ollama', '--model', model, '--out', out, '--limit-units', '6', '--items-per-unit', '3', '--seed', '3'];
    const environment = { OLLAMA_HOST: server.url, ECG_LLM_WORKSPACE: root };
    const runsDirectory = join(root, 'runs');

    const first = startChild(args, environment);
    let killedAt: { runId: string; lines: number } | undefined;
    while (!killedAt) {
      const state = await journalLines(runsDirectory);
      if (state && state.lines >= 4) {
        first.child.kill('SIGKILL');
        killedAt = state;
      } else if (first.child.exitCode !== null) {
        throw new Error(`the first run ended before it could be killed: ${(await first.exit).stderr}`);
      } else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const killed = await first.exit;
    expect(killed.code).toBeNull();
    const killedManifest = runManifestSchema.parse(JSON.parse(await readFile(join(runsDirectory, killedAt.runId, 'manifest.json'), 'utf8')));
    expect(killedManifest.status).toBe('running');
    await expect(stat(join(out, 'qa.jsonl'))).rejects.toThrow();
    const generationsBeforeRestart = server.generations.length;

    const second = startChild(args, environment);
    const finished = await second.exit;
    expect(finished.stderr).toBe('');
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain(`resumed run ${killedAt.runId}`);
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(runsDirectory, killedAt.runId, 'manifest.json'), 'utf8')));
    expect(manifest.status).toBe('succeeded');
    const tasks = manifest.counts.tasks as number;
    expect(tasks).toBe(12);
    expect(manifest.counts.tasksResumed).toBeGreaterThanOrEqual(4);
    // Every task was generated once; at most the one in flight at the kill was asked twice (its reply had not
    // reached the cache).
    expect(server.generations.length - tasks).toBeGreaterThanOrEqual(0);
    expect(server.generations.length - tasks).toBeLessThanOrEqual(1);
    expect(server.generations.length).toBeGreaterThan(generationsBeforeRestart);

    // Exactly the datasets of an uninterrupted run (same seed, fresh workspace and server).
    const referenceRoot = await temporaryDirectory();
    const referenceServer = await startOllamaServer((request) => cooperativeReply(request), { models: [{ name: model }] });
    servers.push(referenceServer);
    const referenceOut = join(referenceRoot, 'out');
    const reference = await runCli(
      ['synthesize', '--provider', 'ollama', '--model', model, '--out', referenceOut, '--limit-units', '6', '--items-per-unit', '3', '--seed', '3'],
      referenceRoot,
      { OLLAMA_HOST: referenceServer.url },
    );
    expect(reference.code).toBe(0);
    const resumed = await readSynthesisOutputs(out);
    const uninterrupted = await readSynthesisOutputs(referenceOut);
    const withoutRun = (items: ReadonlyArray<{ generator: { runId?: string } }>) => items.map((item) => ({ ...item, generator: { ...item.generator, runId: undefined } }));
    expect(new Set(resumed.qa.map((item) => item.id)).size).toBe(resumed.qa.length);
    expect(withoutRun(resumed.qa)).toEqual(withoutRun(uninterrupted.qa));
    expect(withoutRun(resumed.mc)).toEqual(withoutRun(uninterrupted.mc));
    expect(resumed.failures.map((failure) => failure.itemId)).toEqual(uninterrupted.failures.map((failure) => failure.itemId));
  });
});

describe('ecg-llm synthesize --anthropic-batch', () => {
  it('sends Message Batches, collects a batch submitted before a SIGKILL instead of paying twice, and re-runs from the cache', { timeout: 120_000 }, async () => {
    const root = await temporaryDirectory();
    const key = 'sk-ant-api03-batch-cli-0123456789abcdef';
    const corpus = await writeSmallCorpus(root, ['electrical-axis.md', 'systematic-ecg-reading.md', 'athletes-ecg.md']);
    // Every batch reports `in_progress` for its first eight polls.
    const server = await startAnthropicServer((request) => cooperativeReply(request), { apiKey: key, models: ['claude-sonnet-5-5'], batchProcessingPolls: 8 });
    servers.push(server);
    const out = join(root, 'out');
    const args = ['synthesize', '--provider', 'anthropic', '--model', 'claude-sonnet-5-5', '--corpus', corpus, '--limit-units', '3', '--items-per-unit', '3', '--anthropic-batch'];
    const environment = { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: server.url, ECG_LLM_WORKSPACE: root };
    const creations = () => server.requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages/batches');
    const ledgerFile = async (): Promise<string | undefined> => {
      const runs = await readdir(join(root, 'runs')).catch(() => [] as string[]);
      for (const run of runs) {
        const file = join(root, 'runs', run, 'provider-batches.json');
        if (await stat(file).then(() => true, () => false)) return file;
      }
      return undefined;
    };

    // First run: killed while it waits for its first batch (the Q&A requests), once the batch id is recorded.
    const first = startChild([...args, '--out', out, '--batch-poll', '0.2'], environment);
    let ledger: string | undefined;
    while (!(ledger = await ledgerFile())) {
      if (first.child.exitCode !== null) throw new Error(`the first run ended before it could be killed: ${(await first.exit).stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    expect((await first.exit).code).toBeNull();
    expect(creations()).toHaveLength(1);
    const qaBatch = [...server.batches.keys()][0]!;
    expect(Object.values(JSON.parse(await readFile(ledger, 'utf8')) as Record<string, { batchId: string }>).map((entry) => entry.batchId)).toEqual([qaBatch]);

    // Restart: the recorded Q&A batch is polled and collected, not submitted again; then the MC batch.
    const resumed = await runCli([...args, '--out', out, '--batch-poll', '0.01'], root, environment);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^resumed run synthesis-/);
    expect(creations()).toHaveLength(2);
    expect(server.requests.some((request) => request.method === 'GET' && request.path === `/v1/messages/batches/${qaBatch}/results`)).toBe(true);
    expect(server.requests.some((request) => request.path === '/v1/messages')).toBe(false);
    // 3 units x 2 kinds, each generated exactly once.
    expect(server.generations).toHaveLength(6);
    const outputs = await readSynthesisOutputs(out);
    expect(outputs.qa.length).toBeGreaterThan(0);
    expect(outputs.mc.length).toBeGreaterThan(0);
    expect(new Set([...outputs.qa, ...outputs.mc].map((item) => item.id)).size).toBe(outputs.qa.length + outputs.mc.length);
    expect(outputs.manifest?.counts).toMatchObject({ tasks: 6, tasksFailed: 0 });
    // All six replies are priced as batch requests.
    expect(outputs.manifest?.usage).toMatchObject({ usage: { totals: { requests: 6, batchRequests: 6 } } });

    // Again into another folder: every reply comes from the response cache, nothing reaches the server.
    const before = server.requests.length;
    const again = await runCli([...args, '--out', join(root, 'out-again'), '--batch-poll', '0.01'], root, environment);
    expect(again.code).toBe(0);
    expect(server.requests).toHaveLength(before);
    for (const file of await listFiles(root)) expect(await readFile(file, 'utf8'), file).not.toContain(key);
  });

  it('refuses --anthropic-batch with another provider', async () => {
    const root = await temporaryDirectory();
    const result = await runCli(['synthesize', '--model', 'llama3.1:8b', '--out', join(root, 'out'), '--anthropic-batch'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--anthropic-batch needs --provider anthropic (got ollama)');
  });
});
