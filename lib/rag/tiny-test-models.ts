/**
 * The tiny BERT-style test encoder and cross-encoder that `scripts/make-tiny-models.mjs` generates (see that
 * script for what they compute and the file layout transformers.js expects). They let the RAG stage, its
 * notebook and its benchmark run end to end offline in seconds. Their retrieval scores are not meaningful
 * measurements of anything but the pipeline; use the paper's models for real numbers.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';

const execFileAsync = promisify(execFile);

export interface TinyTestModels {
  /** Folder of the feature-extraction model (use as `embeddingModel`). */
  encoder: string;
  /** Folder of the sequence-classification model (use as `rerankerModel`). */
  crossEncoder: string;
}

/**
 * The tiny test models under `<cache>/tiny-models`, generated first if missing (the generator is deterministic,
 * so the files are identical on every machine).
 */
export async function ensureTinyTestModels(paths: WorkspacePaths = resolveWorkspacePaths()): Promise<TinyTestModels> {
  const directory = join(paths.cache, 'tiny-models');
  const models = { encoder: join(directory, 'tiny-bert-encoder'), crossEncoder: join(directory, 'tiny-bert-cross-encoder') };
  const complete = [models.encoder, models.crossEncoder].every((folder) =>
    ['config.json', 'tokenizer.json', 'tokenizer_config.json', join('onnx', 'model.onnx')].every((file) => existsSync(join(folder, file))),
  );
  if (!complete) await execFileAsync(process.execPath, [join(paths.packageRoot, 'scripts', 'make-tiny-models.mjs'), directory]);
  return models;
}
