/**
 * Loading Hugging Face models with transformers.js (`@huggingface/transformers`, ONNX Runtime on the CPU).
 *
 * A model is named either by a Hub id (`neuml/pubmedbert-base-embeddings`), whose files are downloaded once
 * into the workspace cache (`<cache>/models/<id>/...`) and read from there afterwards, or by a local folder in
 * the layout transformers.js expects (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx —
 * see scripts/make-tiny-models.mjs). Downloads can be switched off (`allowRemoteModels: false`, or
 * `ECG_LLM_OFFLINE=1`); then a model must be in the cache or a local folder.
 *
 * transformers.js keeps its settings in one global `env` object, so loads are serialised here and each load
 * sets the settings it needs.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { NotFoundError, ServiceError, WorkspaceError } from '../core/errors.js';
import { hashFile } from '../core/content-hash.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { OnnxExportMissingError } from './rag-errors.js';

/** Numeric precision of the ONNX weights; selects the file name (`fp32` → onnx/model.onnx). */
export type ModelPrecision = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'bnb4' | 'q4f16';

const PRECISION_SUFFIX: Record<ModelPrecision, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  bnb4: '_bnb4',
  q4f16: '_q4f16',
};

export interface ModelLoadOptions {
  /** Hub id or local folder. */
  model: string;
  /** Allow downloading from the Hugging Face Hub (default true, or false when ECG_LLM_OFFLINE=1). */
  allowRemoteModels?: boolean;
  /** Where downloaded model files are cached (default `<workspace cache>/models`). */
  cacheDirectory?: string;
  /** Hub revision (branch, tag or commit); ignored for local folders. */
  revision?: string;
  precision?: ModelPrecision;
  paths?: WorkspacePaths;
  /** Called with download progress events of transformers.js. */
  onDownload?: (event: { file: string; loaded?: number; total?: number; status: string }) => void;
}

/** Where a model's files come from, resolved before loading. */
export interface ModelSource {
  /** The id as the user gave it (a Hub id, or the absolute folder path). */
  id: string;
  kind: 'hub' | 'local';
  /** What transformers.js is asked to load (the Hub id or the absolute folder). */
  loadId: string;
  /** Folder below the model root holding the ONNX file (`onnx`, or '' for a root-level model.onnx). */
  subfolder: string;
  /** ONNX file name for the chosen precision, e.g. `model.onnx`. */
  onnxFileName: string;
  precision: ModelPrecision;
  revision: string;
  cacheDirectory: string;
  allowRemoteModels: boolean;
}

/** True when `model` names an existing local folder (absolute, relative, or starting with `.`/`~`). */
function isLocalFolder(model: string): boolean {
  const path = expandHome(model);
  return existsSync(path) && statSync(path).isDirectory();
}

function expandHome(path: string): string {
  return path.startsWith('~/') ? join(process.env.HOME ?? '', path.slice(2)) : path;
}

function onnxFileName(precision: ModelPrecision): string {
  return `model${PRECISION_SUFFIX[precision]}.onnx`;
}

/**
 * Decides where a model's files come from. A local folder is checked now: a missing config or tokenizer is a
 * NotFoundError naming the file, weights without an ONNX export an {@link OnnxExportMissingError}.
 */
export function resolveModelSource(
  options: ModelLoadOptions,
  task: 'feature-extraction' | 'text-classification',
  environment: NodeJS.ProcessEnv = process.env,
): ModelSource {
  const paths = options.paths ?? resolveWorkspacePaths();
  const precision = options.precision ?? 'fp32';
  const fileName = onnxFileName(precision);
  const offline = environment.ECG_LLM_OFFLINE === '1' || environment.ECG_LLM_OFFLINE === 'true';
  const common = {
    precision,
    onnxFileName: fileName,
    revision: options.revision ?? 'main',
    cacheDirectory: options.cacheDirectory ?? join(paths.cache, 'models'),
    allowRemoteModels: options.allowRemoteModels ?? !offline,
  };
  const looksLikePath = options.model.startsWith('.') || options.model.startsWith('~') || isAbsolute(options.model);
  if (isLocalFolder(options.model)) {
    const folder = resolve(expandHome(options.model));
    for (const required of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      if (!existsSync(join(folder, required))) {
        throw new NotFoundError('model file', join(folder, required), 'A transformers.js model folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx');
      }
    }
    let subfolder: string;
    if (existsSync(join(folder, 'onnx', fileName))) subfolder = 'onnx';
    else if (existsSync(join(folder, fileName))) subfolder = '';
    else throw new OnnxExportMissingError(folder, join(folder, 'onnx', fileName), task);
    return { id: folder, kind: 'local', loadId: folder, subfolder, ...common };
  }
  if (looksLikePath) throw new NotFoundError('model folder', resolve(expandHome(options.model)));
  return { id: options.model, kind: 'hub', loadId: options.model, subfolder: 'onnx', ...common };
}

