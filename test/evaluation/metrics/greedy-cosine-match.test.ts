import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bertScoreIdf } from '../../../lib/evaluation/metrics/bert-score-idf.js';
import { greedyCosineMatch, type BertScoreTriple, type WeightedTokenEmbeddings } from '../../../lib/evaluation/metrics/greedy-cosine-match.js';
import { legacyBertScoreLabels } from '../../../lib/evaluation/metrics/legacy-bert-score-labels.js';
import { expectClose, expectInvalidArgument } from '../../stats/expect-close.js';

// Expected values: test/reference/bertscore-greedy.json, written by test/reference/bertscore_greedy.py (numpy 1.24
// matrix algebra over seeded random vectors, from the equations of Zhang et al., ICLR 2020).
const reference = JSON.parse(readFileSync(new URL('../../reference/bertscore-greedy.json', import.meta.url), 'utf8')) as {
  cases: { candidate: WeightedTokenEmbeddings; reference: WeightedTokenEmbeddings; expected: BertScoreTriple }[];
};

describe('greedyCosineMatch against numpy', () => {
  it.each(reference.cases.map((each, index) => [index, each] as const))('case %i', (_index, { candidate, reference: ref, expected }) => {
    const actual = greedyCosineMatch(candidate, ref);
    expectClose(actual.precision, expected.precision, 1e-12, 1e-15);
    expectClose(actual.recall, expected.recall, 1e-12, 1e-15);
    expectClose(actual.f1, expected.f1, 1e-12, 1e-15);
  });

  it('gives 0 for a text with only special tokens (bert-score: "Empty candidate sentence detected")', () => {
    const empty = { vectors: [[1, 0], [0, 1]], weights: [0, 0] };
    const text = { vectors: [[1, 0], [1, 1], [0, 1]], weights: [0, 1, 0] };
    expect(greedyCosineMatch(empty, text)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(greedyCosineMatch(text, empty)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('matches against special tokens too (they are targets, only their weight is 0)', () => {
    // Hand computation: the candidate's only weighted token [1, 0] is closest to the reference's [CLS]-like
    // first token [1, 0] (cos 1), not to the weighted token [0, 1] (cos 0): P = 1. The reference's weighted token
    // [0, 1] has best cosine 1/√2 with the candidate's [1, 1] end token: R = 0.7071...
    const candidate = { vectors: [[0, -1], [1, 0], [1, 1]], weights: [0, 1, 0] };
    const ref = { vectors: [[1, 0], [0, 1], [-1, 0]], weights: [0, 1, 0] };
    const triple = greedyCosineMatch(candidate, ref);
    expectClose(triple.precision, 1);
    expectClose(triple.recall, Math.SQRT1_2, 1e-15);
    expectClose(triple.f1, (2 * Math.SQRT1_2) / (1 + Math.SQRT1_2), 1e-15);
  });

  it('refuses mismatched vectors and weights', () => {
    expectInvalidArgument(() => greedyCosineMatch({ vectors: [[1]], weights: [] }, { vectors: [[1]], weights: [1] }), 'candidate');
    expectInvalidArgument(() => greedyCosineMatch({ vectors: [[1]], weights: [1] }, { vectors: [], weights: [] }), 'reference');
  });
});

describe('bertScoreIdf', () => {
  it('is ln((N+1)/(df+1)), ln(N+1) for unseen ids, 0 for tokens in every reference (hand computation)', () => {
    // Three references with ids: 2 and 3 in all (special tokens), 10 in two, 11 in one (twice, counted once).
    const idf = bertScoreIdf([[2, 10, 3], [2, 10, 11, 11, 3], [2, 12, 3]]);
    expect(idf.weights.get(2)).toBe(0);
    expect(idf.weights.get(3)).toBe(0);
    expectClose(idf.weights.get(10)!, Math.log(4 / 3));
    expectClose(idf.weights.get(11)!, Math.log(4 / 2));
    expectClose(idf.unseen, Math.log(4));
  });
});

describe('legacyBertScoreLabels', () => {
  it("relabels (P, R, F1) as the authors' (f1, precision, recall) (authors-pipeline §5.4)", () => {
    const labels = legacyBertScoreLabels({ precision: [0.1, 0.2], recall: [0.3, 0.4], f1: [0.5, 0.6] });
    expect(labels).toEqual({ f1: [0.1, 0.2], precision: [0.3, 0.4], recall: [0.5, 0.6] });
  });
});
