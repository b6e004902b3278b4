import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidArgumentError } from '../../../lib/core/errors.js';
import { bertScore, PAPER_BERT_SCORE_SETTINGS } from '../../../lib/evaluation/metrics/bert-score.js';
import { legacyBertScoreLabels } from '../../../lib/evaluation/metrics/legacy-bert-score-labels.js';
import {
  buildVocabulary,
  layeredLayerMatrix,
  layeredTokenVector,
  makeTinyLayeredEncoder,
  makeTinyEncoder,
  TINY_HIDDEN_SIZE,
} from '../../../scripts/make-tiny-models.mjs';
import { expectClose } from '../../stats/expect-close.js';

// The expected values are recomputed here independently of lib/: the tiny layered encoder's hidden states
// follow from its definition (scripts/make-tiny-models.mjs: hidden_states.0 = LayerNorm(word vector),
// hidden_states.k = tanh(hidden_states.(k-1) · A_k)), computed in float64, and BERTScore from the paper's
// equations (Zhang et al., ICLR 2020) with plain loops: special tokens weigh 0, other tokens 1 or their idf.
// The model computes in float32, hence the 1e-5 tolerance.
const TOLERANCE = 1e-5;

const vocabulary = buildVocabulary();

function layerNorm(vector: Float32Array): number[] {
  const mean = vector.reduce((sum, value) => sum + value, 0) / vector.length;
  const variance = vector.reduce((sum, value) => sum + (value - mean) ** 2, 0) / vector.length;
  return Array.from(vector, (value) => (value - mean) / Math.sqrt(variance + 1e-12));
}

function hiddenState(token: string, layer: number): number[] {
  let state = layerNorm(layeredTokenVector(token));
  for (let k = 1; k <= layer; k++) {
    const matrix = layeredLayerMatrix(k);
    state = Array.from({ length: TINY_HIDDEN_SIZE }, (_, column) => {
      let sum = 0;
      for (let row = 0; row < TINY_HIDDEN_SIZE; row++) sum += (state[row] as number) * (matrix[row * TINY_HIDDEN_SIZE + column] as number);
      return Math.tanh(sum);
    });
  }
  return state;
}

/** [CLS] + the words (all in the tiny vocabulary, lowercase) + [SEP]. */
function tokensOf(text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  for (const word of words) expect(vocabulary[word], `"${word}" is in the tiny vocabulary`).toBeDefined();
  return ['[CLS]', ...words, '[SEP]'];
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  a.forEach((value, index) => {
    dot += value * (b[index] as number);
    normA += value * value;
    normB += (b[index] as number) ** 2;
  });
  return dot / Math.sqrt(normA * normB);
}

