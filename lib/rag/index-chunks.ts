/**
 * Indexing corpus chunks into a Chroma collection, idempotently. Record ids are the chunk ids, which are
 * content hashes (document, span, text), and every record carries a hash of its text, metadata and embedding
 * model. A chunk already stored with the same hash is skipped — not embedded, not written — so re-indexing an
 * unchanged corpus writes nothing; chunks no longer in the corpus are deleted (unless `prune` is false).
 * Writes are batched, each batch is embedded and upserted before the next, so an interrupted run keeps what it
 * wrote and the next run continues from there.
 */
import type { Metadata } from 'chromadb';
import { hashCanonical } from '../core/canonical-json.js';
import { InvalidArgumentError } from '../core/errors.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import type { Chunk, CorpusDocument } from '../schemas/corpus.js';
import { chromaCall } from './chroma-connection.js';
import { readCollectionMetadata, type ChunkCollection } from './chunk-collection.js';
import { sameEmbedding, type EmbeddingModel } from './embedding-model.js';
import { EmbeddingMismatchError } from './rag-errors.js';

export interface IndexChunksOptions {
  collection: ChunkCollection;
  embeddingModel: EmbeddingModel;
  chunks: readonly Chunk[];
  /** The chunks' documents, for titles in citations. */
  documents?: readonly Pick<CorpusDocument, 'id' | 'title'>[];
  /** Records per upsert (default 256; capped at the server's maximum batch size). */
  batchSize?: number;
  /** Texts per embedding forward pass (default 16). */
  embeddingBatchSize?: number;
  /** Delete records whose chunk is no longer in `chunks` (default true). */
  prune?: boolean;
  progress?: ProgressFactory;
}

/** What an indexing run did. */
export interface IndexReport {
  collection: string;
  chunks: number;
  /** Chunks already stored with identical text, metadata and model: not embedded, not written. */
  unchanged: number;
  /** Chunks embedded and upserted. */
  written: number;
  /** Records deleted because their chunk is gone. */
  deleted: number;
  /** Number of upsert requests sent. */
  upsertRequests: number;
  /** Records in the collection afterwards. */
  total: number;
}

/** The metadata stored with a chunk's record (everything a citation needs). */
export interface ChunkRecordMetadata extends Metadata {
  documentId: string;
  documentTitle: string;
  chunkIndex: number;
  /** JSON array of heading titles. */
  sectionPath: string;
  spanStart: number;
  spanEnd: number;
  /** 1-based pages, -1 where the source has none. */
  pageStart: number;
  pageEnd: number;
  splitter: string;
  /** Hash of the text, the other metadata and the embedding model. */
  recordHash: string;
}

/** Builds a chunk's record metadata. */
export function chunkRecordMetadata(chunk: Chunk, documentTitle: string, embeddingModel: string): ChunkRecordMetadata {
  const fields = {
    documentId: chunk.documentId,
    documentTitle,
    chunkIndex: chunk.index,
    sectionPath: JSON.stringify(chunk.sectionPath),
    spanStart: chunk.span.start,
    spanEnd: chunk.span.end,
    pageStart: chunk.pages?.start ?? -1,
    pageEnd: chunk.pages?.end ?? -1,
    splitter: chunk.splitter,
  };
  return { ...fields, recordHash: hashCanonical({ text: chunk.text, fields, embeddingModel }).slice(0, 32) };
}

/** Embeds and stores the chunks that are new or changed; see the module documentation. */
export async function indexChunks(options: IndexChunksOptions): Promise<IndexReport> {
  const { collection, embeddingModel, chunks } = options;
  if (!sameEmbedding(collection.embedding, embeddingModel.identity)) {
    throw new EmbeddingMismatchError(collection.name, embeddingModel.identity, collection.embedding);
  }
  const titles = new Map((options.documents ?? []).map((document) => [document.id, document.title]));
  const seen = new Set<string>();
  for (const chunk of chunks) {
    if (seen.has(chunk.id)) throw new InvalidArgumentError('chunks', `chunk id ${chunk.id} occurs twice`);
    seen.add(chunk.id);
  }
  const existing = await readCollectionMetadata(collection);
  const pending: Array<{ chunk: Chunk; metadata: ChunkRecordMetadata }> = [];
  let unchanged = 0;
  for (const chunk of chunks) {
    const metadata = chunkRecordMetadata(chunk, titles.get(chunk.documentId) ?? chunk.documentId, embeddingModel.identity.model);
    if (existing.get(chunk.id)?.recordHash === metadata.recordHash) unchanged += 1;
    else pending.push({ chunk, metadata });
  }
  const stale = options.prune === false ? [] : [...existing.keys()].filter((id) => !seen.has(id));

  const maxBatch = await chromaCall('reading the maximum batch size', () => collection.connection.client.getMaxBatchSize());
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 256, maxBatch));
  const progress = (options.progress ?? silentProgress)(`indexing into ${collection.name}`, pending.length);
  let upsertRequests = 0;
  for (let start = 0; start < pending.length; start += batchSize) {
    const batch = pending.slice(start, start + batchSize);
    const vectors = await embeddingModel.embed(
      batch.map(({ chunk }) => chunk.text),
      { batchSize: options.embeddingBatchSize ?? 16 },
    );
    await chromaCall(`writing to "${collection.name}"`, () =>
      collection.collection.upsert({
        ids: batch.map(({ chunk }) => chunk.id),
        embeddings: vectors.map((vector) => Array.from(vector)),
        documents: batch.map(({ chunk }) => chunk.text),
        metadatas: batch.map(({ metadata }) => metadata),
      }),
    );
    upsertRequests += 1;
    progress.tick(batch.length);
  }
  for (let start = 0; start < stale.length; start += batchSize) {
    const ids = stale.slice(start, start + batchSize);
    await chromaCall(`deleting from "${collection.name}"`, () => collection.collection.delete({ ids }));
  }
  progress.done(`${pending.length} written, ${unchanged} unchanged, ${stale.length} deleted`);
  const total = await chromaCall(`counting "${collection.name}"`, () => collection.collection.count());
  return {
    collection: collection.name,
    chunks: chunks.length,
    unchanged,
    written: pending.length,
    deleted: stale.length,
    upsertRequests,
    total,
  };
}
