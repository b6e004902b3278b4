/**
 * Reranking retrieved passages with a cross-encoder: the query and each passage are read together by one
 * transformer (`[CLS] query [SEP] passage [SEP]`), which outputs a relevance logit. This is the reranking step
 * the ECG-LLM authors configured (`cross-encoder/ms-marco-MiniLM-L-2-v2`, top_n 5) but never applied: their
 * LlamaIndex retriever silently ignored its `node_postprocessors`, so their model saw the top-20 chunks by
 * vector distance. Here it is applied; `legacyNoRerank` in the RAG pipeline reproduces their behaviour.
 *
 * Pairs are scored with AutoTokenizer (`text_pair`) + AutoModelForSequenceClassification, not the
 * text-classification pipeline, which in transformers.js 4.3 takes single texts only.
 *
 * @example
 * const reranker = await loadReranker();
 * const top5 = await reranker.rerank('Which formula overcorrects at high heart rates?', passages, { topN: 5 });
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { ModelReference } from '../schemas/run-manifest.js';
import {
  loadWithTransformers,
  onnxFileDigest,
  pretrainedOptions,
  resolveModelSource,
  type ModelLoadOptions,
  type ModelSource,
} from './transformers-model.js';

/** The reranker the ECG-LLM authors configured. */
export const DEFAULT_RERANKER_MODEL = 'cross-encoder/ms-marco-MiniLM-L-2-v2';
/** The authors' configured rerank depth (top_n = 5). */
export const DEFAULT_RERANK_TOP_N = 5;

/** A loaded cross-encoder. */
export interface Reranker {
  readonly id: string;
  readonly source: ModelSource;
  readonly modelFile: { path: string; sha256: string; bytes: number };
  /** Relevance logits of (query, text) pairs, in the order of `texts`. */
  score(query: string, texts: readonly string[], options?: { batchSize?: number }): Promise<number[]>;
  /**
   * The `topN` items most relevant to the query, best first, each with its `rerankScore`; ties keep the
   * original order (so equal scores fall back to the retrieval ranking).
   */
  rerank<Item extends { text: string }>(query: string, items: readonly Item[], options?: { topN?: number; batchSize?: number }): Promise<Array<Item & { rerankScore: number }>>;
  describe(): ModelReference;
  dispose(): Promise<void>;
}

interface TokenizerFunction {
  (texts: string[], options: { text_pair: string[]; padding: boolean; truncation: boolean }): Record<string, unknown>;
}
interface ClassifierModel {
  (inputs: Record<string, unknown>): Promise<{ logits: { dims: number[]; data: Float32Array } }>;
  dispose(): Promise<void>;
}

/** Loads a cross-encoder reranker (default {@link DEFAULT_RERANKER_MODEL}). */
export async function loadReranker(options: Partial<ModelLoadOptions> = {}): Promise<Reranker> {
  const source = resolveModelSource({ ...options, model: options.model ?? DEFAULT_RERANKER_MODEL }, 'text-classification');
  const { tokenizer, model } = await loadWithTransformers(source, 'text-classification', async (transformers) => {
    const loadOptions = pretrainedOptions(source, options.onDownload);
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(source.loadId, loadOptions as never);
    const model = await transformers.AutoModelForSequenceClassification.from_pretrained(source.loadId, loadOptions as never);
    return { tokenizer: tokenizer as unknown as TokenizerFunction, model: model as unknown as ClassifierModel };
  });
  const modelFile = await onnxFileDigest(source);

  const score: Reranker['score'] = async (query, texts, scoreOptions = {}) => {
    const batchSize = scoreOptions.batchSize ?? 16;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);
    const scores: number[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize);
      const inputs = tokenizer(
        batch.map(() => query),
        { text_pair: [...batch], padding: true, truncation: true },
      );
      const { logits } = await model(inputs);
      const [rows, labels] = logits.dims as [number, number];
      // One logit = relevance (MS MARCO cross-encoders); with several labels the last one is "relevant".
      for (let row = 0; row < rows; row++) scores.push(logits.data[row * labels + labels - 1] as number);
    }
    return scores;
  };

  return {
    id: source.id,
    source,
    modelFile,
    score,
    async rerank(query, items, rerankOptions = {}) {
      const topN = rerankOptions.topN ?? DEFAULT_RERANK_TOP_N;
      if (!Number.isInteger(topN) || topN < 1) throw new InvalidArgumentError('topN', `must be a positive integer, got ${topN}`);
      const scores = await score(
        query,
        items.map((item) => item.text),
        rerankOptions,
      );
      return items
        .map((item, index) => ({ item, index, score: scores[index] as number }))
        .sort((left, right) => right.score - left.score || left.index - right.index)
        .slice(0, topN)
        .map(({ item, score: rerankScore }) => ({ ...item, rerankScore }));
    },
    describe() {
      return {
        role: 'reranker',
        provider: 'transformers.js',
        id: source.id,
        digest: `sha256:${modelFile.sha256}`,
        parameters: { precision: source.precision, revision: source.revision, onnxFile: modelFile.path },
      };
    },
    async dispose() {
      await model.dispose();
    },
  };
}
