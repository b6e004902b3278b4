import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { loadEmbeddingModel } from '../../lib/rag/embedding-model.js';
import { onnxFilePath, pretrainedOptions, resolveModelSource } from '../../lib/rag/transformers-model.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { copyWithoutOnnx, useTinyModels } from '../helpers/tiny-models.js';

const tiny = useTinyModels();
const temporaryDirectory = useTemporaryDirectory();
const paths = resolveWorkspacePaths({ root: '/tmp/workspace-x', packageRoot: repositoryRoot });

describe('resolveModelSource', () => {
  it('allows downloads by default and not with ECG_LLM_OFFLINE=1 or allowRemoteModels false', () => {
    expect(resolveModelSource({ model: 'neuml/pubmedbert-base-embeddings', paths }, 'feature-extraction', {}).allowRemoteModels).toBe(true);
    expect(resolveModelSource({ model: 'neuml/pubmedbert-base-embeddings', paths }, 'feature-extraction', { ECG_LLM_OFFLINE: '1' }).allowRemoteModels).toBe(false);
    expect(resolveModelSource({ model: 'neuml/pubmedbert-base-embeddings', paths, allowRemoteModels: false }, 'feature-extraction', {}).allowRemoteModels).toBe(false);
  });

  it('caches Hub models under the workspace cache, in the layout transformers.js downloads into', () => {
    const source = resolveModelSource({ model: 'neuml/pubmedbert-base-embeddings', paths }, 'feature-extraction', {});
    expect(source).toMatchObject({ kind: 'hub', subfolder: 'onnx', onnxFileName: 'model.onnx', cacheDirectory: '/tmp/workspace-x/.cache/models' });
    expect(onnxFilePath(source)).toBe('/tmp/workspace-x/.cache/models/neuml/pubmedbert-base-embeddings/onnx/model.onnx');
    // A pinned revision is cached beside the default one; q8 weights are model_quantized.onnx.
    const pinned = resolveModelSource({ model: 'org/model', paths, revision: 'abc123', precision: 'q8' }, 'feature-extraction', {});
    expect(onnxFilePath(pinned)).toBe('/tmp/workspace-x/.cache/models/org/model/abc123/onnx/model_quantized.onnx');
    expect(pretrainedOptions(pinned)).toMatchObject({ dtype: 'q8', device: 'cpu', subfolder: 'onnx', revision: 'abc123', local_files_only: false, cache_dir: '/tmp/workspace-x/.cache/models' });
  });

  it('reads a local folder in place, with onnx/model.onnx or a root-level model.onnx', () => {
    const source = resolveModelSource({ model: tiny.encoder, paths }, 'feature-extraction', {});
    expect(source).toMatchObject({ kind: 'local', loadId: tiny.encoder, subfolder: 'onnx' });
    expect(onnxFilePath(source)).toBe(join(tiny.encoder, 'onnx', 'model.onnx'));
  });

  it('loads a folder whose model.onnx lies at the top (as optimum-cli writes it)', async () => {
    const folder = await copyWithoutOnnx(tiny.encoder, join(await temporaryDirectory(), 'optimum-layout'));
    await copyFile(join(tiny.encoder, 'onnx', 'model.onnx'), join(folder, 'model.onnx'));
    const source = resolveModelSource({ model: folder, paths }, 'feature-extraction', {});
    expect(source.subfolder).toBe('');
    const model = await loadEmbeddingModel({ model: folder, allowRemoteModels: false });
    try {
      const reference = await loadEmbeddingModel({ model: tiny.encoder, allowRemoteModels: false });
      const [left] = await model.embed(['QT interval']);
      const [right] = await reference.embed(['QT interval']);
      await reference.dispose();
      expect(Array.from(left!)).toEqual(Array.from(right!));
      expect(model.modelFile.path).toBe(join(folder, 'model.onnx'));
    } finally {
      await model.dispose();
    }
  });
});
