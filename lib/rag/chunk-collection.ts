/**
 * The Chroma collection holding a corpus's chunk embeddings. It is created on purpose, not with Chroma's
 * defaults (which the ECG-LLM authors used: squared-L2 distance, ids from random UUIDs):
 *
 * - cosine distance, the natural metric for unit-length sentence embeddings (distance = 1 − cosine);
 * - HNSW settings recorded and chosen so that a top-20 search is exact on corpora of this size
 *   ({@link DEFAULT_HNSW_SETTINGS}; verified against brute force in the tests and the benchmark);
 * - the embedding model id and dimension stored in the collection's metadata and checked every time the
 *   collection is opened again: vectors of different models are not comparable ({@link EmbeddingMismatchError}).
 */
import type { Collection, Metadata } from 'chromadb';
import { InvalidArgumentError, NotFoundError } from '../core/errors.js';
import { redactUrl } from '../core/secrets.js';
import { chromaCall, type ChromaConnection } from './chroma-connection.js';
import { sameEmbedding, type EmbeddingIdentity } from './embedding-model.js';
import { EmbeddingMismatchError } from './rag-errors.js';

/** HNSW index settings of a collection. */
export interface HnswSettings {
  space: 'cosine';
  /** Candidate list size while building the graph. */
  efConstruction: number;
  /** Candidate list size while searching; must be well above the number of results asked for. */
  efSearch: number;
  /** Graph degree (HNSW's M). */
  maxNeighbors: number;
}

/**
 * Measured, not guessed (`node bench/run.mjs --only chroma`: 768-d clustered vectors, 200 held-out queries,
 * recall@20 against exact search, on the shared 2-core machine, Chroma 1.0.0):
 *
 * - at 100,000 vectors, ef_construction 100 (Chroma's default) left true neighbours out at every ef_search:
 *   recall 0.959 / 0.983 / 0.998 / 0.999 at ef_search 20 / 100 / 1024 / 2048 with M 16, 0.978 / 0.998 at 100 /
 *   1024 with M 32 — some queries lost a whole cluster (the search ended in another document's chunks);
 * - ef_construction 200 with M 32 gave recall 1.0 (200/200 queries exact) at ef_search 2048 in all 4 builds
 *   (p95 17–26 ms), but 0.9998–1.0 at 1024, 0.995–1.0 at 100 and 0.990–0.995 at 40 (the graph depends on thread
 *   timing, so builds differ); adding 100,000 vectors took 106–207 s depending on the machine's load (M barely
 *   changes it; ef_construction does);
 * - the previous ef_construction 512 (exact on 766 tiny-encoder vectors, below) built 10,000 vectors in 30–38 s
 *   against 9–17 s for 200; the benchmark's earlier estimate for 100,000 was 18 min, over its time allowance.
 *
 * So: ef_construction 200, M 32, ef_search 2048 — p95 well under 50 ms at 100,000 chunks, and a search that
 * visits the whole graph on the collections a workspace usually holds (a few thousand chunks). On 766
 * near-duplicate tiny-encoder vectors, ef_search 256 had missed a true top-20 neighbour once in 10 builds, 512
 * and above none in 8,800 queries; test/rag/index-chunks.test.ts checks three independent builds against
 * brute force. ef_search is read when the server loads an index: a running Chroma 1.0.0 keeps searching with
 * the old value after {@link openChunkCollection} raises it, until the server restarts (measured).
 */
export const DEFAULT_HNSW_SETTINGS: HnswSettings = { space: 'cosine', efConstruction: 200, efSearch: 2048, maxNeighbors: 32 };

/** Metadata schema version of collections written by this module. */
export const CHUNK_COLLECTION_SCHEMA = 'ecg-llm-chunks/1';

export interface OpenChunkCollectionOptions {
  name: string;
  embedding: EmbeddingIdentity;
  hnsw?: Partial<Omit<HnswSettings, 'space'>>;
  /** Delete the collection first and create it anew. */
  rebuild?: boolean;
  /** Only open an existing collection (NotFound → error) instead of creating it. */
  mustExist?: boolean;
}

/** An open chunk collection with the settings it was created with. */
export interface ChunkCollection {
  readonly name: string;
  readonly collection: Collection;
  readonly connection: ChromaConnection;
  readonly embedding: EmbeddingIdentity;
  readonly hnsw: HnswSettings;
  /** True when this call created the collection. */
  readonly created: boolean;
}

const NAME_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9._-]{1,510})[a-zA-Z0-9]$/;

