/**
 * Prompts for Q&A answer generation (authors-pipeline §5.3, §4.3). Wording is written for this project; the
 * legacy styles keep the structure of the authors' prompts:
 *
 * - `default`: a short system message asking for an accurate, concise answer in plain sentences, then the
 *   question as the user message; the same prompt for base and finetuned models.
 * - `legacy` (§5.3, local models): no system message; the bare question — with the authors' sentence
 *   " Please answer shortly in one sentence without lists!" appended for BASE models only (finetuned models got
 *   the bare question, so base and finetuned answers were asked for differently).
 * - `legacy-api` (§5.3, API models): the question with "Please answer shortly in one sentence without lists!"
 *   appended with NO space, as one user message, for every model.
 *
 * With RAG context the context follows the question, introduced by one sentence (§4.3).
 */
import type { ChatMessage } from '../../llm/chat-model.js';

export type QuestionAnsweringPromptStyle = 'default' | 'legacy' | 'legacy-api';
export const QUESTION_ANSWERING_PROMPT_STYLES: readonly QuestionAnsweringPromptStyle[] = ['default', 'legacy', 'legacy-api'];

/** The authors' instruction for base models (§5.3). */
export const ANSWER_SHORTLY = 'Please answer shortly in one sentence without lists!';

const DEFAULT_SYSTEM =
  'You are an expert in electrocardiography. Answer the question accurately and concisely, in one to three plain ' +
  'sentences without lists. If you are not sure, say so.';

/**
 * The chat messages for one question.
 *
 * @example
 * questionAnsweringMessages('What does a delta wave indicate?', 'legacy', { baseModel: true });
 * // [{ role: 'user', content: 'What does a delta wave indicate? Please answer shortly in one sentence without lists!' }]
 */
export function questionAnsweringMessages(
  question: string,
  style: QuestionAnsweringPromptStyle,
  options: { baseModel?: boolean; context?: string } = {},
): ChatMessage[] {
  const context = options.context ? `\n\nThe following context may help you answer:\n${options.context}` : '';
  switch (style) {
    case 'default':
      return [
        { role: 'system', content: DEFAULT_SYSTEM },
        { role: 'user', content: `${question}${context}` },
      ];
    case 'legacy':
      return [{ role: 'user', content: `${question}${options.baseModel === false ? '' : ` ${ANSWER_SHORTLY}`}${context}` }];
    case 'legacy-api':
      return [{ role: 'user', content: `${question}${ANSWER_SHORTLY}${context}` }];
  }
}

/** Request settings each style implies when the system does not set them (the authors' for legacy styles). */
export function questionAnsweringRequestDefaults(style: QuestionAnsweringPromptStyle): { temperature: number; topP?: number; maxTokens: number } {
  switch (style) {
    case 'default':
      return { temperature: 0, maxTokens: 200 };
    case 'legacy':
      // §5.3: do_sample, temperature 0.1, top_p 0.9, max_new_tokens 200.
      return { temperature: 0.1, topP: 0.9, maxTokens: 200 };
    case 'legacy-api':
      // §5.3: temperature 0.1, max_tokens 100.
      return { temperature: 0.1, maxTokens: 100 };
  }
}

/**
 * The authors' local-model answer extraction kept the literal word `assistant` at the start of every
 * hypothesis (§5.3: the slice started AT the role header, e.g. `"assistant\n\n<answer>"`). With a chat API the
 * reply has no header, so the legacy option re-creates the artefact by prefixing it.
 *
 * @example
 * withLegacyAssistantPrefix('Pre-excitation.'); // 'assistant\n\nPre-excitation.'
 */
export function withLegacyAssistantPrefix(answer: string): string {
  return `assistant\n\n${answer}`;
}
