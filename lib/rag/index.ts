/**
 * Stage 4, RAG: transformers.js embeddings and cross-encoder reranking, a real Chroma server, grounded answers
 * through the LLM layer, and retrieval evaluation without an LLM.
 */
export * from './answer-with-context.js';
export * from './brute-force-search.js';
export * from './build-contexts.js';
export * from './chroma-connection.js';
export * from './chroma-server.js';
export * from './chunk-collection.js';
export * from './cross-encoder-reranker.js';
export * from './embedding-model.js';
export * from './evaluate-rankings.js';
export * from './evidence-questions.js';
export * from './index-chunks.js';
export * from './ndcg-at-k.js';
export * from './rag-corpus.js';
export * from './rag-errors.js';
export * from './rag-prompt.js';
export * from './recall-at-k.js';
export * from './reciprocal-rank.js';
export * from './retrieval-ablation.js';
export * from './retrieve-passages.js';
export * from './run-rag-stage.js';
export * from './span-overlap.js';
export * from './tiny-test-models.js';
export * from './transformers-model.js';
