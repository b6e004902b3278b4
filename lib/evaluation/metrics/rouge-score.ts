import { InvalidArgumentError } from '../../core/errors.js';
import { fmeasure } from './fmeasure.js';
import { longestCommonSubsequence } from './longest-common-subsequence.js';
import { rougeOptionsSchema, type RougeOptions, type RougeTypeScore } from './metric-schemas.js';
import { parseMetricOptions } from './parse-metric-options.js';
import { rougeTokenize } from './rouge-tokenize.js';
import { summaryLevelLcs } from './summary-level-lcs.js';

const ROUGE_N = /^rouge([1-9])$/u;

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + n <= tokens.length; start++) {
    // Tokens are [a-z0-9]+, so a space-joined key is unambiguous.
    const key = tokens.slice(start, start + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function rougeN(target: readonly string[], prediction: readonly string[], n: number): RougeTypeScore {
  const targetCounts = ngramCounts(target, n);
  const predictionCounts = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [ngram, count] of targetCounts) overlap += Math.min(count, predictionCounts.get(ngram) ?? 0);
  const targetTotal = Math.max(target.length - n + 1, 0);
  const predictionTotal = Math.max(prediction.length - n + 1, 0);
  const precision = overlap / Math.max(predictionTotal, 1);
  const recall = overlap / Math.max(targetTotal, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function rougeL(target: readonly string[], prediction: readonly string[]): RougeTypeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const length = longestCommonSubsequence(target, prediction).length;
  const precision = length / prediction.length;
  const recall = length / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function sentences(text: string): string[] {
  return text.split('\n').filter((sentence) => sentence.length > 0);
}

/**
 * ROUGE exactly as Google's rouge-score (`RougeScorer(types, use_stemmer).score(target, prediction)`, which
 * reproduces ROUGE-1.5.5; Lin, "ROUGE: A Package for Automatic Evaluation of Summaries", WAS 2004):
 * - `rouge1` … `rouge9`: clipped n-gram overlap; precision = overlap / prediction n-grams, recall = overlap /
 *   target n-grams (each denominator at least 1), F1 = 2PR/(P+R).
 * - `rougeL`: longest common subsequence of the whole token sequences (sentence-level).
 * - `rougeLsum`: summary-level LCS over sentences split at newlines (empty lines dropped), with the union LCS and
 *   ROUGE-1.5.5's protection against double counting ({@link summaryLevelLcs}).
 * Tokens come from rouge-score's default tokenizer ({@link rougeTokenize}): lowercase, `[^a-z0-9]+` -> space,
 * optional NLTK Porter stemming of tokens longer than three characters. An unknown type (`rouge0`, `rouge10`,
 * `rougeN`, ...) throws an {@link InvalidArgumentError}, where rouge-score raises ValueError.
 * Reference: google-research/google-research `rouge/rouge_scorer.py`, `rouge/tokenize.py` (rouge-score 0.1.2).
 *
 * @example
 * // rouge_scorer_test.py testRouge1: P 1, R 1/3, F 1/2
 * rougeScore('testing one two', 'testing', { types: ['rouge1'] }).rouge1; // {precision: 1, recall: 0.333…, fmeasure: 0.5}
 */
export function rougeScore(target: string, prediction: string, options: RougeOptions): Record<string, RougeTypeScore> {
  const { types, useStemmer = false } = parseMetricOptions(rougeOptionsSchema, options);
  for (const type of types) {
    if (type !== 'rougeL' && type !== 'rougeLsum' && !ROUGE_N.test(type)) {
      throw new InvalidArgumentError('options', `field "types": unknown ROUGE type "${type}"; use rouge1…rouge9, rougeL or rougeLsum`, {
        field: 'types',
        type,
      });
    }
  }
  let targetTokens: string[] | undefined;
  let predictionTokens: string[] | undefined;
  const tokens = (): [string[], string[]] => {
    targetTokens ??= rougeTokenize(target, useStemmer);
    predictionTokens ??= rougeTokenize(prediction, useStemmer);
    return [targetTokens, predictionTokens];
  };
  const result: Record<string, RougeTypeScore> = {};
  for (const type of types) {
    if (type === 'rougeL') {
      result[type] = rougeL(...tokens());
    } else if (type === 'rougeLsum') {
      result[type] = summaryLevelLcs(
        sentences(target).map((sentence) => rougeTokenize(sentence, useStemmer)),
        sentences(prediction).map((sentence) => rougeTokenize(sentence, useStemmer)),
      );
    } else {
      result[type] = rougeN(...tokens(), Number(type.slice(5)));
    }
  }
  return result;
}
