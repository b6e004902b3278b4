/**
 * Prompts for multiple-choice evaluation, in the authors' style (authors-pipeline §5.1, §5.2) and the
 * workspace's default. Wording here is written for this project; the structure follows the authors' code:
 *
 * - `default`: a system message that asks for the form "The correct answer is X" with two worked examples,
 *   and a user message with the question and its options one per line; sent as chat messages, so the
 *   provider applies the model's official chat template (the authors hand-built a Llama-3 template with a
 *   double BOS, §7.3, which a chat API cannot and should not reproduce).
 * - `legacy-local` (§5.1): the authors' local-model prompt: the same kind of system message, the examples
 *   written `User:/Assistant:` with inline options `A: … B: …`, the user line followed by a newline and
 *   12 spaces of indentation, and the options inline in the question (`… A) … B) … C) … D) …`).
 * - `legacy-api` (§5.2): the authors' API prompt: no system message, one user message ending
 *   `. Please only output A, B, C or D`, answered within one token and scored by exact string match.
 */
import type { ChatMessage } from '../../llm/chat-model.js';
import { CHOICE_LETTERS, type McEvaluationItem } from '../../schemas/evaluation.js';

export type MultipleChoicePromptStyle = 'default' | 'legacy-local' | 'legacy-api';
export const MULTIPLE_CHOICE_PROMPT_STYLES: readonly MultipleChoicePromptStyle[] = ['default', 'legacy-local', 'legacy-api'];

const INSTRUCTION = 'Answer the following multiple choice question:';

const DEFAULT_SYSTEM = [
  'You answer multiple-choice questions. Each question has four options, A, B, C and D, and exactly one of them is correct.',
  'Choose the correct option and reply in exactly this form: "The correct answer is X", where X is A, B, C or D.',
  '',
  'Example 1. Question: Which city is the capital of France?',
  'A) Paris',
  'B) London',
  'C) Rome',
  'D) Madrid',
  'Reply: The correct answer is A',
  '',
  'Example 2. Question: Which city is the capital of Germany?',
  'A) Vienna',
  'B) Berlin',
  'C) Bern',
  'D) Prague',
  'Reply: The correct answer is B',
].join('\n');

const LEGACY_LOCAL_SYSTEM = [
  'You are answering multiple choice questions. Pick the correct option.',
  'Always reply in the exact form "The correct answer is X", where X is one of A, B, C, D.',
  'User: Which city is the capital of France? A: Paris B: London C: Rome D: Madrid',
  'Assistant: The correct answer is A',
  'User: Which city is the capital of Germany? A: Vienna B: Berlin C: Bern D: Prague',
  'Assistant: The correct answer is B',
].join('\n');

/** The options one per line: `A) …`. */
export function formatOptionLines(item: Pick<McEvaluationItem, 'choices'>): string {
  return item.choices.map((choice, index) => `${CHOICE_LETTERS[index]}) ${choice}`).join('\n');
}

/** The question with its options inline, as in the authors' files: `stem A) … B) … C) … D) …`. */
export function formatInlineQuestion(item: Pick<McEvaluationItem, 'question' | 'choices'>): string {
  return `${item.question} ${item.choices.map((choice, index) => `${CHOICE_LETTERS[index]}) ${choice}`).join(' ')}`;
}

/**
 * The chat messages for one item in the given style. With `letterOnly` (log-likelihood scoring) the user
 * message ends by asking for the letter alone, so that the first generated token is the answer position.
 *
 * @example
 * multipleChoiceMessages(item, 'default'); // [{ role: 'system', … }, { role: 'user', content: 'Answer the following …' }]
 */
export function multipleChoiceMessages(
  item: Pick<McEvaluationItem, 'question' | 'choices'>,
  style: MultipleChoicePromptStyle,
  options: { letterOnly?: boolean; context?: string } = {},
): ChatMessage[] {
  const contextBlock = options.context ? `Here is context that may help:\n${options.context}\n\n` : '';
  switch (style) {
    case 'default': {
      const ending = options.letterOnly ? '\nAnswer with the letter of the correct option only.' : '';
      return [
        { role: 'system', content: DEFAULT_SYSTEM },
        { role: 'user', content: `${contextBlock}${INSTRUCTION}\n${item.question}\n${formatOptionLines(item)}${ending}` },
      ];
    }
    case 'legacy-local':
      return [
        { role: 'system', content: LEGACY_LOCAL_SYSTEM },
        { role: 'user', content: `${contextBlock}${INSTRUCTION}\n            ${formatInlineQuestion(item)}` },
      ];
    case 'legacy-api':
      return [{ role: 'user', content: `${contextBlock}${INSTRUCTION}\n            ${formatInlineQuestion(item)}. Please only output A, B, C or D` }];
  }
}

/** The request settings each style implies when the system does not set them (the authors' values for legacy styles). */
export function multipleChoiceRequestDefaults(style: MultipleChoicePromptStyle): { temperature: number; topP?: number; maxTokens: number } {
  switch (style) {
    case 'default':
      return { temperature: 0, maxTokens: 50 };
    case 'legacy-local':
      // §5.1: do_sample, temperature 0.1, top_p 0.9, max_new_tokens 50.
      return { temperature: 0.1, topP: 0.9, maxTokens: 50 };
    case 'legacy-api':
      // §5.2: temperature 0.1, max_tokens 1.
      return { temperature: 0.1, maxTokens: 1 };
  }
}
