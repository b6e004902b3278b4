import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import { ndcgAtK } from '../../lib/rag/ndcg-at-k.js';
import { recallAtK } from '../../lib/rag/recall-at-k.js';
import { reciprocalRank } from '../../lib/rag/reciprocal-rank.js';
import { isRelevantChunk, spansOverlap } from '../../lib/rag/span-overlap.js';

const ranking = (pattern: string): boolean[] => Array.from(pattern, (character) => character === '1');

describe('ndcgAtK', () => {
  // Expected values from scikit-learn 1.2.1 `sklearn.metrics.ndcg_score(y_true, y_score, k=k)` on a 20-item
  // collection: the ranked items first (decreasing scores), the relevant items missing from the ranking
  // right after them, then the rest (script: test/reference/ndcg-reference.py).
  it.each([
    ['01010', 3, 5, 0.49818925746641274],
    ['10000', 1, 5, 1.0],
    ['00001', 2, 3, 0.0],
    ['0110100000', 4, 10, 0.5925120319645861],
    ['01', 1, 2, 0.6309297535714575],
  ])('ranking %s with %i relevant in the collection, k=%i → %f (scikit-learn)', (pattern, total, k, expected) => {
    expect(ndcgAtK(ranking(pattern), total, k)).toBeCloseTo(expected, 12);
  });
});

describe('recallAtK', () => {
  it('is the fraction of all relevant items found in the top k (hand-counted)', () => {
    expect(recallAtK(ranking('0101'), 3, 2)).toBeCloseTo(1 / 3, 15);
    expect(recallAtK(ranking('0101'), 3, 4)).toBeCloseTo(2 / 3, 15);
    expect(recallAtK(ranking('01'), 1, 10)).toBe(1); // a short list counts as padded with non-relevant items
    expect(recallAtK(ranking('00'), 1, 2)).toBe(0);
  });

  it('rejects queries without relevant items and impossible counts', () => {
    expect(() => recallAtK(ranking('00'), 0, 2)).toThrow(InvalidArgumentError);
    expect(() => recallAtK(ranking('11'), 1, 2)).toThrow(/already lists 2 relevant/);
    expect(() => ndcgAtK(ranking('1'), 1, 0)).toThrow(/k/);
  });
});

describe('reciprocalRank', () => {
  it('reproduces the textbook MRR example', () => {
    // Wikipedia, "Mean reciprocal rank": queries with first correct answer at ranks 3, 2 and 1 → MRR 11/18 ≈ 0.61.
    const mean = (reciprocalRank(ranking('001')) + reciprocalRank(ranking('01')) + reciprocalRank(ranking('100'))) / 3;
    expect(mean).toBeCloseTo(11 / 18, 15);
    expect(reciprocalRank(ranking('000'))).toBe(0);
    expect(reciprocalRank(ranking('0001'), 3)).toBe(0); // MRR@3 ignores rank 4
  });
});

describe('relevance by span overlap', () => {
  it('needs the same document and at least one shared character of half-open spans', () => {
    expect(spansOverlap({ start: 0, end: 10 }, { start: 9, end: 12 })).toBe(true);
    expect(spansOverlap({ start: 0, end: 10 }, { start: 10, end: 12 })).toBe(false);
    expect(spansOverlap({ start: 5, end: 6 }, { start: 0, end: 100 })).toBe(true);
    const evidence = { documentId: 'doc-0000000000000001', span: { start: 100, end: 150 } };
    expect(isRelevantChunk({ documentId: 'doc-0000000000000001', span: { start: 0, end: 101 } }, evidence)).toBe(true);
    expect(isRelevantChunk({ documentId: 'doc-0000000000000002', span: { start: 0, end: 1000 } }, evidence)).toBe(false);
  });
});