function expectedScore(candidate: string, reference: string, layer: number, weight: (token: string) => number) {
  const c = tokensOf(candidate);
  const r = tokensOf(reference);
  const cVectors = c.map((token) => hiddenState(token, layer));
  const rVectors = r.map((token) => hiddenState(token, layer));
  const side = (tokens: string[], own: number[][], other: number[][]) => {
    let weighted = 0;
    let total = 0;
    tokens.forEach((token, index) => {
      const w = token === '[CLS]' || token === '[SEP]' ? 0 : weight(token);
      weighted += w * Math.max(...other.map((vector) => cosine(own[index]!, vector)));
      total += w;
    });
    return weighted / total;
  };
  const precision = side(c, cVectors, rVectors);
  const recall = side(r, rVectors, cVectors);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

const CANDIDATES = ['sinus rhythm with normal axis', 'atrial fibrillation', 'the qt interval is prolonged'];
const REFERENCES = ['normal sinus rhythm', 'atrial fibrillation with fast ventricular rate', 'prolonged qt interval'];

describe('bertScore on the tiny layered encoder', () => {
  let root = '';
  let layered = '';
  let plain = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ecg-llm-bertscore-'));
    layered = await makeTinyLayeredEncoder(join(root, 'layered'));
    plain = await makeTinyEncoder(join(root, 'plain'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.each([0, 1, 2])('matches the independent computation on hidden layer %i', async (layer) => {
    const result = await bertScore(CANDIDATES, REFERENCES, { model: layered, layer, allowRemoteModels: false });
    CANDIDATES.forEach((candidate, index) => {
      const expected = expectedScore(candidate, REFERENCES[index]!, layer, () => 1);
      expectClose(result.precision[index]!, expected.precision, 0, TOLERANCE);
      expectClose(result.recall[index]!, expected.recall, 0, TOLERANCE);
      expectClose(result.f1[index]!, expected.f1, 0, TOLERANCE);
    });
    expect(result.settings).toEqual({ model: layered, layer, idf: false, rescaled: false, addPrefixSpace: false });
  });

  it('uses last_hidden_state without a layer (= the last layer), and the layer changes the scores', async () => {
    const last = await bertScore(CANDIDATES, REFERENCES, { model: layered, allowRemoteModels: false });
    const two = await bertScore(CANDIDATES, REFERENCES, { model: layered, layer: 2, allowRemoteModels: false });
    const zero = await bertScore(CANDIDATES, REFERENCES, { model: layered, layer: 0, allowRemoteModels: false });
    expect(last.f1).toEqual(two.f1);
    expect(last.settings.layer).toBe('last');
    expect(Math.abs(zero.f1[0]! - two.f1[0]!)).toBeGreaterThan(1e-3);
  });

  it('weights tokens by idf over the references: ln((N+1)/(df+1)), unseen ln(N+1)', async () => {
    const result = await bertScore(CANDIDATES, REFERENCES, { model: layered, layer: 1, idf: true, allowRemoteModels: false });
    const documentFrequency = new Map<string, number>();
    for (const text of REFERENCES) for (const token of new Set(tokensOf(text))) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
    const idf = (token: string) => Math.log((REFERENCES.length + 1) / ((documentFrequency.get(token) ?? 0) + 1));
    CANDIDATES.forEach((candidate, index) => {
      const expected = expectedScore(candidate, REFERENCES[index]!, 1, idf);
      expectClose(result.precision[index]!, expected.precision, 0, TOLERANCE);
      expectClose(result.recall[index]!, expected.recall, 0, TOLERANCE);
      expectClose(result.f1[index]!, expected.f1, 0, TOLERANCE);
    });
    expect(result.settings.idf).toBe(true);
  });

  it('rescales each of P, R and F1 with the baseline: (x - b) / (1 - b)', async () => {
    const raw = await bertScore(CANDIDATES, REFERENCES, { model: layered, layer: 1, allowRemoteModels: false });
    const baseline = PAPER_BERT_SCORE_SETTINGS.baseline;
    const rescaled = await bertScore(CANDIDATES, REFERENCES, { model: layered, layer: 1, baseline, allowRemoteModels: false });
    raw.f1.forEach((value, index) => {
      expectClose(rescaled.precision[index]!, (raw.precision[index]! - baseline.precision) / (1 - baseline.precision));
      expectClose(rescaled.recall[index]!, (raw.recall[index]! - baseline.recall) / (1 - baseline.recall));
      expectClose(rescaled.f1[index]!, (value - baseline.f1) / (1 - baseline.f1));
    });
    expect(rescaled.settings.rescaled).toBe(true);
    // An identical pair scores 1 raw and stays 1 after rescaling.
    const same = await bertScore(['sinus rhythm'], ['sinus rhythm'], { model: layered, baseline, allowRemoteModels: false });
    expectClose(same.f1[0]!, 1, 0, TOLERANCE);
  });

  it("labels P, R and F1 correctly; the legacy triple is the authors' mislabelled one", async () => {
    // Candidate shorter than its reference: precision (candidate side) exceeds recall.
    const result = await bertScore(['atrial fibrillation'], ['atrial fibrillation with fast ventricular rate'], { model: layered, layer: 1, allowRemoteModels: false });
    expect(result.precision[0]!).toBeGreaterThan(result.recall[0]!);
    expectClose(result.precision[0]!, 1, 0, TOLERANCE);
    const legacy = legacyBertScoreLabels(result);
    expect(legacy.f1).toEqual(result.precision);
    expect(legacy.recall).toEqual(result.f1);
  });

  it('reports progress over the distinct texts it embeds', async () => {
    const events: string[] = [];
    const progress = (label: string, total?: number) => {
      events.push(`start ${label} ${total}`);
      return { tick: (amount = 1) => events.push(`tick ${amount}`), done: () => events.push('done') };
    };
    // 'sinus rhythm' appears twice: 3 distinct texts, embedded in batches of 2.
    await bertScore(['sinus rhythm', 'normal axis'], ['sinus rhythm', 'atrial fibrillation'], { model: layered, batchSize: 2, progress, allowRemoteModels: false });
    expect(events).toEqual(['start BERTScore: embedding texts 3', 'tick 2', 'tick 1', 'done']);
  });

  it('gives 0 for an empty candidate, as bert-score does', async () => {
    const result = await bertScore(['   '], ['sinus rhythm'], { model: layered, allowRemoteModels: false });
    expect([result.precision[0], result.recall[0], result.f1[0]]).toEqual([0, 0, 0]);
  });

  it('names the missing output when the model does not export the requested hidden state', async () => {
    const error = await bertScore(['sinus rhythm'], ['sinus rhythm'], { model: plain, layer: 17, allowRemoteModels: false }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('hidden_states.17');
  });

  it('refuses unequal numbers of candidates and references', async () => {
    await expect(bertScore(['a'], [], { model: layered })).rejects.toThrow(/one reference per candidate/);
    const invalid = await bertScore(['a'], ['a'], { model: '' }).catch((thrown: unknown) => thrown);
    expect(invalid).toBeInstanceOf(InvalidArgumentError);
    expect((invalid as InvalidArgumentError).argument).toBe('options');
  });
});
