import { describe, expect, it } from 'vitest';
import { evaluateRankings, metricNames, type RetrievalQuestion } from '../../lib/rag/evaluate-rankings.js';

const documentId = 'doc-00000000000000a1';
// Six chunks of 100 characters with 20 characters of overlap: [0,100), [80,180), [160,260), ...
const chunks = Array.from({ length: 6 }, (_, index) => ({ id: `c${index}`, documentId, span: { start: index * 80, end: index * 80 + 100 } }));

describe('evaluateRankings', () => {
  it('scores each question from span overlap with hand-computed values', () => {
    const questions: RetrievalQuestion[] = [
      // Evidence [85, 95) lies in c0 [0,100) and c1 [80,180): two relevant chunks.
      { id: 'q1', question: 'one', source: { documentId, span: { start: 85, end: 95 } } },
      // Evidence [300, 310) lies only in c3 [240,340).
      { id: 'q2', question: 'two', source: { documentId, span: { start: 300, end: 310 } } },
      // Evidence in another document: no relevant chunk anywhere.
      { id: 'q3', question: 'three', source: { documentId: 'doc-00000000000000b2', span: { start: 0, end: 5 } } },
    ];
    const rankings = new Map([
      ['q1', ['c5', 'c1', 'c0']],
      ['q2', ['c0', 'c1', 'c2', 'c4', 'c5']],
      ['q3', ['c0']],
    ]);
    const result = evaluateRankings({ questions, chunks, rankings, recallAt: [1, 3], ndcgAt: [3] });
    expect(result.unanswerable).toEqual(['q3']);
    expect(result.questions).toBe(2);
    const [first, second] = result.perQuestion;
    expect(first).toMatchObject({ questionId: 'q1', relevantChunks: 2, firstRelevantRank: 2 });
    // recall@1 = 0/2, recall@3 = 2/2, RR = 1/2, nDCG@3 = (1/log2 3 + 1/log2 4) / (1 + 1/log2 3).
    expect(first!.scores['recall@1']).toBe(0);
    expect(first!.scores['recall@3']).toBe(1);
    expect(first!.scores.mrr).toBe(0.5);
    expect(first!.scores['ndcg@3']).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)), 12);
    expect(second).toMatchObject({ questionId: 'q2', relevantChunks: 1, firstRelevantRank: null, scores: { 'recall@1': 0, 'recall@3': 0, mrr: 0, 'ndcg@3': 0 } });
    expect(result.summary.map((entry) => entry.metric)).toEqual(['recall@1', 'recall@3', 'mrr', 'ndcg@3']);
    const recall3 = result.summary[1]!;
    expect(recall3.mean).toBe(0.5);
    // All-equal scores give a point interval.
    expect(result.summary[0]).toMatchObject({ mean: 0, lower: 0, upper: 0 });
  });

  it('gives seeded bootstrap intervals that agree with the normal approximation for a proportion', () => {
    // 100 questions, 60 with the relevant chunk at rank 1: recall@1 = 0.6. The Wald interval (textbook normal
    // approximation) is 0.6 ± 1.959964 * sqrt(0.6 * 0.4 / 100) = [0.50398, 0.69602]; the percentile bootstrap of
    // a mean converges to it for n = 100.
    const questions: RetrievalQuestion[] = Array.from({ length: 100 }, (_, index) => ({ id: `q${index}`, question: 'x', source: { documentId, span: { start: 10, end: 20 } } }));
    const rankings = new Map(questions.map((question, index) => [question.id, index < 60 ? ['c0'] : ['c5']]));
    const evaluate = (seed: number) =>
      evaluateRankings({ questions, chunks, rankings, recallAt: [1], ndcgAt: [1], bootstrap: { seed, resamples: 4000 } }).summary[0]!;
    const interval = evaluate(7);
    expect(interval.mean).toBeCloseTo(0.6, 12);
    expect(interval.lower).toBeCloseTo(0.504, 1);
    expect(interval.upper).toBeCloseTo(0.696, 1);
    expect(Math.abs(interval.lower - 0.50398)).toBeLessThan(0.02);
    expect(Math.abs(interval.upper - 0.69602)).toBeLessThan(0.02);
    expect(evaluate(7)).toEqual(interval); // same seed, same interval
    expect(evaluate(8)).not.toEqual(interval);
  });

  it('lists metric names in table order and needs a ranking for every answerable question', () => {
    expect(metricNames()).toEqual(['recall@1', 'recall@5', 'recall@10', 'recall@20', 'mrr', 'ndcg@5', 'ndcg@10']);
    expect(() =>
      evaluateRankings({ questions: [{ id: 'q', question: 'x', source: { documentId, span: { start: 0, end: 5 } } }], chunks, rankings: new Map() }),
    ).toThrow(/no ranking for question q/);
  });
});
