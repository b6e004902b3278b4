import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import type { SplitName } from '../../lib/schemas/synthesis.js';
import {
  allocateByRatios,
  allocateLikeAuthors,
  assignDocumentSplits,
  parseSplitRatios,
  splitWithinDocuments,
} from '../../lib/synth/dataset-splits.js';

const documentIds = (count: number): string[] => Array.from({ length: count }, (_, index) => `doc-${index.toString(16).padStart(16, '0')}`);

function countSplits(assignment: ReadonlyMap<string, SplitName>): Record<SplitName, number> {
  const counts: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  for (const split of assignment.values()) counts[split]++;
  return counts;
}

describe('allocateByRatios', () => {
  it("uses largest-remainder (Hamilton) rounding", () => {
    // 11 × (0.8, 0.1, 0.1) = (8.8, 1.1, 1.1): floors (8, 1, 1), one seat left, largest remainder 0.8 → train.
    expect(allocateByRatios(11, { train: 0.8, val: 0.1, test: 0.1 })).toEqual({ train: 9, val: 1, test: 1 });
    // 7 × (0.7, 0.15, 0.15) = (4.9, 1.05, 1.05): floors (4, 1, 1), the seat goes to train.
    expect(allocateByRatios(7, { train: 0.7, val: 0.15, test: 0.15 })).toEqual({ train: 5, val: 1, test: 1 });
    // 10 × (0.8, 0.1, 0.1) is exact despite 0.1 not being representable.
    expect(allocateByRatios(10, { train: 0.8, val: 0.1, test: 0.1 })).toEqual({ train: 8, val: 1, test: 1 });
    expect(allocateByRatios(1, { train: 0.8, val: 0.1, test: 0.1 })).toEqual({ train: 1, val: 0, test: 0 });
    // 3 × (0.5, 0.5, 0) = (1.5, 1.5, 0): tie in the remainder goes to train; test (ratio 0) gets nothing.
    expect(allocateByRatios(3, { train: 0.5, val: 0.5, test: 0 })).toEqual({ train: 2, val: 1, test: 0 });
  });
});

describe('allocateLikeAuthors', () => {
  it("rounds the held-out part up as scikit-learn's train_test_split does", () => {
    // sklearn.model_selection.train_test_split(range(n), test_size=0.2) holds out ceil(0.2 n): n = 10 → 2, 11 → 3,
    // 6 → 2, 4 → 1 (scikit-learn 1.2.1, random_state 42); the held-out part is then halved with the test half rounded up.
    const ratios = { train: 0.8, val: 0.1, test: 0.1 };
    expect(allocateLikeAuthors(10, ratios)).toEqual({ train: 8, val: 1, test: 1 });
    expect(allocateLikeAuthors(11, ratios)).toEqual({ train: 8, val: 1, test: 2 });
    expect(allocateLikeAuthors(6, ratios)).toEqual({ train: 4, val: 1, test: 1 });
    // A held-out part of one item goes to validation; a document with one item goes to training.
    expect(allocateLikeAuthors(4, ratios)).toEqual({ train: 3, val: 1, test: 0 });
    expect(allocateLikeAuthors(1, ratios)).toEqual({ train: 1, val: 0, test: 0 });
    expect(allocateLikeAuthors(5, { train: 0.5, val: 0, test: 0.5 })).toEqual({ train: 2, val: 0, test: 3 });
  });
});

describe('parseSplitRatios', () => {
  it('parses train,val,test and rejects malformed or non-summing ratios', () => {
    expect(parseSplitRatios('0.7, 0.15, 0.15')).toEqual({ train: 0.7, val: 0.15, test: 0.15 });
    expect(() => parseSplitRatios('0.8,0.1')).toThrow(InvalidArgumentError);
    expect(() => parseSplitRatios('0.8,0.1,0.2')).toThrow(/sum to 1/);
    expect(() => parseSplitRatios('0,0.5,0.5')).toThrow(/training ratio/);
    expect(() => parseSplitRatios('0.8,x,0.1')).toThrow(/three comma-separated/);
  });
});

