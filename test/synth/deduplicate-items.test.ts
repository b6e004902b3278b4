import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import type { McItem, QaItem, SplitName } from '../../lib/schemas/synthesis.js';
import { deduplicateItems } from '../../lib/synth/deduplicate-items.js';
import { buildLeakageReport } from '../../lib/synth/leakage-report.js';

const generator = { provider: 'ollama', model: 'test-model', promptVersion: 'qa-v1' };
const hex = (value: number): string => value.toString(16).padStart(16, '0');

function qa(index: number, question: string, answer: string, split: SplitName, documentIndex: number, chunk = `unit-${documentIndex}`): QaItem {
  return {
    id: `qa-${hex(index)}`,
    question,
    answer,
    source: { documentId: `doc-${hex(documentIndex)}`, chunkId: chunk, sectionPath: [], span: { start: 0, end: 10 } },
    generator,
    split,
    flags: [],
  };
}

function mc(index: number, question: string, options: string[], answer: McItem['answer'], split: SplitName, documentIndex: number, chunk = `unit-${documentIndex}`): McItem {
  return {
    id: `mc-${hex(index)}`,
    question,
    options,
    answer,
    source: { documentId: `doc-${hex(documentIndex)}`, chunkId: chunk, sectionPath: [], span: { start: 0, end: 10 } },
    generator: { ...generator, promptVersion: 'mc-v1' },
    split,
    flags: [],
  };
}

const PR = 'What is the normal duration of the PR interval in adults?';

describe('deduplicateItems', () => {
  it('removes the evaluation-side copy of a cross-split duplicate and the later copy within a split', () => {
    const items = [
      qa(1, PR, '120 to 200 ms.', 'test', 1),
      qa(2, 'Which axis range is normal in adults?', 'From −30° to +90°.', 'train', 2),
      qa(3, PR, '120 to 200 ms', 'train', 3), // exact duplicate of 1 after normalisation
      qa(4, 'Which axis range is normal in adults?', 'From −30° to +90°!', 'train', 4), // exact duplicate of 2
      qa(5, 'What does a delta wave indicate?', 'Ventricular pre-excitation over an accessory pathway.', 'val', 5),
    ];
    const result = deduplicateItems(items, { random: createRandom(1) });
    // Order train → val → test: 2, 3, 4, 5, 1. Pairs: (2, 4) within train, (3, 1) train vs test.
    expect(result.kept.map((item) => item.id)).toEqual(['qa-0000000000000002', 'qa-0000000000000003', 'qa-0000000000000005']);
    expect(result.removed).toEqual([
      { id: 'qa-0000000000000004', duplicateOf: 'qa-0000000000000002', jaccard: 1, kind: 'exact', split: 'train', duplicateOfSplit: 'train' },
      { id: 'qa-0000000000000001', duplicateOf: 'qa-0000000000000003', jaccard: 1, kind: 'exact', split: 'test', duplicateOfSplit: 'train' },
    ]);
  });

  it('removes only the middle of a chain A ≈ B ≈ C when A and C are not similar', () => {
    // Word bigrams, 9 per item. B changes A's last word: shared 8, union 10, J = 0.8. C changes B's first word:
    // shared 7 question bigrams + "iota lambda" = 8, J = 0.8. A vs C: shared 7, union 11, J = 0.636 < 0.7.
    const items = [
      qa(1, 'alpha beta gamma delta epsilon zeta eta theta iota', 'kappa', 'train', 1),
      qa(2, 'alpha beta gamma delta epsilon zeta eta theta iota', 'lambda', 'train', 2),
      qa(3, 'omega beta gamma delta epsilon zeta eta theta iota', 'lambda', 'train', 3),
    ];
    const result = deduplicateItems(items, { random: createRandom(2) });
    expect(result.pairs.map((pair) => [pair.firstId.slice(-1), pair.secondId.slice(-1), pair.jaccard])).toEqual([
      ['1', '2', 8 / 10],
      ['2', '3', 8 / 10],
    ]);
    expect(result.kept.map((item) => item.id.slice(-1))).toEqual(['1', '3']);
  });
});

describe('buildLeakageReport', () => {
  const detection = { method: 'minhash-lsh', jaccardThreshold: 0.7, shingleSize: 2, bands: 32, rowsPerBand: 4 };

  it('counts shared documents, shared chunks and MC test facts taught by Q&A training', () => {
    const qaItems = [
      qa(1, 'Which rhythm shows sawtooth flutter waves?', 'Atrial flutter shows sawtooth flutter waves.', 'train', 1, 'unit-a'),
      qa(2, 'What is the normal QRS duration?', 'Below 120 ms.', 'test', 1, 'unit-b'), // document in training, chunk not
      qa(3, 'What is the QT interval?', 'From QRS onset to T wave end.', 'test', 2, 'unit-c'),
    ];
    const mcItems = [
      mc(1, 'Which rhythm produces sawtooth waves in the inferior leads?', ['Atrial fibrillation', 'Atrial flutter', 'Sinus rhythm', 'Junctional rhythm'], 'B', 'test', 1, 'unit-a'),
      mc(2, 'Which lead is unipolar?', ['I', 'II', 'III', 'aVF'], 'D', 'test', 1, 'unit-a'), // same chunk, other fact
      mc(3, 'Which wave reflects atrial depolarisation?', ['P', 'Q', 'T', 'U'], 'A', 'train', 3, 'unit-d'),
    ];
    const random = createRandom(3);
    const report = buildLeakageReport({
      splitMode: 'within-document',
      seed: 3,
      duplicateDetection: detection,
      qa: qaItems,
      mc: mcItems,
      qaDeduplication: deduplicateItems(qaItems, { random }),
      mcDeduplication: deduplicateItems(mcItems, { random }),
    });
    expect(report.items).toEqual({ qa: { train: 1, val: 0, test: 2 }, mc: { train: 1, val: 0, test: 2 } });
    expect(report.documents).toEqual({ train: 2, val: 0, test: 2 });
    // Training documents {1, 3}, training chunks {unit-a, unit-d}.
    expect(report.sharedSources.qa.test).toEqual({ items: 2, documentAlsoInTraining: 1, chunkAlsoInTraining: 0 });
    expect(report.sharedSources.mc.test).toEqual({ items: 2, documentAlsoInTraining: 2, chunkAlsoInTraining: 2 });
    // mc-1's correct option "Atrial flutter" → stems atrial, flutter, both in qa-1 → score 1; mc-2's "aVF" → 0.
    expect(report.multipleChoiceTestFromQaTraining).toMatchObject({
      mcTestItems: 2,
      sameChunkAsQaTraining: 2,
      factInQaTraining: 1,
      examples: [{ mcId: 'mc-0000000000000001', qaId: 'qa-0000000000000001', chunkId: 'unit-a', score: 1 }],
    });
    expect(report.nearDuplicates.qa).toMatchObject({ pairsAcrossSplits: 0, removed: 0, remainingAcrossSplits: 0 });
  });
});
