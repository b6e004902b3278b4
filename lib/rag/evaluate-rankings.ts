/**
 * Retrieval quality without an LLM. Every question knows the span of text its answer comes from (hand-written
 * questions: the located evidence quote; synthetic questions: the span the generator was given), so each
 * retrieved chunk is either relevant — same document, overlapping span ({@link isRelevantChunk}) — or not,
 * and standard ranking metrics apply: recall@k, reciprocal rank (MRR over questions) and nDCG@k.
 *
 * Means over questions come with seeded nonparametric bootstrap confidence intervals (lib/stats
 * `bootstrapMeanInterval`, resampling questions; percentile intervals by default, because per-question scores
 * take few distinct values — recall@1 is 0 or 1 — where BCa's bias correction is unstable). A question with no relevant chunk in the collection at all
 * (e.g. its evidence was cleaned away) cannot be retrieved and is reported separately, not scored.
 */
import { createRandom } from '../core/random.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { CharacterSpan } from '../schemas/corpus.js';
import { bootstrapMeanInterval } from '../stats/bootstrap-mean-interval.js';
import type { BootstrapMethod } from '../stats/bootstrap-interval-from-replicates.js';
import { ndcgAtK } from './ndcg-at-k.js';
import { recallAtK } from './recall-at-k.js';
import { reciprocalRank } from './reciprocal-rank.js';
import { isRelevantChunk, type DocumentSpan } from './span-overlap.js';

/** A question with the location of its evidence (a QaItem fits). */
export interface RetrievalQuestion {
  id: string;
  question: string;
  source: { documentId: string; span: CharacterSpan };
}

/** A metric name as used in tables: `recall@5`, `mrr`, `ndcg@10`. */
export type MetricName = `recall@${number}` | 'mrr' | `ndcg@${number}`;

/** Per-question scores. */
export interface QuestionScores {
  questionId: string;
  /** Relevant chunks in the whole collection. */
  relevantChunks: number;
  /** 1-based rank of the first relevant chunk in the ranking, or null. */
  firstRelevantRank: number | null;
  scores: Record<string, number>;
}

/** Mean of a metric over questions with its bootstrap interval. */
export interface MetricSummary {
  metric: MetricName;
  mean: number;
  lower: number;
  upper: number;
  level: number;
}

export interface RankingEvaluation {
  /** Questions scored. */
  questions: number;
  /** Ids of questions with no relevant chunk in the collection (not scored). */
  unanswerable: string[];
  perQuestion: QuestionScores[];
  summary: MetricSummary[];
}

export interface EvaluateRankingsOptions {
  questions: readonly RetrievalQuestion[];
  /** Every chunk of the collection (for counting each question's relevant chunks). */
  chunks: ReadonlyArray<DocumentSpan & { id: string }>;
  /** Ranked chunk ids per question id, best first. */
  rankings: ReadonlyMap<string, readonly string[]>;
  /** Cut-offs for recall (default 1, 5, 10, 20). */
  recallAt?: readonly number[];
  /** Cut-offs for nDCG (default 5, 10). */
  ndcgAt?: readonly number[];
  bootstrap?: { seed?: number | string; resamples?: number; level?: number; method?: BootstrapMethod };
}

/** The metric names an evaluation with these cut-offs reports, in table order. */
export function metricNames(recallAt: readonly number[] = [1, 5, 10, 20], ndcgAt: readonly number[] = [5, 10]): MetricName[] {
  return [...recallAt.map((k) => `recall@${k}` as const), 'mrr', ...ndcgAt.map((k) => `ndcg@${k}` as const)];
}

/** Scores every question's ranking and summarises the metrics with bootstrap intervals. */
export function evaluateRankings(options: EvaluateRankingsOptions): RankingEvaluation {
  const recallAt = options.recallAt ?? [1, 5, 10, 20];
  const ndcgAt = options.ndcgAt ?? [5, 10];
  for (const k of [...recallAt, ...ndcgAt]) if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError('k', `cut-offs must be positive integers, got ${k}`);
  const byDocument = new Map<string, Array<DocumentSpan & { id: string }>>();
  for (const chunk of options.chunks) {
    const list = byDocument.get(chunk.documentId) ?? [];
    list.push(chunk);
    byDocument.set(chunk.documentId, list);
  }
  const perQuestion: QuestionScores[] = [];
  const unanswerable: string[] = [];
  for (const question of options.questions) {
    const relevant = new Set(
      (byDocument.get(question.source.documentId) ?? []).filter((chunk) => isRelevantChunk(chunk, question.source)).map((chunk) => chunk.id),
    );
    if (relevant.size === 0) {
      unanswerable.push(question.id);
      continue;
    }
    const ranking = options.rankings.get(question.id);
    if (!ranking) throw new InvalidArgumentError('rankings', `no ranking for question ${question.id}`);
    const relevance = ranking.map((id) => relevant.has(id));
    const firstIndex = relevance.indexOf(true);
    const scores: Record<string, number> = {};
    for (const k of recallAt) scores[`recall@${k}`] = recallAtK(relevance, relevant.size, k);
    scores.mrr = reciprocalRank(relevance);
    for (const k of ndcgAt) scores[`ndcg@${k}`] = ndcgAtK(relevance, relevant.size, k);
    perQuestion.push({ questionId: question.id, relevantChunks: relevant.size, firstRelevantRank: firstIndex === -1 ? null : firstIndex + 1, scores });
  }
  const summary = metricNames(recallAt, ndcgAt).map((metric) => summariseMetric(metric, perQuestion.map((scores) => scores.scores[metric] as number), options.bootstrap));
  return { questions: perQuestion.length, unanswerable, perQuestion, summary };
}

function summariseMetric(metric: MetricName, values: number[], settings: EvaluateRankingsOptions['bootstrap'] = {}): MetricSummary {
  const level = settings.level ?? 0.95;
  if (values.length === 0) return { metric, mean: Number.NaN, lower: Number.NaN, upper: Number.NaN, level };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  // Every resample of identical values has the same mean: the interval is the point (the bootstrap would be
  // degenerate, and BCa undefined).
  if (values.length < 2 || values.every((value) => value === values[0])) return { metric, mean, lower: mean, upper: mean, level };
  const interval = bootstrapMeanInterval(values, {
    // One stream per metric, so adding a metric does not change the others' intervals.
    random: createRandom(settings.seed ?? 'retrieval-evaluation', `retrieval-evaluation:${metric}`),
    resamples: settings.resamples ?? 2000,
    level,
    method: settings.method ?? 'percentile',
  });
  return { metric, mean, lower: interval.lower, upper: interval.upper, level: interval.level };
}
