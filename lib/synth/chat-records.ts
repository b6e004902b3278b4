/**
 * Training records in chat format for the finetuning stage: `{"messages": [{"role": "user", ...},
 * {"role": "assistant", ...}]}` per line. A Q&A item becomes question → answer. A multiple-choice item uses the
 * authors' training phrasing (docs/authors-pipeline.md §3.5): the user turn is "Answer the following
 * multiple-choice question: " followed by the question with its options inlined as `A) … B) … C) … D) …`,
 * and the assistant turn is "The correct answer is X.".
 */
import { z } from 'zod';
import type { McItem, QaItem } from '../schemas/synthesis.js';
import { formatMultipleChoiceQuestion } from './multiple-choice.js';

export const chatRecordSchema = z.object({
  messages: z
    .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1) }))
    .min(2),
});
export type ChatRecord = z.infer<typeof chatRecordSchema>;

/** The user-turn prefix of multiple-choice training records, as in the authors' training code. */
export const MULTIPLE_CHOICE_INSTRUCTION = 'Answer the following multiple-choice question: ';

/** A Q&A item as a chat record. */
export function qaChatRecord(item: Pick<QaItem, 'question' | 'answer'>): ChatRecord {
  return {
    messages: [
      { role: 'user', content: item.question },
      { role: 'assistant', content: item.answer },
    ],
  };
}

/** A multiple-choice item as a chat record in the authors' phrasing. */
export function mcChatRecord(item: Pick<McItem, 'question' | 'options' | 'answer'>): ChatRecord {
  return {
    messages: [
      { role: 'user', content: MULTIPLE_CHOICE_INSTRUCTION + formatMultipleChoiceQuestion(item.question, item.options) },
      { role: 'assistant', content: `The correct answer is ${item.answer}.` },
    ],
  };
}
