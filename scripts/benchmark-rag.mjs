#!/usr/bin/env node
/**
 * RAG performance benchmark (not a test: timings depend on the machine). Needs `npm run build` first.
 *
 *   node scripts/benchmark-rag.mjs [--quick] [--write docs/rag-benchmark.md]
 *
 * Measures, on the demo corpus (the corpus stage's 1024/100 chunks) and on a 10x synthetic enlargement:
 *
 * 1. the full pipeline with the tiny test encoder (64 dimensions): embedding throughput, indexing time into a
 *    local Chroma server, re-indexing time (nothing to write), query latency p50/p95 of Chroma's HNSW top-20 and
 *    of brute-force cosine search in process on the same vectors, and whether both return the same top-20;
 * 2. (without --quick) the cost of the paper's model sizes on this CPU, with BERT-shaped models of random
 *    weights (scripts/make-tiny-models.mjs): a BERT-base encoder (PubMedBERT's shape, 768 dimensions) for
 *    embedding throughput and a MiniLM-L2 cross-encoder for reranking 20 passages; then Chroma versus brute
 *    force on the 768-dimensional vectors of the demo chunks and a 10x enlargement made by perturbing them.
 *
 * The enlargements: for text, each chunk appears ten times, copy k with every (k+2)-th word dropped (near
 * duplicates, the hard case for approximate search); for vectors, each vector plus Gaussian noise
 * (σ = 0.02 per coordinate), renormalised.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { resolveWorkspacePaths } = await dist('core/paths.js');
const { createRandom } = await dist('core/random.js');
const { ingestCorpus } = await dist('corpus/ingest-corpus.js');
const { chunkDocuments, PAPER_RAG_SPLITTER } = await dist('corpus/chunk-documents.js');
const { demoCorpusInput } = await dist('corpus/run-corpus-stage.js');
const { connectChroma } = await dist('rag/chroma-connection.js');
const { openChunkCollection, DEFAULT_HNSW_SETTINGS } = await dist('rag/chunk-collection.js');
const { indexChunks } = await dist('rag/index-chunks.js');
const { searchChunks } = await dist('rag/retrieve-passages.js');
const { bruteForceTopK } = await dist('rag/brute-force-search.js');
const { loadEmbeddingModel } = await dist('rag/embedding-model.js');
const { loadReranker } = await dist('rag/cross-encoder-reranker.js');
const { loadEvidenceQuestions } = await dist('rag/evidence-questions.js');
const { ensureTinyTestModels } = await dist('rag/tiny-test-models.js');
const { makeBertShapedCrossEncoder, makeBertShapedEncoder, BERT_BASE_SHAPE, MINILM_L2_SHAPE } = await import('./make-tiny-models.mjs');

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const writeTarget = argv.includes('--write') ? resolve(argv[argv.indexOf('--write') + 1] ?? 'docs/rag-benchmark.md') : undefined;
const TOP_K = 20;
const log = (text) => process.stderr.write(`${text}\n`);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  return sorted[lower] + (sorted[Math.min(lower + 1, sorted.length - 1)] - sorted[lower]) * (position - lower);
}
const ms = (value) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const seconds = (value) => (value / 1000).toFixed(1);

function enlargeTexts(chunks, factor) {
  const copies = [];
  for (let copy = 0; copy < factor; copy++) {
    for (const chunk of chunks) {
      const text = copy === 0 ? chunk.text : chunk.text.split(' ').filter((_, index) => (index + 1) % (copy + 2) !== 0).join(' ');
      copies.push({ ...chunk, id: copy === 0 ? chunk.id : `chunk-${chunk.id.slice(6, 14)}${String(copy).padStart(8, '0')}`, text, index: chunk.index + copy * 100000 });
    }
  }
  return copies;
}

function enlargeVectors(vectors, factor, random) {
  const out = [...vectors];
  for (let copy = 1; copy < factor; copy++) {
    for (const vector of vectors) {
      const noisy = Float32Array.from(vector, (value) => value + 0.02 * random.normal());
      const norm = Math.hypot(...noisy);
      out.push(noisy.map((value) => value / norm));
    }
  }
  return out;
}

/** Query latency and exactness of Chroma versus brute force on the same vectors. */
async function compareSearch(collection, vectors, ids, queries, repeats) {
  const chromaTimes = [];
  const bruteTimes = [];
  let exact = 0;
  for (let round = 0; round < repeats; round++) {
    for (const query of queries) {
      let began = performance.now();
      const [passages] = await searchChunks(collection, [query], { topK: TOP_K });
      chromaTimes.push(performance.now() - began);
      began = performance.now();
      const hits = bruteForceTopK(query, vectors, TOP_K + 1);
      bruteTimes.push(performance.now() - began);
      if (round === 0) {
        const found = new Set(passages.map((passage) => passage.chunkId));
        const tie = Math.abs(hits[TOP_K - 1].similarity - hits[TOP_K].similarity) < 1e-6;
        if (tie || hits.slice(0, TOP_K).every((hit) => found.has(ids[hit.index]))) exact += 1;
      }
    }
  }
  return {
    chromaP50: percentile(chromaTimes, 0.5),
    chromaP95: percentile(chromaTimes, 0.95),
    bruteP50: percentile(bruteTimes, 0.5),
    bruteP95: percentile(bruteTimes, 0.95),
    exact,
    queries: queries.length,
  };
}

