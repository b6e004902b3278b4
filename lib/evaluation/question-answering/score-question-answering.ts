/**
 * The Q&A scorer: a system answers one question, and the answer is scored against the reference with
 * - `bleu`: sentence BLEU exactly as sacrebleu 2.x (13a, exp smoothing, effective order; 0–100);
 * - `bleu_legacy`: the authors' NLTK sentence BLEU (whitespace tokens, no smoothing; 0–1), §5.4;
 * - `rouge1`, `rouge2`, `rougeL`, `rougeLsum` F-measures and their `_precision` / `_recall`, exactly as
 *   rouge-score with the Porter stemmer (the authors' `use_stemmer=True`);
 * - optionally `judge_score` (1–5, null when the verdict could not be parsed) and `judge_unparseable` from an
 *   absolute-grading judge that sees the question, the answer and the reference.
 */
import type { ChatRequest } from '../../llm/chat-model.js';
import type { QaEvaluationItem } from '../../schemas/evaluation.js';
import { gradeAbsolute } from '../judge/grade-absolute.js';
import { nltkSentenceBleu } from '../metrics/nltk-sentence-bleu.js';
import { rougeScore } from '../metrics/rouge-score.js';
import { sentenceBleu } from '../metrics/sentence-bleu.js';
import type { EvaluationSystemHandle } from '../evaluation-system.js';
import type { EvaluationScorer } from '../run-evaluation.js';
import { questionAnsweringMessages, questionAnsweringRequestDefaults, withLegacyAssistantPrefix, type QuestionAnsweringPromptStyle } from './question-answering-prompt.js';

export const ROUGE_TYPES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const;

/** The metric names a Q&A run writes (without a judge). */
export const QUESTION_ANSWERING_METRICS: readonly string[] = [
  'bleu',
  'bleu_legacy',
  ...ROUGE_TYPES.flatMap((type) => [type, `${type}_precision`, `${type}_recall`]),
];

export interface QuestionAnsweringScorerOptions {
  style?: QuestionAnsweringPromptStyle;
  /** Prefix every hypothesis with the authors' `assistant` artefact (§5.3) before scoring. */
  legacyAssistantPrefix?: boolean;
  /** Porter stemming in ROUGE (default true, as the authors). */
  rougeStemmer?: boolean;
  /** An absolute-grading judge (Prometheus style, 1–5) with the reference answer. */
  judge?: EvaluationSystemHandle;
  context?: (system: EvaluationSystemHandle, item: QaEvaluationItem) => Promise<string | undefined>;
}

/**
 * Per-item metrics of one hypothesis against one reference (see the module comment).
 *
 * @example
 * questionAnsweringMetrics('Pre-excitation via an accessory pathway.', 'A delta wave indicates pre-excitation.');
 */
export function questionAnsweringMetrics(hypothesis: string, reference: string, options: { rougeStemmer?: boolean } = {}): Record<string, number> {
  const rouge = rougeScore(reference, hypothesis, { types: [...ROUGE_TYPES], useStemmer: options.rougeStemmer ?? true });
  const metrics: Record<string, number> = {
    bleu: sentenceBleu(hypothesis, [reference]).score,
    bleu_legacy: nltkSentenceBleu(hypothesis, [reference]),
  };
  for (const type of ROUGE_TYPES) {
    metrics[type] = rouge[type]!.fmeasure;
    metrics[`${type}_precision`] = rouge[type]!.precision;
    metrics[`${type}_recall`] = rouge[type]!.recall;
  }
  return metrics;
}

/**
 * Creates the scorer.
 *
 * @example
 * const scorer = questionAnsweringScorer({ style: 'default' });
 */
export function questionAnsweringScorer(options: QuestionAnsweringScorerOptions = {}): EvaluationScorer<QaEvaluationItem> {
  const style = options.style ?? 'default';
  const defaults = questionAnsweringRequestDefaults(style);
  return async (system, item) => {
    const context = options.context && system.system.rag ? await options.context(system, item) : undefined;
    const generation = system.system.generation;
    const request: ChatRequest = {
      messages: questionAnsweringMessages(item.question, style, { baseModel: system.system.base, ...(context ? { context } : {}) }),
      temperature: generation.temperature ?? defaults.temperature,
      ...((generation.topP ?? defaults.topP) !== undefined ? { topP: generation.topP ?? defaults.topP } : {}),
      maxTokens: generation.maxTokens ?? defaults.maxTokens,
      ...(generation.seed !== undefined ? { seed: generation.seed } : {}),
    };
    const response = await system.model.chat(request);
    const answer = response.text.trim();
    const hypothesis = options.legacyAssistantPrefix ? withLegacyAssistantPrefix(answer) : answer;
    const metrics: Record<string, number | null> = questionAnsweringMetrics(hypothesis, item.answer, { rougeStemmer: options.rougeStemmer ?? true });
    let judgeRaw: string | undefined;
    if (options.judge) {
      const grade = await gradeAbsolute(options.judge.model, { question: item.question, answer, reference: item.answer });
      metrics.judge_score = grade.score;
      metrics.judge_unparseable = grade.parsed ? 0 : 1;
      judgeRaw = grade.raw;
    }
    return {
      metrics,
      reply: {
        reply: response.text,
        parse: { value: hypothesis, rule: options.legacyAssistantPrefix ? 'legacy-assistant-prefix' : 'trimmed' },
        finishReason: response.finishReason,
        model: response.model,
        ...(response.cached ? { cached: true } : {}),
        ...(judgeRaw !== undefined ? { judge: judgeRaw } : {}),
      },
    };
  };
}
