import { describe, expect, it } from 'vitest';
import type { McItem, QaItem } from '../../lib/schemas/synthesis.js';
import { assembleDatasets } from '../../lib/synth/assemble-datasets.js';
import type { GenerationUnit } from '../../lib/synth/generation-unit.js';

const hex = (value: number): string => value.toString(16).padStart(16, '0');
const TOPICS = ['sinus', 'flutter', 'fibrillation', 'block', 'axis', 'hypertrophy', 'ischaemia', 'pericarditis', 'hyperkalaemia', 'torsades'];

// 10 documents × 2 units; every unit yields 3 Q&A items and 3 MC items testing the same facts.
const units: GenerationUnit[] = [];
const qa: QaItem[] = [];
const mc: McItem[] = [];
for (let document = 0; document < 10; document++) {
  for (let unitIndex = 0; unitIndex < 2; unitIndex++) {
    const unitId = `chunk-${hex(document * 2 + unitIndex)}`;
    const documentId = `doc-${hex(document)}`;
    units.push({ id: unitId, documentId, index: unitIndex, text: 'x', sectionPath: [], span: { start: 0, end: 1 }, pages: null, tokens: 1, splitter: 'test', language: 'en' });
    for (let fact = 0; fact < 3; fact++) {
      const topic = `${TOPICS[document]} ${unitIndex} ${fact}`;
      const source = { documentId, chunkId: unitId, sectionPath: [], span: { start: 0, end: 1 } };
      qa.push({
        id: `qa-${hex(qa.length)}`,
        question: `Which finding characterises ${topic} number ${qa.length}?`,
        answer: `Marker${qa.length} waves with feature${qa.length} in lead${qa.length}.`,
        source,
        generator: { provider: 'test', model: 'test', promptVersion: 'qa-v1' },
        flags: [],
      });
      mc.push({
        id: `mc-${hex(mc.length)}`,
        question: `Which ECG sign belongs to ${topic} item ${mc.length}?`,
        options: [`Marker${mc.length} waves with feature${mc.length}`, `Other${mc.length}a`, `Other${mc.length}b`, `Other${mc.length}c`],
        answer: 'A',
        source,
        generator: { provider: 'test', model: 'test', promptVersion: 'mc-v1' },
        flags: [],
      });
    }
  }
}

describe('assembleDatasets', () => {
  it('document split: no evaluation item shares a document, chunk or fact with training', () => {
    const assembled = assembleDatasets({ units, qa, mc, failures: [] }, { seed: 11 });
    // 10 documents of weight 2 at 0.8/0.1/0.1: 8/1/1 documents, 48/6/6 items of each kind.
    expect(assembled.leakage.documents).toEqual({ train: 8, val: 1, test: 1 });
    expect(assembled.counts).toMatchObject({ qa_train: 48, qa_val: 6, qa_test: 6, mc_train: 48, mc_val: 6, mc_test: 6 });
    expect(assembled.leakage.sharedSources.qa.test).toEqual({ items: 6, documentAlsoInTraining: 0, chunkAlsoInTraining: 0 });
    expect(assembled.leakage.multipleChoiceTestFromQaTraining).toMatchObject({ mcTestItems: 6, sameChunkAsQaTraining: 0, factInQaTraining: 0 });
    expect(assembled.trainChat).toHaveLength(96);
    expect(assembled.valChat).toHaveLength(12);
  });

  it('within-document split (legacy): the leakage report counts what the authors\' split lets through', () => {
    const assembled = assembleDatasets({ units, qa, mc, failures: [] }, { seed: 11, splitMode: 'within-document' });
    // Per document 6 items of each kind, cut as the authors did: ceil(0.2 · 6) = 2 held out, one val, one test.
    expect(assembled.counts).toMatchObject({ qa_train: 40, qa_val: 10, qa_test: 10, mc_train: 40, mc_val: 10, mc_test: 10 });
    // Every validation item's document fed training.
    expect(assembled.leakage.sharedSources.qa.val).toMatchObject({ items: 10, documentAlsoInTraining: 10 });
    expect(assembled.leakage.sharedSources.mc.val).toMatchObject({ items: 10, documentAlsoInTraining: 10 });
    expect(assembled.leakage.sharedSources.qa.test).toMatchObject({ items: 10, documentAlsoInTraining: 10 });
    expect(assembled.leakage.splitMode).toBe('within-document');
  });

  it('within-document split with a test share: MC test items whose fact is taught by Q&A training are found', () => {
    const assembled = assembleDatasets({ units, qa, mc, failures: [] }, { seed: 11, splitMode: 'within-document', ratios: { train: 0.5, val: 0, test: 0.5 } });
    const report = assembled.leakage.multipleChoiceTestFromQaTraining;
    // 6 MC items per document: ceil(0.5 · 6) = 3 held out, all test; each shares its unit with Q&A items.
    expect(report.mcTestItems).toBe(30);
    expect(report.sameChunkAsQaTraining).toBeGreaterThan(0);
    // An MC item's correct option is exactly its twin Q&A answer's words: found whenever the twin is in training.
    const twinInTraining = assembled.mc.filter((item) => {
      if (item.split !== 'test') return false;
      const twin = assembled.qa.find((entry) => entry.id === `qa-${item.id.slice(3)}`);
      return twin?.split === 'train';
    }).length;
    expect(report.factInQaTraining).toBe(twinInTraining);
    expect(twinInTraining).toBeGreaterThan(0);
  });
});