const paths = resolveWorkspacePaths();
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
  freeGiB: (freemem() / 2 ** 30).toFixed(1),
  os: `${platform()} ${release()}`,
  node: process.version,
};
log(`machine: ${JSON.stringify(machine)}`);

const { documents } = await ingestCorpus(demoCorpusInput(paths));
const chunks = chunkDocuments(documents, PAPER_RAG_SPLITTER);
const { questions } = await loadEvidenceQuestions(join(paths.demoCorpusSources, 'questions.jsonl'), documents);
const questionTexts = questions.map((question) => question.item.question);
const dataDirectory = await mkdtemp(join(tmpdir(), 'ecg-llm-benchmark-chroma-'));
const chroma = await connectChroma({ dataDirectory, environment: {} });
const lines = [];
try {
  // ------------------------------------------------------------------ 1. tiny encoder, full pipeline
  const tiny = await ensureTinyTestModels(paths);
  const tinyModel = await loadEmbeddingModel({ model: tiny.encoder, allowRemoteModels: false });
  const tinyRows = [];
  for (const [label, corpusChunks] of [
    ['demo corpus', chunks],
    ['10x enlargement', enlargeTexts(chunks, 10)],
  ]) {
    log(`tiny encoder: ${label}, ${corpusChunks.length} chunks`);
    let began = performance.now();
    const vectors = await tinyModel.embed(corpusChunks.map((chunk) => chunk.text), { batchSize: 16 });
    const embedMs = performance.now() - began;
    const collection = await openChunkCollection(chroma, { name: `bench-tiny-${corpusChunks.length}`, embedding: tinyModel.identity, rebuild: true });
    began = performance.now();
    await indexChunks({ collection, embeddingModel: tinyModel, chunks: corpusChunks, documents });
    const indexMs = performance.now() - began;
    began = performance.now();
    const again = await indexChunks({ collection, embeddingModel: tinyModel, chunks: corpusChunks, documents });
    const reindexMs = performance.now() - began;
    const queryVectors = await tinyModel.embed(questionTexts);
    const search = await compareSearch(collection, vectors, corpusChunks.map((chunk) => chunk.id), queryVectors, 3);
    tinyRows.push({ label, chunks: corpusChunks.length, embedMs, indexMs, reindexMs, written: again.written, ...search });
  }
  await tinyModel.dispose();

  lines.push(
    '### Tiny test encoder (64 dimensions): the whole pipeline',
    '',
    '| corpus | chunks | embedding (chunks/s) | indexing: embed + upsert (s) | re-indexing, nothing written (s) | Chroma top-20 p50 / p95 (ms) | brute force p50 / p95 (ms) | Chroma top-20 = brute force |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...tinyRows.map(
      (row) =>
        `| ${row.label} | ${row.chunks} | ${(row.chunks / (row.embedMs / 1000)).toFixed(0)} | ${seconds(row.indexMs)} | ${seconds(row.reindexMs)} (${row.written} written) | ` +
        `${ms(row.chromaP50)} / ${ms(row.chromaP95)} | ${ms(row.bruteP50)} / ${ms(row.bruteP95)} | ${row.exact}/${row.queries} |`,
    ),
    '',
  );

  if (!quick) {
    // ------------------------------------------------------------------ 2. paper-sized models
    const words = [...new Set(chunks.map((chunk) => chunk.text).join(' ').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean))];
    const modelDirectory = join(paths.cache, 'benchmark-models');
    log('generating BERT-shaped models with random weights');
    const encoderFolder = await makeBertShapedEncoder(join(modelDirectory, 'bert-base-shaped'), BERT_BASE_SHAPE, { extraWords: words });
    const crossFolder = await makeBertShapedCrossEncoder(join(modelDirectory, 'minilm-l2-shaped'), MINILM_L2_SHAPE, { extraWords: words });
    const bert = await loadEmbeddingModel({ model: encoderFolder, allowRemoteModels: false });
    log(`BERT-base-shaped encoder: embedding ${chunks.length} demo chunks`);
    let began = performance.now();
    const vectors = await bert.embed(chunks.map((chunk) => chunk.text), { batchSize: 16 });
    const embedMs = performance.now() - began;
    const queryVectors = await bert.embed(questionTexts);
    began = performance.now();
    for (const question of questionTexts.slice(0, 20)) await bert.embed([question]);
    const questionMs = (performance.now() - began) / 20;
    const reranker = await loadReranker({ model: crossFolder, allowRemoteModels: false });
    const rerankTimes = [];
    for (const [index, question] of questionTexts.slice(0, 20).entries()) {
      const candidates = chunks.slice(index * 20, index * 20 + 20).map((chunk) => chunk.text);
      began = performance.now();
      await reranker.score(question, candidates);
      rerankTimes.push(performance.now() - began);
    }
    await reranker.dispose();
    await bert.dispose();

    const vectorRows = [];
    for (const [label, corpusVectors] of [
      ['demo corpus', vectors],
      ['10x enlargement', enlargeVectors(vectors, 10, createRandom(2510, 'benchmark-enlargement'))],
    ]) {
      log(`768-dimensional search: ${label}, ${corpusVectors.length} vectors`);
      const ids = corpusVectors.map((_, index) => `chunk-${index.toString(16).padStart(16, '0')}`);
      const collection = await openChunkCollection(chroma, { name: `bench-768-${corpusVectors.length}`, embedding: { model: 'benchmark-vectors', dimension: 768 }, rebuild: true });
      began = performance.now();
      for (let start = 0; start < corpusVectors.length; start += 256) {
        await collection.collection.upsert({ ids: ids.slice(start, start + 256), embeddings: corpusVectors.slice(start, start + 256).map((vector) => Array.from(vector)) });
      }
      const upsertMs = performance.now() - began;
      const search = await compareSearch(collection, corpusVectors, ids, queryVectors, 3);
      vectorRows.push({ label, vectors: corpusVectors.length, upsertMs, ...search });
    }
    const throughput = chunks.length / (embedMs / 1000);
    lines.push(
      '### Paper-sized models on this CPU (random weights, same shapes)',
      '',
      `| step | measured |`,
      '|---|---:|',
      `| BERT-base encoder (PubMedBERT's shape), ${chunks.length} demo chunks of ≤ 1024 characters, batches of 16 | ${throughput.toFixed(2)} chunks/s (${seconds(embedMs)} s) |`,
      `| → indexing the 10x enlargement (${chunks.length * 10} chunks), extrapolated | ${((chunks.length * 10) / throughput / 60).toFixed(0)} min |`,
      `| BERT-base encoder, one question | ${ms(questionMs)} ms |`,
      `| MiniLM-L2 cross-encoder, reranking 20 passages for one question, p50 / p95 | ${ms(percentile(rerankTimes, 0.5))} / ${ms(percentile(rerankTimes, 0.95))} ms |`,
      '',
      '| 768-dimensional vectors | vectors | upsert (s) | Chroma top-20 p50 / p95 (ms) | brute force p50 / p95 (ms) | Chroma top-20 = brute force |',
      '|---|---:|---:|---:|---:|---:|',
      ...vectorRows.map(
        (row) => `| ${row.label} | ${row.vectors} | ${seconds(row.upsertMs)} | ${ms(row.chromaP50)} / ${ms(row.chromaP95)} | ${ms(row.bruteP50)} / ${ms(row.bruteP95)} | ${row.exact}/${row.queries} |`,
      ),
      '',
    );
  }
} finally {
  await chroma.close();
  await rm(dataDirectory, { recursive: true, force: true });
}

