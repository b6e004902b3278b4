import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../lib/core/errors.js';
import { DEFAULT_RERANKER_MODEL, loadReranker } from '../../lib/rag/cross-encoder-reranker.js';
import { OnnxExportMissingError } from '../../lib/rag/rag-errors.js';
import { buildVocabulary, TINY_HIDDEN_SIZE, tokenVector } from '../../scripts/make-tiny-models.mjs';
import { join } from 'node:path';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { copyWithoutOnnx, useTinyModels } from '../helpers/tiny-models.js';

const tiny = useTinyModels();
const temporaryDirectory = useTemporaryDirectory();

function layerNorm(vector: Float32Array): number[] {
  const mean = vector.reduce((sum, value) => sum + value, 0) / vector.length;
  const variance = vector.reduce((sum, value) => sum + (value - mean) ** 2, 0) / vector.length;
  return Array.from(vector, (value) => (value - mean) / Math.sqrt(variance + 1e-12));
}

/**
 * Independent reference for the tiny cross-encoder's logit (see scripts/make-tiny-models.mjs): for each query
 * token, its best cosine (dot / hidden) with a passage token, kept above 0.5 and scaled by 2, summed. Valid for
 * texts of whole in-vocabulary lower-case words separated by spaces, so tokenization is a split on spaces.
 */
function referenceLogit(query: string, passage: string): number {
  const states = (text: string) => text.split(' ').map((token) => layerNorm(tokenVector(token)));
  const passageStates = states(passage);
  let total = 0;
  for (const queryState of states(query)) {
    let best = 0; // [CLS]/[SEP] of the passage are zero vectors, so 0 is always a candidate
    for (const passageState of passageStates) {
      best = Math.max(best, queryState.reduce((sum, value, index) => sum + value * passageState[index]!, 0) / TINY_HIDDEN_SIZE);
    }
    total += 2 * Math.max(0, best - 0.5);
  }
  return total;
}

describe('loadReranker on the tiny cross-encoder', () => {
  const query = 'bazett formula qt';
  const passages = [
    'the electrode is on the skin', // no query word
    'bazett defined a formula for the qt interval', // all three
    'the formula of fridericia', // one
    'bazett and the qt interval', // two
  ];

  it('scores (query, passage) pairs as the model defines, in batches', async () => {
    const vocabulary = buildVocabulary();
    for (const text of [query, ...passages]) for (const word of text.split(' ')) expect(vocabulary[word]).toBeDefined();
    const reranker = await loadReranker({ model: tiny.crossEncoder, allowRemoteModels: false });
    try {
      const scores = await reranker.score(query, passages, { batchSize: 3 });
      passages.forEach((passage, index) => expect(scores[index]).toBeCloseTo(referenceLogit(query, passage), 4));
      // Each matched query word contributes 2 * (1 - 0.5) = 1.
      expect(scores.map((score) => Math.round(score))).toEqual([0, 3, 1, 2]);
    } finally {
      await reranker.dispose();
    }
  });

  it('reranks to the top n, best first, keeping retrieval order on ties', async () => {
    const reranker = await loadReranker({ model: tiny.crossEncoder, allowRemoteModels: false });
    try {
      const items = passages.map((text, index) => ({ text, retrievalRank: index + 1 }));
      const top = await reranker.rerank(query, items, { topN: 2 });
      expect(top.map((item) => item.retrievalRank)).toEqual([2, 4]);
      expect(top[0]!.rerankScore).toBeGreaterThan(top[1]!.rerankScore);
      // Function words are zero vectors in the tiny model: all three score exactly 0.
      const tied = await reranker.rerank('bazett', [{ text: 'of the', id: 1 }, { text: 'and', id: 2 }, { text: 'is it', id: 3 }], { topN: 3 });
      expect(tied.map((item) => item.rerankScore)).toEqual([0, 0, 0]);
      expect(tied.map((item) => item.id)).toEqual([1, 2, 3]);
      expect(reranker.describe()).toMatchObject({ role: 'reranker', id: tiny.crossEncoder, digest: `sha256:${reranker.modelFile.sha256}` });
      await expect(reranker.rerank(query, items, { topN: 0 })).rejects.toThrow(/topN/);
    } finally {
      await reranker.dispose();
    }
  });

  it('names the optimum-cli export for a cross-encoder without ONNX weights', async () => {
    const folder = await copyWithoutOnnx(tiny.crossEncoder, join(await temporaryDirectory(), 'ms-marco-no-onnx'));
    await expect(loadReranker({ model: folder, allowRemoteModels: false })).rejects.toBeInstanceOf(OnnxExportMissingError);
    await expect(loadReranker({ model: folder, allowRemoteModels: false })).rejects.toThrow(/--task text-classification/);
  });

  it('names the missing cache file when the default reranker was never downloaded and downloads are off', async () => {
    // transformers.js itself fails here with a bare TypeError (reading 'tokenizer_class' of undefined).
    const cache = await temporaryDirectory();
    const attempt = loadReranker({ allowRemoteModels: false, cacheDirectory: cache });
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toThrow(`model file not found: ${join(cache, DEFAULT_RERANKER_MODEL, 'config.json')}. Downloads are switched off`);
  });
});