/** Checks a collection name against Chroma's rules (3–512 characters of [a-zA-Z0-9._-], alphanumeric ends). */
export function validateCollectionName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new InvalidArgumentError(
      'collection',
      `"${name}" is not a valid Chroma collection name: use 3 to 512 characters from a-z, A-Z, 0-9, ".", "_", "-", starting and ending with a letter or digit`,
    );
  }
  return name;
}

function isNotFound(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return (cause as Error)?.constructor?.name === 'ChromaNotFoundError' || /does not exist|could not be found/i.test((cause as Error)?.message ?? '');
}

/**
 * Opens (or creates) a chunk collection. An existing collection must have been made for the same embedding
 * model and dimension, with cosine distance; its `ef_search` is raised to the requested value if lower.
 */
export async function openChunkCollection(connection: ChromaConnection, options: OpenChunkCollectionOptions): Promise<ChunkCollection> {
  const name = validateCollectionName(options.name);
  const requested: HnswSettings = { ...DEFAULT_HNSW_SETTINGS, ...options.hnsw, space: 'cosine' };
  const { client } = connection;
  if (options.rebuild) {
    try {
      await client.deleteCollection({ name });
    } catch (error) {
      if (!isNotFound(error)) await chromaCall(`deleting collection "${name}"`, () => Promise.reject(error));
    }
  }
  let collection: Collection | undefined;
  try {
    collection = await client.getCollection({ name });
  } catch (error) {
    if (!isNotFound(error)) await chromaCall(`opening collection "${name}"`, () => Promise.reject(error));
  }
  if (!collection) {
    if (options.mustExist) {
      throw new NotFoundError('Chroma collection', `"${name}" at ${redactUrl(connection.url)}`, 'Run `ecg-llm rag index` first');
    }
    const created = await chromaCall(`creating collection "${name}"`, () =>
      client.createCollection({
        name,
        embeddingFunction: null,
        configuration: {
          hnsw: {
            space: 'cosine',
            ef_construction: requested.efConstruction,
            ef_search: requested.efSearch,
            max_neighbors: requested.maxNeighbors,
          },
        },
        metadata: {
          schema: CHUNK_COLLECTION_SCHEMA,
          embeddingModel: options.embedding.model,
          embeddingDimension: options.embedding.dimension,
          ...(options.embedding.sha256 ? { embeddingSha256: options.embedding.sha256 } : {}),
        },
      }),
    );
    return { name, collection: created, connection, embedding: options.embedding, hnsw: readHnsw(created, requested), created: true };
  }
  const metadata = collection.metadata ?? {};
  const stored = {
    model: String(metadata.embeddingModel),
    dimension: Number(metadata.embeddingDimension),
    ...(typeof metadata.embeddingSha256 === 'string' ? { sha256: metadata.embeddingSha256 } : {}),
  };
  if (!sameEmbedding(stored, options.embedding)) {
    throw new EmbeddingMismatchError(name, options.embedding, { model: metadata.embeddingModel, dimension: metadata.embeddingDimension, sha256: metadata.embeddingSha256 });
  }
  const existing = collection;
  const current = readHnsw(existing, requested);
  if ((collection.configuration?.hnsw?.space ?? 'l2') !== 'cosine') {
    throw new InvalidArgumentError('collection', `Chroma collection "${name}" uses ${String(collection.configuration?.hnsw?.space ?? 'l2')} distance, not cosine; re-index with --rebuild`);
  }
  if (current.efSearch < requested.efSearch) {
    await chromaCall(`raising ef_search of "${name}"`, () => existing.modify({ configuration: { hnsw: { ef_search: requested.efSearch } } }));
    current.efSearch = requested.efSearch;
  }
  return { name, collection: existing, connection, embedding: options.embedding, hnsw: current, created: false };
}

function readHnsw(collection: Collection, fallback: HnswSettings): HnswSettings {
  const hnsw = collection.configuration?.hnsw ?? {};
  return {
    space: 'cosine',
    efConstruction: hnsw.ef_construction ?? fallback.efConstruction,
    efSearch: hnsw.ef_search ?? fallback.efSearch,
    maxNeighbors: hnsw.max_neighbors ?? fallback.maxNeighbors,
  };
}

/** Every record id in the collection with its metadata, read in pages. */
export async function readCollectionMetadata(chunks: ChunkCollection, pageSize = 1000): Promise<Map<string, Metadata | null>> {
  const records = new Map<string, Metadata | null>();
  for (let offset = 0; ; offset += pageSize) {
    const page = await chromaCall(`reading "${chunks.name}"`, () => chunks.collection.get({ include: ['metadatas'], limit: pageSize, offset }));
    page.ids.forEach((id, index) => records.set(id, page.metadatas[index] ?? null));
    if (page.ids.length < pageSize) break;
  }
  return records;
}