describe('assignDocumentSplits', () => {
  it('assigns every document exactly once, approaching the ratios by document weight', () => {
    const ids = documentIds(200);
    const assignment = assignDocumentSplits(ids.map((id) => ({ id })), { seed: 42 });
    expect(assignment.size).toBe(200);
    // With equal weights the deficit rule keeps every split within one document of its target 160/20/20.
    const counts = countSplits(assignment);
    expect(Math.abs(counts.train - 160)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.val - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.test - 20)).toBeLessThanOrEqual(1);
  });

  it('balances weights: a heavy document does not push the item-level ratios off target', () => {
    const documents = [{ id: 'book', weight: 50 }, ...documentIds(50).map((id) => ({ id, weight: 1 }))];
    const assignment = assignDocumentSplits(documents, { seed: 7 });
    const weightIn: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
    for (const document of documents) weightIn[assignment.get(document.id) as SplitName] += document.weight;
    // Total weight 100. The book always has the largest deficit in train (0.8 of the running total); a unit-weight
    // document only enters val or test while that split is below target, so neither exceeds 10 + 1.
    expect(assignment.get('book')).toBe('train');
    for (const split of ['val', 'test'] as const) {
      expect(weightIn[split]).toBeGreaterThanOrEqual(1);
      expect(weightIn[split]).toBeLessThanOrEqual(11);
    }
    expect(weightIn.train + weightIn.val + weightIn.test).toBe(100);
  });

  it('is deterministic, independent of input order, and changes with the seed', () => {
    const ids = documentIds(30);
    const first = assignDocumentSplits(ids.map((id) => ({ id })), { seed: 1 });
    const reversed = assignDocumentSplits([...ids].reverse().map((id) => ({ id })), { seed: 1 });
    expect([...reversed.entries()].sort()).toEqual([...first.entries()].sort());
    const other = assignDocumentSplits(ids.map((id) => ({ id })), { seed: 2 });
    expect([...other.entries()].sort()).not.toEqual([...first.entries()].sort());
  });

  it('gives every requested split a document when there are at least as many documents as splits', () => {
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      expect(countSplits(assignDocumentSplits(documentIds(3).map((id) => ({ id })), { seed }))).toEqual({ train: 1, val: 1, test: 1 });
      const four = countSplits(assignDocumentSplits(documentIds(4).map((id) => ({ id })), { seed }));
      expect(four.val).toBeGreaterThanOrEqual(1);
      expect(four.test).toBeGreaterThanOrEqual(1);
    }
    expect(countSplits(assignDocumentSplits(documentIds(5).map((id) => ({ id })), { seed: 1, ratios: { train: 0.5, val: 0.5, test: 0 } })).test).toBe(0);
  });

  it('rejects non-positive weights', () => {
    expect(() => assignDocumentSplits([{ id: 'a', weight: 0 }], { seed: 1 })).toThrow(/weight/);
  });
});

describe('splitWithinDocuments (legacy)', () => {
  it('cuts each document by the ratios, deterministically', () => {
    const items = [
      ...Array.from({ length: 10 }, (_, index) => ({ id: `a${index}`, documentId: 'doc-a' })),
      ...Array.from({ length: 11 }, (_, index) => ({ id: `b${index}`, documentId: 'doc-b' })),
      { id: 'c0', documentId: 'doc-c' },
    ];
    const assignment = splitWithinDocuments(items, { seed: 3 });
    const perDocument = (prefix: string): Record<SplitName, number> =>
      countSplits(new Map([...assignment].filter(([id]) => id.startsWith(prefix))));
    // allocateLikeAuthors: 10 → 8/1/1, 11 → 8/1/2, 1 → 1/0/0.
    expect(perDocument('a')).toEqual({ train: 8, val: 1, test: 1 });
    expect(perDocument('b')).toEqual({ train: 8, val: 1, test: 2 });
    expect(perDocument('c')).toEqual({ train: 1, val: 0, test: 0 });
    expect([...splitWithinDocuments([...items].reverse(), { seed: 3 })].sort()).toEqual([...assignment].sort());
  });
});