const hnsw = DEFAULT_HNSW_SETTINGS;
const header = [
  `Measured ${new Date().toISOString().slice(0, 10)} with \`node scripts/benchmark-rag.mjs${quick ? ' --quick' : ''}\` on: ${machine.cpu}, ${machine.cores} cores, ` +
    `${machine.memoryGiB} GiB memory, ${machine.os}, Node ${machine.node}; Chroma ${chroma.serverVersion} (local server, HNSW cosine, ` +
    `ef_search ${hnsw.efSearch}, ef_construction ${hnsw.efConstruction}, M ${hnsw.maxNeighbors}); ${questionTexts.length} demo questions as queries ` +
    `(latencies over 3 rounds, one query per request; brute force = exact cosine over all vectors in process).`,
  '',
];
const report = [...header, ...lines].join('\n');
process.stdout.write(`${report}\n`);
if (writeTarget) {
  const text = await readFile(writeTarget, 'utf8');
  const start = text.indexOf('<!-- benchmark:start -->');
  const end = text.indexOf('<!-- benchmark:end -->');
  if (start === -1 || end === -1) {
    log(`${writeTarget} has no <!-- benchmark:start --> ... <!-- benchmark:end --> markers; nothing written`);
    process.exitCode = 1;
  } else {
    await writeFile(writeTarget, `${text.slice(0, start)}<!-- benchmark:start -->\n${report}\n${text.slice(end)}`);
    log(`wrote ${writeTarget}`);
  }
}
