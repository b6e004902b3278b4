/**
 * `ecg-llm rag index|query|eval` end to end on the demo corpus: the real corpus stage functions, the tiny
 * test encoder and cross-encoder (scripts/make-tiny-models.mjs) through transformers.js, a Chroma server the
 * workspace starts and stops itself, and the Ollama protocol test server for answers.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../lib/rag/chroma-server.js';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { chromaServersStartedBy } from '../helpers/processes.js';
import { runCli as runCliIn } from '../helpers/run-cli.js';
import { repositoryRoot } from '../helpers/temporary-directory.js';
import { useTinyModels } from '../helpers/tiny-models.js';
import { startOllamaServer } from '../servers/index.js';

const execFileAsync = promisify(execFile);
const tiny = useTinyModels();
let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ecg-llm-rag-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  expect(chromaServersStartedBy(process.pid)).toEqual([]);
});

const runCli = (argv: string[], environment: NodeJS.ProcessEnv = {}) => runCliIn(argv, root, environment);

async function manifestOf(runDirectory: string) {
  return runManifestSchema.parse(JSON.parse(await readFile(join(runDirectory, 'manifest.json'), 'utf8')));
}

const runDirectoryOf = (stdout: string): string => /run: (.+)\n/.exec(stdout)![1]!;

describe('ecg-llm rag', () => {
  it('indexes the demo corpus with a Chroma server it starts itself, and writes nothing the second time', async () => {
    const models = () => ['--embedding-model', tiny.encoder, '--offline'];
    const first = await runCli(['rag', 'index', ...models()]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // 424 chunks: the demo corpus cut by the corpus stage with its defaults (`ecg-llm corpus` prints the same count) and the paper's 1024/100 splitter.
    expect(first.stdout).toMatch(/^collection ecg-llm-[0-9a-f]{12} \(Chroma 1\.0\.0\): 424 chunks, 424 written, 0 unchanged, 0 deleted, 424 in the collection\n/);
    const second = await runCli(['rag', 'index', ...models()]);
    expect(second.stdout).toMatch(/424 chunks, 0 written, 424 unchanged, 0 deleted/);

    const manifest = await manifestOf(runDirectoryOf(second.stdout));
    expect(manifest.status).toBe('succeeded');
    expect(manifest.counts).toMatchObject({ documents: 27, chunks: 424, written: 0, upsertRequests: 0 });
    const onnxSha = (await import('node:crypto')).createHash('sha256').update(await readFile(join(tiny.encoder, 'onnx', 'model.onnx'))).digest('hex');
    expect(manifest.models.find((model) => model.role === 'embedding')).toMatchObject({ id: tiny.encoder, digest: `sha256:${onnxSha}`, parameters: { dimension: 64 } });
    expect(manifest.models.find((model) => model.role === 'vector-store')).toMatchObject({
      provider: 'chroma',
      parameters: { serverVersion: '1.0.0', hnsw: { space: 'cosine', efSearch: 2048, efConstruction: 200, maxNeighbors: 32 }, dataDirectory: join(root, 'data', 'chroma') },
    });
    expect(manifest.inputs[0]).toMatchObject({ name: 'corpus' });
  });

  it('evaluates retrieval with and without reranking and runs a small ablation grid', async () => {
    const result = await runCli([
      'rag', 'eval', '--embedding-model', tiny.encoder, '--reranker-model', tiny.crossEncoder, '--offline',
      '--top-k', '5', '--chunk-sizes', '1024', '--overlaps', '100', '--top-ks', '5', '--resamples', '500',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/retrieval on collection ecg-llm-[0-9a-f]{12}: 93 questions\n/);
    expect(result.stdout).toMatch(/\| rerank \| top_k \| recall@1 \| recall@5 \| mrr \| ndcg@5 \|/);
    const runDirectory = runDirectoryOf(result.stdout);
    const evaluation = JSON.parse(await readFile(join(runDirectory, 'evaluation.json'), 'utf8')) as {
      questions: number;
      main: { vector: Array<{ metric: string; mean: number; lower: number; upper: number }>; rerank: Array<{ metric: string; mean: number; lower: number; upper: number }> };
      ablation: Array<{ chunkSize: number; chunkOverlap: number; topK: number; rerank: boolean; metrics: Record<string, { mean: number; lower: number; upper: number }> }>;
    };
    expect(evaluation.questions).toBe(93);
    const vectorRecall5 = evaluation.main.vector.find((entry) => entry.metric === 'recall@5')!;
    const rerankRecall5 = evaluation.main.rerank.find((entry) => entry.metric === 'recall@5')!;
    // Reranking reorders the same top-5, so recall@5 is unchanged; the interval brackets the mean.
    expect(rerankRecall5.mean).toBe(vectorRecall5.mean);
    expect(vectorRecall5.lower).toBeLessThanOrEqual(vectorRecall5.mean);
    expect(vectorRecall5.upper).toBeGreaterThanOrEqual(vectorRecall5.mean);
    expect(evaluation.ablation.map((row) => [row.chunkSize, row.chunkOverlap, row.topK, row.rerank])).toEqual([
      [1024, 100, 5, false],
      [1024, 100, 5, true],
    ]);
    // The 1024/100 ablation cell rebuilds the paper's chunking in its own collection: it must reproduce the
    // main evaluation exactly (same chunks, same vectors, same seeds).
    for (const [index, mode] of (['vector', 'rerank'] as const).entries()) {
      for (const summary of evaluation.main[mode]) {
        const cell = evaluation.ablation[index]!.metrics[summary.metric]!;
        expect([cell.mean, cell.lower, cell.upper], `${mode} ${summary.metric}`).toEqual([summary.mean, summary.lower, summary.upper]);
      }
    }
    const csv = await readFile(join(runDirectory, 'retrieval-table.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^setting,chunk_size,chunk_overlap,chunks,top_k,rerank,questions,recall@1,recall@1_lower,recall@1_upper,/);
    const figure = JSON.parse(await readFile(join(runDirectory, 'ablation-figure.json'), 'utf8')) as { data: Array<{ name: string; x: number[] }> };
    expect(figure.data.map((trace) => trace.name)).toEqual(['overlap 100', 'overlap 100, reranked']);
    const manifest = await manifestOf(runDirectory);
    expect(manifest.models.map((model) => model.role).sort()).toEqual(['embedding', 'reranker', 'vector-store']);
    expect(manifest.inputs.map((input) => input.name)).toEqual(['corpus', 'questions']);
    expect(manifest.seed).toBe(42);
  });

  it('answers a question through an LLM provider with the reranked context and records the cited chunks', async () => {
    const server = await startOllamaServer([{ text: 'Bazett overcorrects at high heart rates [1].' }], { models: [{ name: 'llama3.1:8b' }] });
    let query: string[] = [];
    try {
      query = [
        'rag', 'query', '--embedding-model', tiny.encoder, '--reranker-model', tiny.crossEncoder, '--offline',
        '--provider', 'ollama', '--model', 'llama3.1:8b', '--host', server.url,
        'Which QT correction formula overcorrects at fast heart rates?',
      ];
      const result = await runCli(query);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.match(/^\[\d\] /gm)).toHaveLength(5);
      expect(result.stdout).toContain('Answer (llama3.1:8b): Bazett overcorrects at high heart rates [1].');
      const [record] = (await readFile(join(runDirectoryOf(result.stdout), 'answers.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { contextChunkIds: string[]; citedChunkIds: string[]; settings: unknown });
      expect(record!.contextChunkIds).toHaveLength(5);
      expect(record!.citedChunkIds).toEqual([record!.contextChunkIds[0]]);
      expect(record!.settings).toEqual({ mode: 'rerank', topK: 20, topN: 5 });
      // The prompt the model received holds the five passages before the question.
      const prompt = (server.generations[0]!.body as { messages: Array<{ content: string }> }).messages[1]!.content;
      expect(prompt.match(/^\[\d\] Source: /gm)).toHaveLength(5);

      // The answering model comes from the one model factory (issue 9): the same question again is answered
      // by the response cache — the server sees no second request — and the manifest accounts for it.
      const again = await runCli(query);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Answer (llama3.1:8b): Bazett overcorrects at high heart rates [1].');
      expect(server.generations).toHaveLength(1);
      const againManifest = await manifestOf(runDirectoryOf(again.stdout));
      expect(againManifest.usage).toMatchObject({ cache: { mode: 'on', hits: 1, misses: 0 } });
    } finally {
      await server.close();
    }
    // Replay answers from the cache with the server gone, and makes a question it never saw an error.
    const replayed = await runCli(query, { ECG_LLM_CACHE: 'replay' });
    expect(replayed.stderr).toBe('');
    expect(replayed.stdout).toContain('Answer (llama3.1:8b): Bazett overcorrects at high heart rates [1].');
    const unseen = await runCli([...query.slice(0, -1), 'What is a delta wave?'], { ECG_LLM_CACHE: 'replay' });
    expect(unseen.code).toBe(1);
    expect(unseen.stderr).toMatch(/LLM cache miss in replay mode/);
    const legacy = await runCli(['rag', 'query', '--embedding-model', tiny.encoder, '--offline', '--legacy-no-rerank', '--json', 'What is a delta wave?']);
    expect(legacy.code).toBe(0);
    const [entry] = JSON.parse(legacy.stdout) as Array<{ context: Array<{ retrievalRank: number; rerankScore?: number }> }>;
    expect(entry!.context.map((passage) => passage.retrievalRank)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(entry!.context.every((passage) => passage.rerankScore === undefined)).toBe(true);
  });

  it('reports usage errors with exit code 2', async () => {
    expect((await runCli(['rag', 'query', '--offline'])).code).toBe(2);
    const topN = await runCli(['rag', 'query', '--top-k', '3', '--top-n', '4', 'x']);
    expect(topN.code).toBe(2);
    expect(topN.stderr).toMatch(/--top-n \(4\) must not exceed --top-k \(3\)/);
    const list = await runCli(['rag', 'eval', '--chunk-sizes', '512,x']);
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/--chunk-sizes must be a comma-separated list/);
    expect((await runCli(['rag', 'query', '--provider', 'ollama', 'x'])).stderr).toMatch(/--provider and --model go together/);
  });

  it('runs as a child process and fails clearly on an unreachable server or a wrong embedding dimension', async () => {
    const environment = { ...process.env, ECG_LLM_WORKSPACE: root, ECG_LLM_PROGRESS: 'off' };
    const cli = join(repositoryRoot, 'bin', 'ecg-llm.js');
    // --tiny-models generates the test models into this workspace's cache: another folder, the same bytes, so
    // the same embedding identity (local:tiny-bert-encoder + weights sha256): the collection is reused as it is.
    const ok = await execFileAsync(process.execPath, [cli, 'rag', 'index', '--tiny-models'], { env: environment, cwd: root });
    expect(ok.stdout).toMatch(/424 chunks, 0 written, 424 unchanged/);

    const port = await findFreePort();
    const began = performance.now();
    const unreachable = await execFileAsync(process.execPath, [cli, 'rag', 'index', '--embedding-model', tiny.encoder, '--offline'], {
      env: { ...environment, CHROMA_URL: `http://127.0.0.1:${port}` },
      cwd: root,
    }).catch((error: { code: number; stderr: string }) => error);
    expect((unreachable as { code: number }).code).toBe(1);
    expect((unreachable as { stderr: string }).stderr).toMatch(new RegExp(`ecg-llm rag index: error: Chroma: cannot reach the server at http://127.0.0.1:${port} \\(ECONNREFUSED\\)`));
    expect(performance.now() - began).toBeLessThan(15_000);

    // The same collection opened with a 32-dimensional encoder: a typed mismatch error, nothing written.
    const { makeTinyEncoder } = await import('../../scripts/make-tiny-models.mjs');
    const narrow = await makeTinyEncoder(join(root, 'narrow', 'tiny-bert-encoder'), { hiddenSize: 32 });
    const collection = /collection (ecg-llm-[0-9a-f]{12})/.exec(ok.stdout)![1]!;
    const mismatch = await execFileAsync(process.execPath, [cli, 'rag', 'index', '--embedding-model', narrow, '--offline', '--collection', collection], { env: environment, cwd: root }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((mismatch as { code: number }).code).toBe(1);
    expect((mismatch as { stderr: string }).stderr).toMatch(new RegExp(`Chroma collection "${collection}" holds 64-dimensional vectors .* dimension 32`));
    // Three command-line processes, each starting a Chroma server: more than the default 30 s on a loaded 2-core machine.
  }, 120_000);

  it('exits 1, not 2, for a collection that does not exist: a missing thing, not a wrong command line (issue 9)', async () => {
    const missing = await runCli(['rag', 'query', '--tiny-models', '--collection', 'ecg-llm-missing-collection', 'What is a delta wave?']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Chroma collection not found: "ecg-llm-missing-collection" at http:\/\/[^ ]+\. Run `ecg-llm rag index` first/);
  }, 120_000);
});
