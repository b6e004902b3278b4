/**
 * Retrieval search: Chroma's HNSW top-20 (a local Chroma server started by lib/rag/chroma-server.ts, the
 * workspace's collection settings, lib/rag/chunk-collection.ts) against exact brute-force cosine search in process
 * (lib/rag/brute-force-search.ts) on the same 768-dimensional vectors, in the same run: latency p50/p95 and recall
 * of the true top-20. Vectors: 1,000 random directions with near-duplicate neighbours around each (Gaussian noise,
 * σ = 0.03 per coordinate, renormalised) — the hard case for approximate search; queries are perturbed members.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, percentile, row, target } from '../bench-lib.mjs';

export const description = 'Chroma top-20 latency p50/p95 and recall vs brute force, 768-d, 10,000 and 100,000 chunks (5,000 with --quick)';

const TOP_K = 20;
const DIMENSION = 768;

function makeVectors(count, random) {
  const centers = Array.from({ length: 1000 }, () => Float32Array.from({ length: DIMENSION }, () => random.normal()));
  return Array.from({ length: count }, (_, index) => {
    const center = centers[index % centers.length];
    const vector = Float32Array.from(center, (value) => value / Math.sqrt(DIMENSION) + 0.03 * random.normal());
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    for (let i = 0; i < DIMENSION; i++) vector[i] /= norm;
    return vector;
  });
}

export async function run({ quick, log }) {
  const { createRandom } = await dist('core/random.js');
  const { connectChroma } = await dist('rag/chroma-connection.js');
  const { openChunkCollection, DEFAULT_HNSW_SETTINGS } = await dist('rag/chunk-collection.js');
  const { searchChunks } = await dist('rag/retrieve-passages.js');
  const { bruteForceTopK } = await dist('rag/brute-force-search.js');
  const dataDirectory = await mkdtemp(join(tmpdir(), 'ecg-llm-bench-chroma-'));
  const chroma = await connectChroma({ dataDirectory, environment: {} });
  const rows = [];
  const skipped = [];
  const settings = `ef_search ${DEFAULT_HNSW_SETTINGS.efSearch}, M ${DEFAULT_HNSW_SETTINGS.maxNeighbors}, ef_construction ${DEFAULT_HNSW_SETTINGS.efConstruction}`;
  let secondsPerVector;
  try {
    for (const size of quick ? [5_000] : [10_000, 100_000]) {
      const budgetSeconds = 300;
      if (secondsPerVector !== undefined && secondsPerVector * size > budgetSeconds) {
        skipped.push(`Chroma at ${size.toLocaleString('en-US')} chunks: indexing would take about ${Math.round((secondsPerVector * size) / 60)} min on this machine (measured at 10,000; the HNSW build grows faster than linearly, so this is a lower bound), over the suite's ${budgetSeconds / 60}-min allowance for it`);
        continue;
      }
      const random = createRandom('bench-chroma', String(size));
      const vectors = makeVectors(size, random);
      const ids = vectors.map((_, index) => `chunk-${index.toString(16).padStart(16, '0')}`);
      const collection = await openChunkCollection(chroma, { name: `bench-768-${size}`, embedding: { model: 'bench-vectors', dimension: DIMENSION }, rebuild: true });
      let began = performance.now();
      for (let start = 0; start < size; start += 500) {
        await collection.collection.upsert({ ids: ids.slice(start, start + 500), embeddings: vectors.slice(start, start + 500).map((vector) => Array.from(vector)) });
      }
      const upsertSeconds = (performance.now() - began) / 1000;
      secondsPerVector = upsertSeconds / size;
      log(`   ${size}: upsert ${upsertSeconds.toFixed(1)} s`);
      const queries = Array.from({ length: quick ? 50 : 100 }, (_, index) => {
        const base = vectors[(index * 7919) % size];
        const noisy = Float32Array.from(base, (value) => value + 0.01 * random.normal());
        const norm = Math.hypot(...noisy);
        return noisy.map((value) => value / norm);
      });
      const chromaTimes = [];
      const bruteTimes = [];
      let found = 0;
      let exactQueries = 0;
      for (const query of queries) {
        began = performance.now();
        const [passages] = await searchChunks(collection, [query], { topK: TOP_K });
        chromaTimes.push(performance.now() - began);
        began = performance.now();
        const truth = bruteForceTopK(query, vectors, TOP_K);
        bruteTimes.push(performance.now() - began);
        const got = new Set(passages.map((passage) => passage.chunkId));
        const hits = truth.filter((hit) => got.has(ids[hit.index])).length;
        found += hits;
        if (hits === TOP_K) exactQueries++;
      }
      const recall = found / (queries.length * TOP_K);
      const count = size.toLocaleString('en-US');
      const p50 = percentile(chromaTimes, 0.5);
      const p95 = percentile(chromaTimes, 0.95);
      log(`   ${count}: Chroma p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms; brute force p50 ${percentile(bruteTimes, 0.5).toFixed(2)} ms; recall ${recall.toFixed(4)} (${exactQueries}/${queries.length} exact)`);
      const anchor = (value) => ({ name: 'exact brute-force cosine in process', value, unit: 'ms' });
      rows.push(
        row({ measure: 'Chroma top-20', name: `p50, ${count} chunks x 768-d, ${settings}`, unit: 'ms', value: p50, higherIsBetter: false, anchor: anchor(percentile(bruteTimes, 0.5)) }),
        row({ measure: 'Chroma top-20', name: `p95, ${count} chunks x 768-d`, unit: 'ms', value: p95, higherIsBetter: false, anchor: anchor(percentile(bruteTimes, 0.95)), target: size >= 100_000 ? target('p95 <= 50 ms at 100,000 chunks', p95 <= 50) : undefined }),
        row({ measure: 'Chroma top-20', name: `recall of the true top-20, ${count} chunks (${exactQueries}/${queries.length} queries exact)`, unit: '', value: recall, higherIsBetter: true, anchor: { name: 'brute force (exact by definition)', value: 1, unit: '' }, target: target('recall = 1.0', recall === 1) }),
        row({ measure: 'Chroma top-20', name: `upsert ${count} vectors (index build)`, unit: 's', value: upsertSeconds, higherIsBetter: false }),
      );
    }
  } finally {
    await chroma.close();
    await rm(dataDirectory, { recursive: true, force: true });
  }
  return { rows, skipped };
}
