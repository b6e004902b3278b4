import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import { bruteForceTopK } from '../../lib/rag/brute-force-search.js';
import { connectChroma, type ChromaConnection } from '../../lib/rag/chroma-connection.js';
import { openChunkCollection } from '../../lib/rag/chunk-collection.js';
import { loadEmbeddingModel, type EmbeddingModel } from '../../lib/rag/embedding-model.js';
import { indexChunks } from '../../lib/rag/index-chunks.js';
import { EmbeddingMismatchError } from '../../lib/rag/rag-errors.js';
import { retrievePassages, searchChunks } from '../../lib/rag/retrieve-passages.js';
import type { Chunk, CorpusDocument } from '../../lib/schemas/corpus.js';
import { fixtureCorpus } from '../helpers/fixture-chunks.js';
import { chromaServersStartedBy } from '../helpers/processes.js';
import { useTinyModels } from '../helpers/tiny-models.js';

const tiny = useTinyModels();
let dataDirectory = '';
let chroma: ChromaConnection;
let model: EmbeddingModel;
let corpus: { documents: CorpusDocument[]; chunks: Chunk[] };

beforeAll(async () => {
  dataDirectory = await mkdtemp(join(tmpdir(), 'ecg-llm-chroma-'));
  chroma = await connectChroma({ dataDirectory, environment: {} });
  model = await loadEmbeddingModel({ model: tiny.encoder, allowRemoteModels: false });
  corpus = await fixtureCorpus({ size: 500, stride: 450 });
});

afterAll(async () => {
  await model?.dispose();
  await chroma?.close();
  await rm(dataDirectory, { recursive: true, force: true });
  expect(chromaServersStartedBy(process.pid)).toEqual([]);
});

/**
 * The writes the Chroma server itself has logged: the highest sequence number in its write-ahead log
 * (table embeddings_queue of chroma.sqlite3), read with Python's sqlite3 module — independent of the
 * counters indexChunks reports.
 */
function serverWriteSequence(): number {
  const script =
    'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); ' +
    'print(max(c.execute("select coalesce(max(seq_id),0) from embeddings_queue").fetchone()[0], ' +
    'c.execute("select coalesce(max(seq_id),0) from max_seq_id").fetchone()[0]))';
  return Number(execFileSync('/usr/bin/python3', ['-c', script, join(dataDirectory, 'chroma.sqlite3')], { encoding: 'utf8' }).trim());
}