/** The path of the model's ONNX file on disk (in the local folder, or in the download cache). */
export function onnxFilePath(source: ModelSource): string {
  const parts = source.subfolder ? [source.subfolder, source.onnxFileName] : [source.onnxFileName];
  if (source.kind === 'local') return join(source.loadId, ...parts);
  const revisionParts = source.revision === 'main' ? [] : [source.revision];
  return join(source.cacheDirectory, source.loadId, ...revisionParts, ...parts);
}

/** SHA-256 and size of the model's ONNX file, for run manifests. */
export async function onnxFileDigest(source: ModelSource): Promise<{ path: string; sha256: string; bytes: number }> {
  const path = onnxFilePath(source);
  return { path, ...(await hashFile(path)) };
}

/** The subset of transformers.js we use, loaded lazily (importing it starts ONNX Runtime, ~0.4 s). */
export type TransformersModule = typeof import('@huggingface/transformers');

let transformersModule: Promise<TransformersModule> | undefined;

/** Imports transformers.js once. */
export function importTransformers(): Promise<TransformersModule> {
  transformersModule ??= import('@huggingface/transformers').then((module) => {
    // Errors are reported by this module with advice; transformers.js's own warnings about local lookups
    // that are expected to miss (Hub ids are first looked for in a local folder) are noise.
    module.env.logLevel = module.LogLevel.ERROR;
    return module;
  });
  return transformersModule;
}

let loadQueue: Promise<unknown> = Promise.resolve();

/** The options every transformers.js `from_pretrained`/`pipeline` call gets for a source. */
export function pretrainedOptions(source: ModelSource, onDownload?: ModelLoadOptions['onDownload']): Record<string, unknown> {
  return {
    dtype: source.precision,
    device: 'cpu',
    subfolder: source.subfolder,
    cache_dir: source.cacheDirectory,
    local_files_only: !source.allowRemoteModels,
    revision: source.revision,
    ...(onDownload
      ? {
          progress_callback: (event: { status: string; file?: string; loaded?: number; total?: number }) => {
            if (event.file) onDownload({ status: event.status, file: event.file, loaded: event.loaded, total: event.total });
          },
        }
      : {}),
  };
}

/**
 * Runs a transformers.js load with the global settings for `source`, one load at a time, and turns its
 * errors into workspace errors: a missing ONNX file → {@link OnnxExportMissingError}, another missing file
 * → NotFoundError, a network failure → ServiceError.
 */
export async function loadWithTransformers<T>(
  source: ModelSource,
  task: 'feature-extraction' | 'text-classification',
  load: (transformers: TransformersModule) => Promise<T>,
): Promise<T> {
  assertCachedWhenOffline(source);
  const transformers = await importTransformers();
  const run = async (): Promise<T> => {
    transformers.env.allowRemoteModels = source.allowRemoteModels;
    transformers.env.allowLocalModels = true;
    transformers.env.useFSCache = true;
    transformers.env.cacheDir = source.cacheDirectory;
    try {
      return await load(transformers);
    } catch (error) {
      throw translateLoadError(error, source, task);
    }
  };
  const result = loadQueue.then(run, run);
  loadQueue = result.catch(() => undefined);
  return result;
}

/**
 * Offline, a Hub model must already be in the download cache: a missing file is a NotFoundError naming where it
 * was expected. (Checked before loading because transformers.js fails on a missing config with a bare TypeError
 * for some model classes, e.g. the AutoTokenizer of a cross-encoder.)
 */
function assertCachedWhenOffline(source: ModelSource): void {
  if (source.kind !== 'hub' || source.allowRemoteModels) return;
  const folder = join(source.cacheDirectory, source.loadId, ...(source.revision === 'main' ? [] : [source.revision]));
  for (const required of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    if (!existsSync(join(folder, required))) throw new NotFoundError('model file', join(folder, required), OFFLINE_HINT);
  }
}

const OFFLINE_HINT = 'Downloads are switched off (allowRemoteModels false / ECG_LLM_OFFLINE); download the model once with them on, or give a local model folder.';

function translateLoadError(error: unknown, source: ModelSource, task: 'feature-extraction' | 'text-classification'): unknown {
  if (error instanceof WorkspaceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const missing = /not found locally at "([^"]+)"|Could not locate file: "([^"]+)"|Local file missing at "([^"]+)"/.exec(message);
  if (missing) {
    const file = missing[1] ?? missing[2] ?? missing[3] ?? '';
    if (file.endsWith('.onnx')) return new OnnxExportMissingError(source.id, file, task, error);
    const hint = source.allowRemoteModels ? 'Check the model id.' : OFFLINE_HINT;
    return new NotFoundError('model file', file, hint);
  }
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network/i.test(message)) {
    return new ServiceError('Hugging Face Hub', `could not download model "${source.id}": ${message}`, { retryable: true }, { cause: error });
  }
  return error;
}
