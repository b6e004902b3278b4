/**
 * Log-likelihood scoring of a multiple-choice item from the first generated token's top log-probabilities:
 * the option letter the model itself finds most probable at the answer position, so that no parser can bias
 * the result (lm-evaluation-harness scores MMLU-style letter choices by comparing the log-likelihoods of the
 * letter continuations; a chat API only exposes the top-k alternatives of each position, so a letter missing
 * from the top-k has log-probability −∞ here).
 */
import type { TokenLogprob } from '../../llm/chat-model.js';
import { CHOICE_LETTERS, type ChoiceLetter, type ParseOutcome } from '../../schemas/evaluation.js';

/**
 * Per letter, the highest log-probability among the first position's alternatives whose text, stripped of
 * whitespace, is exactly that letter (`"A"`, `" A"` — tokenizers spell the same letter with and without a
 * leading space), and the letter with the highest one. No letter among the alternatives: `value: null`
 * (counted as unparseable, hence wrong).
 *
 * @example
 * letterLoglikelihood([{ token: 'B', logprob: -0.1, top: [{ token: 'B', logprob: -0.1 }, { token: ' A', logprob: -2.4 }] }]);
 * // { value: 'B', rule: 'loglikelihood', letterLogprobs: { A: -2.4, B: -0.1, C: null, D: null } }
 */
export function letterLoglikelihood(logprobs: readonly TokenLogprob[] | undefined): ParseOutcome & { letterLogprobs: Record<ChoiceLetter, number | null> } {
  const letterLogprobs: Record<ChoiceLetter, number | null> = { A: null, B: null, C: null, D: null };
  const first = logprobs?.[0];
  if (!first) return { value: null, rule: 'no-logprobs', letterLogprobs };
  const alternatives = [...(first.top ?? []), { token: first.token, logprob: first.logprob }];
  for (const alternative of alternatives) {
    const letter = alternative.token.trim();
    if (!(CHOICE_LETTERS as readonly string[]).includes(letter)) continue;
    const current = letterLogprobs[letter as ChoiceLetter];
    if (current === null || alternative.logprob > current) letterLogprobs[letter as ChoiceLetter] = alternative.logprob;
  }
  let best: ChoiceLetter | null = null;
  for (const letter of CHOICE_LETTERS) {
    const value = letterLogprobs[letter];
    if (value !== null && (best === null || value > (letterLogprobs[best] as number))) best = letter;
  }
  return { value: best, rule: best === null ? 'no-letter-in-top' : 'loglikelihood', letterLogprobs };
}