describe('chunk collections', () => {
  it('are created with cosine distance, recorded HNSW settings and the embedding model in their metadata', async () => {
    const collection = await openChunkCollection(chroma, { name: 'settings-check', embedding: model.identity });
    expect(collection.created).toBe(true);
    // The settings chosen on the 100,000-chunk measurements cited at DEFAULT_HNSW_SETTINGS (bench/measures/chroma.mjs):
    // ef_construction 200, M 32, ef_search 2048 — written out here so a change of them is a visible decision.
    expect(collection.hnsw).toEqual({ space: 'cosine', efConstruction: 200, efSearch: 2048, maxNeighbors: 32 });
    // Read back from the server, not from our own object.
    const stored = await chroma.client.getCollection({ name: 'settings-check' });
    expect(stored.configuration.hnsw).toMatchObject({ space: 'cosine', ef_construction: 200, ef_search: 2048, max_neighbors: 32 });
    expect(stored.metadata).toMatchObject({ embeddingModel: 'local:tiny-bert-encoder', embeddingDimension: 64, embeddingSha256: model.modelFile.sha256, schema: 'ecg-llm-chunks/1' });
    const again = await openChunkCollection(chroma, { name: 'settings-check', embedding: model.identity });
    expect(again.created).toBe(false);
  });

  it('raise the ef_search of an existing collection made with a smaller one', async () => {
    await openChunkCollection(chroma, { name: 'old-settings', embedding: model.identity, hnsw: { efSearch: 100 } });
    const reopened = await openChunkCollection(chroma, { name: 'old-settings', embedding: model.identity });
    expect(reopened.hnsw.efSearch).toBe(2048);
    const stored = await chroma.client.getCollection({ name: 'old-settings' });
    expect(stored.configuration.hnsw?.ef_search).toBe(2048);
  });

  it('refuse a different embedding dimension or model with a typed error', async () => {
    await openChunkCollection(chroma, { name: 'mismatch-check', embedding: model.identity });
    const wrongDimension = openChunkCollection(chroma, { name: 'mismatch-check', embedding: { ...model.identity, dimension: 768 } });
    await expect(wrongDimension).rejects.toBeInstanceOf(EmbeddingMismatchError);
    await expect(wrongDimension).rejects.toThrow(/holds 64-dimensional vectors .* dimension 768/);
    await expect(
      openChunkCollection(chroma, { name: 'mismatch-check', embedding: { ...model.identity, model: 'neuml/pubmedbert-base-embeddings' } }),
    ).rejects.toBeInstanceOf(EmbeddingMismatchError);
    // Same name and dimension, different weights (e.g. a quantized export): not comparable either.
    const otherWeights = openChunkCollection(chroma, { name: 'mismatch-check', embedding: { ...model.identity, sha256: '0'.repeat(64) } });
    await expect(otherWeights).rejects.toBeInstanceOf(EmbeddingMismatchError);
    await expect(otherWeights).rejects.toThrow(/weights with sha256 0{64}/);
    // --rebuild replaces it.
    const rebuilt = await openChunkCollection(chroma, { name: 'mismatch-check', embedding: { model: 'other', dimension: 768 }, rebuild: true });
    expect(rebuilt.created).toBe(true);
  });

  it('must have valid names (3-512 characters of [a-zA-Z0-9._-], alphanumeric ends)', async () => {
    for (const name of ['ab', '-abc', 'abc-', 'a b c', 'x'.repeat(513)]) {
      await expect(openChunkCollection(chroma, { name, embedding: model.identity })).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    // A collection that does not exist is a missing thing (NotFoundError, exit 1), with the command that makes it.
    await expect(openChunkCollection(chroma, { name: 'missing', embedding: model.identity, mustExist: true })).rejects.toThrow(
      /Chroma collection not found: "missing".*Run `ecg-llm rag index` first/,
    );
  });
});

describe('indexChunks', () => {
  it('writes every chunk once, and re-indexing an unchanged corpus writes nothing', async () => {
    const collection = await openChunkCollection(chroma, { name: 'idempotent', embedding: model.identity });
    const first = await indexChunks({ collection, embeddingModel: model, chunks: corpus.chunks, documents: corpus.documents, batchSize: 100 });
    expect(first).toMatchObject({ chunks: corpus.chunks.length, written: corpus.chunks.length, unchanged: 0, deleted: 0 });
    expect(first.upsertRequests).toBe(Math.ceil(corpus.chunks.length / 100));
    expect(first.total).toBe(corpus.chunks.length);
    const writesAfterFirst = serverWriteSequence();
    // One WAL entry per upserted record.
    expect(writesAfterFirst).toBeGreaterThanOrEqual(corpus.chunks.length);

    const second = await indexChunks({ collection, embeddingModel: model, chunks: corpus.chunks, documents: corpus.documents, batchSize: 100 });
    expect(second).toMatchObject({ written: 0, unchanged: corpus.chunks.length, deleted: 0, upsertRequests: 0, total: corpus.chunks.length });
    expect(serverWriteSequence()).toBe(writesAfterFirst);

    // One chunk's text changes (so its content-hash id changes): one record written, the old one deleted.
    const changed = corpus.chunks.map((chunk, index) =>
      index === 3 ? { ...chunk, id: 'chunk-00000000000000ff', text: `${chunk.text} (revised)` } : chunk,
    );
    const third = await indexChunks({ collection, embeddingModel: model, chunks: changed, documents: corpus.documents });
    expect(third).toMatchObject({ written: 1, deleted: 1, unchanged: corpus.chunks.length - 1, total: corpus.chunks.length });

    // Metadata carries what a citation needs.
    const stored = await collection.collection.get({ ids: [corpus.chunks[0]!.id], include: ['metadatas', 'documents'] });
    const chunk = corpus.chunks[0]!;
    expect(stored.documents[0]).toBe(chunk.text);
    expect(stored.metadatas[0]).toMatchObject({
      documentId: chunk.documentId,
      documentTitle: corpus.documents.find((document) => document.id === chunk.documentId)!.title,
      chunkIndex: 0,
      spanStart: chunk.span.start,
      spanEnd: chunk.span.end,
      pageStart: -1,
      sectionPath: JSON.stringify(chunk.sectionPath),
    });
  });

  it('keeps data across a server restart, so indexing again after a restart writes nothing', async () => {
    const settings = { name: 'restart', embedding: model.identity };
    const subset = corpus.chunks.slice(0, 40);
    await indexChunks({ collection: await openChunkCollection(chroma, settings), embeddingModel: model, chunks: subset });
    await chroma.close();
    chroma = await connectChroma({ dataDirectory, environment: {} });
    const report = await indexChunks({ collection: await openChunkCollection(chroma, settings), embeddingModel: model, chunks: subset });
    expect(report).toMatchObject({ written: 0, unchanged: 40, total: 40 });
  });

  it('refuses to index with a model other than the collection was made for', async () => {
    const collection = await openChunkCollection(chroma, { name: 'other-model', embedding: { model: 'someone/else', dimension: 64 } });
    await expect(indexChunks({ collection, embeddingModel: model, chunks: corpus.chunks.slice(0, 2) })).rejects.toBeInstanceOf(EmbeddingMismatchError);
  });
});

describe('search', () => {
  it("returns exactly the brute-force top-20 by cosine similarity in independently built HNSW indexes", async () => {
    const collection = await openChunkCollection(chroma, { name: 'exactness', embedding: model.identity });
    await indexChunks({ collection, embeddingModel: model, chunks: corpus.chunks });
    const chunkVectors = await model.embed(corpus.chunks.map((chunk) => chunk.text));
    // Queries: the opening words of every 7th chunk (overlapping windows make near-ties: a hard case) and questions.
    const queries = [
      ...corpus.chunks.filter((_, index) => index % 7 === 0).map((chunk) => chunk.text.slice(0, 100)),
      'How is the QT interval corrected for heart rate?',
      'Where is electrode V1 placed?',
      'What does a delta wave indicate?',
    ];
    const queryVectors = await model.embed(queries);
    expect(corpus.chunks.length).toBeGreaterThan(700);
    // The HNSW graph depends on thread timing while it is built, so one lucky index proves little: two more
    // collections get the same vectors (written directly) and must give the same exact answers.
    const collections = [collection];
    for (const name of ['exactness-2', 'exactness-3']) {
      const copy = await openChunkCollection(chroma, { name, embedding: model.identity });
      for (let start = 0; start < corpus.chunks.length; start += 200) {
        await copy.collection.upsert({
          ids: corpus.chunks.slice(start, start + 200).map((chunk) => chunk.id),
          embeddings: chunkVectors.slice(start, start + 200).map((vector) => Array.from(vector)),
        });
      }
      collections.push(copy);
    }
    for (const searched of collections) {
      const results = await searchChunks(searched, queryVectors, { topK: 20 });
      for (const [queryIndex, passages] of results.entries()) {
        const exact = bruteForceTopK(queryVectors[queryIndex]!, chunkVectors, 21);
        expect(passages).toHaveLength(20);
        // Same similarities in the same order (float32 in Chroma vs float64 sums here).
        passages.forEach((passage, position) => expect(passage.similarity).toBeCloseTo(exact[position]!.similarity, 5));
        // Same chunks, except where a tie at float precision straddles rank 20.
        const found = new Set(passages.map((passage) => passage.chunkId));
        const bruteForce = exact.slice(0, 20).map((hit) => corpus.chunks[hit.index]!.id);
        const tieAtBoundary = Math.abs(exact[19]!.similarity - exact[20]!.similarity) < 1e-6;
        if (!tieAtBoundary) expect(bruteForce.filter((id) => !found.has(id)), `${searched.name}, query ${queryIndex}`).toEqual([]);
      }
    }
  });

  it('embeds questions and returns passages with their sources, best first', async () => {
    const collection = await openChunkCollection(chroma, { name: 'exactness', embedding: model.identity });
    const [passages] = await retrievePassages(collection, model, ['Bazett Fridericia QT correction formula'], { topK: 5 });
    expect(passages).toHaveLength(5);
    expect(passages!.map((passage) => passage.retrievalRank)).toEqual([1, 2, 3, 4, 5]);
    const similarities = passages!.map((passage) => passage.similarity);
    expect([...similarities].sort((a, b) => b - a)).toEqual(similarities);
    const top = passages![0]!;
    const source = corpus.chunks.find((chunk) => chunk.id === top.chunkId)!;
    expect(top).toMatchObject({ documentId: source.documentId, text: source.text, span: source.span, sectionPath: source.sectionPath, pages: null });
    // The same five chunks as exact search over the same vectors.
    const [query] = await model.embed(['Bazett Fridericia QT correction formula']);
    const exact = bruteForceTopK(query!, await model.embed(corpus.chunks.map((chunk) => chunk.text)), 5);
    expect(passages!.map((passage) => passage.chunkId)).toEqual(exact.map((hit) => corpus.chunks[hit.index]!.id));
  });
});
