/**
 * Vector retrieval from a chunk collection: the top-k chunks by cosine similarity to each query, with
 * everything a citation needs (document, title, section, character span, pages).
 */
import type { Metadata } from 'chromadb';
import { InvalidArgumentError } from '../core/errors.js';
import type { CharacterSpan, PageSpan } from '../schemas/corpus.js';
import { chromaCall } from './chroma-connection.js';
import type { ChunkCollection } from './chunk-collection.js';
import type { EmbeddingModel } from './embedding-model.js';

/** The authors' retrieval depth (similarity_top_k = 20). */
export const DEFAULT_TOP_K = 20;

/** One retrieved chunk. */
export interface RetrievedPassage {
  chunkId: string;
  documentId: string;
  documentTitle: string;
  text: string;
  sectionPath: string[];
  span: CharacterSpan;
  pages: PageSpan | null;
  /** 1-based position in the vector-search ranking. */
  retrievalRank: number;
  /** Cosine similarity to the query (1 − Chroma's cosine distance). */
  similarity: number;
  /** Cross-encoder score, when the passages were reranked. */
  rerankScore?: number;
}

function toPassage(id: string, text: string | null, metadata: Metadata | null, distance: number | null, rank: number): RetrievedPassage {
  const meta = metadata ?? {};
  const pageStart = Number(meta.pageStart ?? -1);
  const pageEnd = Number(meta.pageEnd ?? -1);
  let sectionPath: string[] = [];
  try {
    sectionPath = JSON.parse(String(meta.sectionPath ?? '[]')) as string[];
  } catch {
    sectionPath = [];
  }
  return {
    chunkId: id,
    documentId: String(meta.documentId ?? ''),
    documentTitle: String(meta.documentTitle ?? meta.documentId ?? ''),
    text: text ?? '',
    sectionPath,
    span: { start: Number(meta.spanStart ?? 0), end: Number(meta.spanEnd ?? 0) },
    pages: pageStart > 0 && pageEnd > 0 ? { start: pageStart, end: pageEnd } : null,
    retrievalRank: rank,
    similarity: 1 - (distance ?? 1),
  };
}

/** The top-k passages for each query vector (queries are sent in groups of `queryBatchSize`, default 64). */
export async function searchChunks(
  collection: ChunkCollection,
  queryVectors: readonly Float32Array[],
  options: { topK?: number; queryBatchSize?: number } = {},
): Promise<RetrievedPassage[][]> {
  const topK = options.topK ?? DEFAULT_TOP_K;
  if (!Number.isInteger(topK) || topK < 1) throw new InvalidArgumentError('topK', `must be a positive integer, got ${topK}`);
  const groupSize = options.queryBatchSize ?? 64;
  const results: RetrievedPassage[][] = [];
  for (let start = 0; start < queryVectors.length; start += groupSize) {
    const group = queryVectors.slice(start, start + groupSize);
    const answer = await chromaCall(`querying "${collection.name}"`, () =>
      collection.collection.query({
        queryEmbeddings: group.map((vector) => Array.from(vector)),
        nResults: topK,
        include: ['documents', 'metadatas', 'distances'],
      }),
    );
    answer.ids.forEach((ids, queryIndex) => {
      results.push(
        ids.map((id, position) =>
          toPassage(
            id,
            answer.documents[queryIndex]?.[position] ?? null,
            answer.metadatas[queryIndex]?.[position] ?? null,
            answer.distances[queryIndex]?.[position] ?? null,
            position + 1,
          ),
        ),
      );
    });
  }
  return results;
}

/** Embeds the questions and retrieves the top-k passages for each. */
export async function retrievePassages(
  collection: ChunkCollection,
  embeddingModel: EmbeddingModel,
  questions: readonly string[],
  options: { topK?: number } = {},
): Promise<RetrievedPassage[][]> {
  const vectors = await embeddingModel.embed(questions);
  return searchChunks(collection, vectors, options);
}
