import { longestCommonSubsequence } from './longest-common-subsequence.js';
import type { RougeTypeScore } from './metric-schemas.js';
import { fmeasure } from './fmeasure.js';

/**
 * Summary-level LCS (ROUGE-Lsum) of Lin, "ROUGE: A Package for Automatic Evaluation of Summaries", WAS 2004,
 * §3.2, as rouge-score and ROUGE-1.5.5 compute it: for each reference sentence the union of its LCS with every
 * candidate sentence; each union token counts as a hit only while that token is still unused in both the
 * reference and the candidate (token counts prevent double counting). Recall = hits / reference tokens,
 * precision = hits / candidate tokens; 0 when either side has no sentences or no tokens.
 * Reference: google-research/google-research `rouge/rouge_scorer.py` `_summary_level_lcs` (rouge-score 0.1.2).
 *
 * @example
 * // rouge_scorer_test.py testSummaryLevelLcs: recall 0.8, precision 0.4
 * summaryLevelLcs([[1, 2, 3, 4, 5]], [[1, 2, 6, 7, 8], [1, 3, 8, 9, 5]]); // {precision: 0.4, recall: 0.8, fmeasure: 0.5333…}
 */
export function summaryLevelLcs<Token>(referenceSentences: readonly (readonly Token[])[], candidateSentences: readonly (readonly Token[])[]): RougeTypeScore {
  const zero = { precision: 0, recall: 0, fmeasure: 0 };
  if (referenceSentences.length === 0 || candidateSentences.length === 0) return zero;
  const referenceTokens = referenceSentences.reduce((sum, sentence) => sum + sentence.length, 0);
  const candidateTokens = candidateSentences.reduce((sum, sentence) => sum + sentence.length, 0);
  if (referenceTokens === 0 || candidateTokens === 0) return zero;
  const remainingReference = new Map<Token, number>();
  const remainingCandidate = new Map<Token, number>();
  for (const sentence of referenceSentences) for (const token of sentence) remainingReference.set(token, (remainingReference.get(token) ?? 0) + 1);
  for (const sentence of candidateSentences) for (const token of sentence) remainingCandidate.set(token, (remainingCandidate.get(token) ?? 0) + 1);
  let hits = 0;
  for (const sentence of referenceSentences) {
    const union = new Set<number>();
    for (const candidate of candidateSentences) for (const index of longestCommonSubsequence(sentence, candidate)) union.add(index);
    for (const index of [...union].sort((a, b) => a - b)) {
      const token = sentence[index] as Token;
      const inCandidate = remainingCandidate.get(token) ?? 0;
      const inReference = remainingReference.get(token) ?? 0;
      if (inCandidate > 0 && inReference > 0) {
        hits += 1;
        remainingCandidate.set(token, inCandidate - 1);
        remainingReference.set(token, inReference - 1);
      }
    }
  }
  const recall = hits / referenceTokens;
  const precision = hits / candidateTokens;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}
