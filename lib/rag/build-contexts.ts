/**
 * From questions to the passages an LLM will see. Two settings, both from the ECG-LLM paper:
 *
 * - `rerank` (the default, what the authors configured): the top-k (20) chunks by vector similarity are
 *   re-scored by a cross-encoder and the best top-n (5) form the context;
 * - `vector` with top-n = top-k (`--legacy-no-rerank`, what the authors' code actually did, because their
 *   LlamaIndex retriever silently ignored the reranker): the top-20 chunks in vector order form the context.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { ChunkCollection } from './chunk-collection.js';
import { DEFAULT_RERANK_TOP_N, type Reranker } from './cross-encoder-reranker.js';
import type { EmbeddingModel } from './embedding-model.js';
import { DEFAULT_TOP_K, retrievePassages, type RetrievedPassage } from './retrieve-passages.js';

export type ContextMode = 'rerank' | 'vector';

export interface ContextSettings {
  mode: ContextMode;
  /** Chunks retrieved by vector search. */
  topK: number;
  /** Chunks in the context (after reranking in `rerank` mode, the first n by similarity in `vector` mode). */
  topN: number;
}

/** Retrieve 20, rerank to 5 (the paper's configuration). */
export const DEFAULT_CONTEXT_SETTINGS: ContextSettings = { mode: 'rerank', topK: DEFAULT_TOP_K, topN: DEFAULT_RERANK_TOP_N };

/** The authors' effective behaviour: the top-20 chunks by vector similarity, unreranked. */
export const LEGACY_CONTEXT_SETTINGS: ContextSettings = { mode: 'vector', topK: DEFAULT_TOP_K, topN: DEFAULT_TOP_K };

/** Context settings from command-line style options. */
export function contextSettings(options: { legacyNoRerank?: boolean; topK?: number; topN?: number } = {}): ContextSettings {
  const topK = options.topK ?? DEFAULT_TOP_K;
  const settings: ContextSettings = options.legacyNoRerank
    ? { mode: 'vector', topK, topN: options.topN ?? topK }
    : { mode: 'rerank', topK, topN: options.topN ?? DEFAULT_RERANK_TOP_N };
  if (!Number.isInteger(settings.topK) || settings.topK < 1) throw new InvalidArgumentError('topK', `must be a positive integer, got ${settings.topK}`);
  if (!Number.isInteger(settings.topN) || settings.topN < 1 || settings.topN > settings.topK) {
    throw new InvalidArgumentError('topN', `must be an integer between 1 and topK (${settings.topK}), got ${settings.topN}`);
  }
  return settings;
}

/** What each question retrieved and the context built from it. */
export interface QuestionContext {
  question: string;
  /** The top-k passages in vector order. */
  retrieved: RetrievedPassage[];
  /** The passages given to the model, best first. */
  context: RetrievedPassage[];
}

/** Chooses the context passages from retrieved ones (reranking them in `rerank` mode). */
export async function selectContext(
  question: string,
  retrieved: readonly RetrievedPassage[],
  settings: ContextSettings,
  reranker?: Reranker,
): Promise<RetrievedPassage[]> {
  if (settings.mode === 'vector') return retrieved.slice(0, settings.topN);
  if (!reranker) throw new InvalidArgumentError('reranker', 'rerank mode needs a cross-encoder; load one with loadReranker() or use the legacy (vector) mode');
  return reranker.rerank(question, retrieved, { topN: settings.topN });
}

/** Retrieves and (re)ranks context passages for each question. */
export async function buildContexts(options: {
  collection: ChunkCollection;
  embeddingModel: EmbeddingModel;
  reranker?: Reranker;
  questions: readonly string[];
  settings?: ContextSettings;
}): Promise<QuestionContext[]> {
  const settings = options.settings ?? DEFAULT_CONTEXT_SETTINGS;
  const retrieved = await retrievePassages(options.collection, options.embeddingModel, options.questions, { topK: settings.topK });
  const contexts: QuestionContext[] = [];
  for (const [index, question] of options.questions.entries()) {
    const passages = retrieved[index] ?? [];
    contexts.push({ question, retrieved: passages, context: await selectContext(question, passages, settings, options.reranker) });
  }
  return contexts;
}
