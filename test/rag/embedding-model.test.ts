import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../lib/core/errors.js';
import { loadEmbeddingModel } from '../../lib/rag/embedding-model.js';
import { OnnxExportMissingError } from '../../lib/rag/rag-errors.js';
import { TINY_HIDDEN_SIZE, tokenVector } from '../../scripts/make-tiny-models.mjs';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { copyWithoutOnnx, useTinyModels } from '../helpers/tiny-models.js';

const tiny = useTinyModels();
const temporaryDirectory = useTemporaryDirectory();

/** LayerNorm with gamma 1, beta 0, eps 1e-12 over one vector (population variance), as ONNX defines it. */
function layerNorm(vector: Float32Array): number[] {
  const mean = vector.reduce((sum, value) => sum + value, 0) / vector.length;
  const variance = vector.reduce((sum, value) => sum + (value - mean) ** 2, 0) / vector.length;
  return Array.from(vector, (value) => (value - mean) / Math.sqrt(variance + 1e-12));
}

/** Independent reference: mean of LayerNorm'd content-token vectors, L2-normalised. */
function referenceEmbedding(contentTokens: string[]): number[] {
  const sum = new Array<number>(TINY_HIDDEN_SIZE).fill(0);
  for (const token of contentTokens) layerNorm(tokenVector(token)).forEach((value, index) => (sum[index]! += value));
  const norm = Math.hypot(...sum);
  return sum.map((value) => value / norm);
}

describe('loadEmbeddingModel on the tiny test encoder', () => {
  it('mean-pools over the attention mask and L2-normalises, matching a hand computation', async () => {
    const model = await loadEmbeddingModel({ model: tiny.encoder, allowRemoteModels: false, cacheDirectory: tiny.root });
    try {
      expect(model.dimension).toBe(TINY_HIDDEN_SIZE);
      const [vector] = await model.embed(['The Bazett formula, and Fridericia!']);
      // Tokens: [CLS] the bazett formula , and fridericia ! [SEP]; specials, function words and punctuation are
      // zero vectors in the tiny model, so only the three content words contribute to the direction.
      const expected = referenceEmbedding(['bazett', 'formula', 'fridericia']);
      expect(vector).toHaveLength(TINY_HIDDEN_SIZE);
      Array.from(vector!).forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 5));
    } finally {
      await model.dispose();
    }
  });

  it('gives the same vector for a text alone and padded in a batch, every vector of unit length', async () => {
    const model = await loadEmbeddingModel({ model: tiny.encoder, allowRemoteModels: false, cacheDirectory: tiny.root });
    try {
      const texts = [
        'QT interval',
        'The electrical axis in the frontal plane is estimated from leads I and aVF, with the hexaxial reference system.',
        'sinus rhythm',
        '',
        'atrial fibrillation',
      ];
      const batched = await model.embed(texts, { batchSize: 3 });
      expect(batched).toHaveLength(texts.length);
      for (const [index, text] of texts.entries()) {
        if (text === '') continue;
        const [alone] = await model.embed([text]);
        Array.from(alone!).forEach((value, dimension) => expect(batched[index]![dimension]).toBeCloseTo(value, 5));
        expect(Math.hypot(...batched[index]!)).toBeCloseTo(1, 5);
      }
      // An empty text has only [CLS]/[SEP], zero states in the tiny model: 0/0 on normalising becomes the zero vector, not NaN.
      expect(Math.hypot(...batched[3]!)).toBe(0);
    } finally {
      await model.dispose();
    }
  });

  it('reports progress per batch and records the ONNX file sha256 in describe()', async () => {
    const model = await loadEmbeddingModel({ model: tiny.encoder, allowRemoteModels: false, cacheDirectory: tiny.root });
    try {
      const ticks: number[] = [];
      let finished = 0;
      await model.embed(['a b', 'c d', 'e f', 'g h', 'i j'], {
        batchSize: 2,
        progress: () => ({ tick: (amount = 1) => ticks.push(amount), done: () => (finished += 1) }),
      });
      expect(ticks).toEqual([2, 2, 1]);
      expect(finished).toBe(1);
      const expectedSha = createHash('sha256').update(await readFile(join(tiny.encoder, 'onnx', 'model.onnx'))).digest('hex');
      expect(model.modelFile.sha256).toBe(expectedSha);
      expect(model.describe()).toMatchObject({ role: 'embedding', id: tiny.encoder, digest: `sha256:${expectedSha}` });
      await expect(model.embed(['x'], { batchSize: 0 })).rejects.toThrow(/batchSize/);
    } finally {
      await model.dispose();
    }
  });

  it('loads a Hub id from the download cache with downloads switched off', async () => {
    const cache = await temporaryDirectory();
    // The cache layout transformers.js writes on download: <cache>/<org>/<name>/<file>.
    await cp(tiny.encoder, join(cache, 'example-org', 'tiny-encoder'), { recursive: true });
    const model = await loadEmbeddingModel({ model: 'example-org/tiny-encoder', allowRemoteModels: false, cacheDirectory: cache });
    try {
      expect(model.id).toBe('example-org/tiny-encoder');
      expect(model.source.kind).toBe('hub');
      expect(model.modelFile.path).toBe(join(cache, 'example-org', 'tiny-encoder', 'onnx', 'model.onnx'));
      expect(model.dimension).toBe(TINY_HIDDEN_SIZE);
    } finally {
      await model.dispose();
    }
  });

  it('says clearly when a model has no ONNX export, and how to make one', async () => {
    const folder = await copyWithoutOnnx(tiny.encoder, join(await temporaryDirectory(), 'pytorch-only'));
    const local = loadEmbeddingModel({ model: folder, allowRemoteModels: false });
    await expect(local).rejects.toBeInstanceOf(OnnxExportMissingError);
    await expect(local).rejects.toThrow(/optimum-cli export onnx --model .*pytorch-only --task feature-extraction/);

    // The same for a Hub id whose cached files have no onnx/ folder.
    const cache = await temporaryDirectory();
    await mkdir(join(cache, 'example-org'), { recursive: true });
    await cp(folder, join(cache, 'example-org', 'no-onnx'), { recursive: true });
    const hub = loadEmbeddingModel({ model: 'example-org/no-onnx', allowRemoteModels: false, cacheDirectory: cache });
    await expect(hub).rejects.toBeInstanceOf(OnnxExportMissingError);
    await expect(hub).rejects.toThrow(/optimum-cli export onnx --model example-org\/no-onnx/);
  });

  it('names the missing file of an incomplete model folder or an uncached Hub model', async () => {
    const folder = join(await temporaryDirectory(), 'no-tokenizer');
    await cp(tiny.encoder, folder, { recursive: true });
    await rm(join(folder, 'tokenizer.json'));
    await expect(loadEmbeddingModel({ model: folder, allowRemoteModels: false })).rejects.toThrow(NotFoundError);
    await expect(loadEmbeddingModel({ model: folder, allowRemoteModels: false })).rejects.toThrow(/no-tokenizer\/tokenizer\.json/);
    await expect(loadEmbeddingModel({ model: './does/not/exist', allowRemoteModels: false })).rejects.toThrow(/model folder not found/);
    const empty = await temporaryDirectory();
    const uncached = loadEmbeddingModel({ model: 'example-org/not-downloaded', allowRemoteModels: false, cacheDirectory: empty });
    await expect(uncached).rejects.toBeInstanceOf(NotFoundError);
    await expect(uncached).rejects.toThrow(/Downloads are switched off/);
  });
});
