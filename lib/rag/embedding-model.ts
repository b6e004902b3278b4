/**
 * Sentence embeddings with transformers.js: the model's token states are mean-pooled over the attention mask
 * and L2-normalised, so the dot product of two embeddings is their cosine similarity. This is what
 * sentence-transformers does for `neuml/pubmedbert-base-embeddings` (its pooling config is mean pooling),
 * the model the ECG-LLM authors used; they did not normalise, which does not change cosine rankings.
 *
 * @example
 * const model = await loadEmbeddingModel({ model: 'neuml/pubmedbert-base-embeddings' });
 * const [vector] = await model.embed(['QT prolongation and torsades de pointes']);
 * model.dimension; // 768
 */
import { basename } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import type { ModelReference } from '../schemas/run-manifest.js';
import {
  loadWithTransformers,
  onnxFileDigest,
  pretrainedOptions,
  resolveModelSource,
  type ModelLoadOptions,
  type ModelSource,
} from './transformers-model.js';

/** The embedding model of the ECG-LLM paper (a 768-dimensional PubMedBERT sentence encoder). */
export const DEFAULT_EMBEDDING_MODEL = 'neuml/pubmedbert-base-embeddings';

/**
 * What makes two sets of vectors comparable: the model (a Hub id, or `local:<folder name>` for a local folder,
 * so a moved workspace still matches), the dimension and the SHA-256 of the ONNX file that computed them.
 */
export interface EmbeddingIdentity {
  model: string;
  dimension: number;
  sha256?: string;
}

/** True when vectors of `left` and `right` are comparable (an unknown sha256 on either side is not checked). */
export function sameEmbedding(left: EmbeddingIdentity, right: EmbeddingIdentity): boolean {
  return left.model === right.model && left.dimension === right.dimension && (left.sha256 === undefined || right.sha256 === undefined || left.sha256 === right.sha256);
}

export interface EmbedOptions {
  /** Texts per forward pass (default 16). */
  batchSize?: number;
  progress?: ProgressFactory;
  /** Progress label (default "embedding"). */
  label?: string;
}

/** A loaded sentence-embedding model. */
export interface EmbeddingModel {
  /** The model id (Hub id, or absolute path of a local folder). */
  readonly id: string;
  readonly dimension: number;
  readonly source: ModelSource;
  /** The ONNX file that computes the embeddings, with its SHA-256. */
  readonly modelFile: { path: string; sha256: string; bytes: number };
  /** The identity stored with vector collections (see {@link EmbeddingIdentity}). */
  readonly identity: EmbeddingIdentity;
  /** Unit-length embeddings of `texts`, in order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
  /** The model's identity for run manifests. */
  describe(): ModelReference;
  /** Releases the ONNX session. */
  dispose(): Promise<void>;
}

interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<{ dims: number[]; data: Float32Array }>;
  dispose(): Promise<void>;
}

/**
 * Loads a sentence-embedding model (default {@link DEFAULT_EMBEDDING_MODEL}). The first use of a Hub model
 * downloads its ONNX weights into the workspace cache.
 */
export async function loadEmbeddingModel(options: Partial<ModelLoadOptions> = {}): Promise<EmbeddingModel> {
  const source = resolveModelSource({ ...options, model: options.model ?? DEFAULT_EMBEDDING_MODEL }, 'feature-extraction');
  const extractor = (await loadWithTransformers(source, 'feature-extraction', async (transformers) => {
    return transformers.pipeline('feature-extraction', source.loadId, pretrainedOptions(source, options.onDownload) as never);
  })) as unknown as FeatureExtractor;
  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const [rows, dimension] = output.dims as [number, number];
    const vectors: Float32Array[] = [];
    for (let row = 0; row < rows; row++) {
      const vector = output.data.slice(row * dimension, (row + 1) * dimension);
      // A text whose token states are all zero has no direction; normalising it divides 0 by 0. It becomes the
      // zero vector (similarity 0 to everything) instead of NaNs that would poison a vector index.
      if (vector.some((value) => Number.isNaN(value))) vector.fill(0);
      vectors.push(vector);
    }
    return vectors;
  };
  const probe = await run(['dimension probe']);
  const dimension = probe[0]?.length ?? 0;
  const modelFile = await onnxFileDigest(source);
  return {
    id: source.id,
    dimension,
    source,
    modelFile,
    identity: { model: source.kind === 'hub' ? source.id : `local:${basename(source.id)}`, dimension, sha256: modelFile.sha256 },
    async embed(texts, embedOptions = {}) {
      const batchSize = embedOptions.batchSize ?? 16;
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);
      const task = (embedOptions.progress ?? silentProgress)(embedOptions.label ?? 'embedding', texts.length);
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize).map((text) => (text.trim() === '' ? ' ' : text));
        vectors.push(...(await run(batch)));
        task.tick(batch.length);
      }
      task.done();
      return vectors;
    },
    describe() {
      return {
        role: 'embedding',
        provider: 'transformers.js',
        id: source.id,
        digest: `sha256:${modelFile.sha256}`,
        parameters: { dimension, pooling: 'mean', normalize: true, precision: source.precision, revision: source.revision, onnxFile: modelFile.path },
      };
    },
    async dispose() {
      await extractor.dispose();
    },
  };
}
