import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { ensureTinyTestModels } from '../../lib/rag/tiny-test-models.js';
import { makeTinyModels } from '../../scripts/make-tiny-models.mjs';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

describe('ensureTinyTestModels', () => {
  it('generates the tiny models into the workspace cache once, byte-identical to the generator run in process', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const models = await ensureTinyTestModels(paths);
    expect(models.encoder).toBe(join(root, '.cache', 'tiny-models', 'tiny-bert-encoder'));
    const firstWrite = (await stat(join(models.encoder, 'onnx', 'model.onnx'))).mtimeMs;
    await ensureTinyTestModels(paths);
    expect((await stat(join(models.encoder, 'onnx', 'model.onnx'))).mtimeMs).toBe(firstWrite);
    // Deterministic: a second generation elsewhere gives the same bytes.
    const reference = await makeTinyModels(join(await temporaryDirectory(), 'models'));
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', join('onnx', 'model.onnx')]) {
      expect(Buffer.compare(await readFile(join(models.encoder, file)), await readFile(join(reference.encoder, file))), file).toBe(0);
      expect(Buffer.compare(await readFile(join(models.crossEncoder, file)), await readFile(join(reference.crossEncoder, file))), file).toBe(0);
    }
  });
});
