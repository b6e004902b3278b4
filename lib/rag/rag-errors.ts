/**
 * Errors specific to the RAG stage. Each names what is wrong and what to do about it.
 */
import { WorkspaceError } from '../core/errors.js';

/**
 * A model has no ONNX weights, which transformers.js needs (it runs ONNX Runtime, not PyTorch). The message
 * says how to export them with Hugging Face Optimum.
 */
export class OnnxExportMissingError extends WorkspaceError {
  readonly model: string;
  readonly expectedFile: string;
  constructor(model: string, expectedFile: string, task: 'feature-extraction' | 'text-classification', cause?: unknown) {
    const folder = `${model.split('/').pop() ?? 'model'}-onnx`;
    const hint =
      `Export it once with Hugging Face Optimum (Python: pip install "optimum[exporters]"): ` +
      `\`optimum-cli export onnx --model ${model} --task ${task} ${folder}\`, then move ${folder}/model.onnx to ` +
      `${folder}/onnx/model.onnx and pass the folder instead of the model id (e.g. --embedding-model ./${folder}).`;
    super(
      'ONNX_EXPORT_MISSING',
      `Model "${model}" has no ONNX export (looked for ${expectedFile}); transformers.js can only run ONNX weights. ${hint}`,
      { model, expectedFile, task, hint },
      cause === undefined ? undefined : { cause },
    );
    this.model = model;
    this.expectedFile = expectedFile;
  }
}

/**
 * A vector collection was built with a different embedding model or dimension than the one now in use, so
 * its vectors and the new query vectors are not comparable.
 */
export class EmbeddingMismatchError extends WorkspaceError {
  readonly collection: string;
  constructor(
    collection: string,
    expected: { model: string; dimension: number; sha256?: string },
    found: { model: unknown; dimension: unknown; sha256?: unknown },
  ) {
    const sameName = found.model === expected.model && found.dimension === expected.dimension;
    super(
      'EMBEDDING_MISMATCH',
      `Chroma collection "${collection}" holds ${String(found.dimension)}-dimensional vectors of embedding model ` +
        `"${String(found.model)}"${sameName ? ` computed by ONNX weights with sha256 ${String(found.sha256)}` : ''}, but the ` +
        `embedding model in use is "${expected.model}" with dimension ${expected.dimension}` +
        `${sameName ? ` and weights with sha256 ${String(expected.sha256)}` : ''}. Use the collection's model, choose ` +
        'another collection name, or re-index with --rebuild.',
      { collection, expected, found },
    );
    this.collection = collection;
  }
}
