/**
 * The generation prompts, versioned. The wording is this workspace's own; it keeps the authors' constraints
 * (docs/authors-pipeline.md §2.2–2.3): questions answerable from the passage alone, varied question words and
 * difficulty, self-contained questions and answers, no references to the text, the study, figures or tables,
 * medical content only, English output even for German sources; for multiple choice exactly four options with
 * one correct option from the passage and three plausible wrong ones of similar length and style.
 *
 * A prompt version names a fixed text. Changing a word means a new version (`qa-v2`), never an edit of
 * `qa-v1`: every item records its prompt version and the SHA-256 of the prompt template, and the prompt text
 * is part of every cached request, so old items and cached replies are never mixed up with new ones.
 */
import { hashCanonical } from '../core/canonical-json.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { ChatMessage } from '../llm/chat-model.js';
import type { ItemKind } from './reply-schemas.js';

export interface PromptTemplate {
  version: string;
  kind: ItemKind;
  system: string;
  /** The user message, with `{count}` and `{passage}` placeholders. */
  user: string;
}

const SHARED_RULES = `Rules:
1. Every question must be answerable from the passage alone, and every answer must say only what the passage says.
2. Vary the kind of question (what, which, why, how, when, what distinguishes ...) and the difficulty, from recalling a single fact to explaining a mechanism or applying a criterion.
3. Each question and each answer must stand on its own. A reader who has seen neither the passage nor the other questions must understand it, so name the condition, wave, interval, lead or measurement instead of writing "this", "it" or "the disease described".
4. Never refer to the passage or where it comes from: no "the text", "the passage", "the study", "the authors", "in this case", "according to the context", and no questions about figures, tables, algorithms, study names, numbers of patients or other details of how a study was done.
5. Ask only about medical content: physiology, ECG findings and criteria, mechanisms, diagnosis, management. Ignore titles, author names, affiliations, references, keywords, indexes and other front or back matter. If the passage has no medical content, return an empty list.
6. Write in English, even when the passage is in another language; translate technical terms.

A poor question: "What are the typical findings of the disorder described above?" (it depends on the passage).
A good question: "Which ECG feature distinguishes atrial flutter with 2:1 conduction from sinus tachycardia?"`;

/** Q&A prompt, version 1. */
export const QA_PROMPT_V1: PromptTemplate = {
  version: 'qa-v1',
  kind: 'qa',
  system: `You write examination questions for physicians who are learning electrocardiography. You receive a passage from a medical textbook, guideline or article and write question-answer pairs that test the medical knowledge it states. The answers are used to mark free-text responses, so each answer must be complete and correct.

${SHARED_RULES}

Reply with JSON only, in the form {"items": [{"question": "...", "answer": "..."}]}.`,
  user: `Write up to {count} question-answer pairs from the following passage.

Passage:
<<<
{passage}
>>>`,
};

/** Multiple-choice prompt, version 1. */
export const MC_PROMPT_V1: PromptTemplate = {
  version: 'mc-v1',
  kind: 'mc',
  system: `You write multiple-choice examination questions for physicians who are learning electrocardiography. You receive a passage from a medical textbook, guideline or article and write questions that test the medical knowledge it states.

Each question has exactly four answer options:
- exactly one option is correct, and the passage states it;
- three options are wrong but plausible to someone who has not understood the passage;
- all four options are alike in length, style and level of detail, and none of them is "all of the above" or "none of the above";
- mark the correct option with "is_correct": true and the three others with false.

${SHARED_RULES}

Reply with JSON only, in the form {"items": [{"question": "...", "options": [{"text": "...", "is_correct": false}, {"text": "...", "is_correct": true}, {"text": "...", "is_correct": false}, {"text": "...", "is_correct": false}]}]}.`,
  user: `Write up to {count} multiple-choice questions from the following passage.

Passage:
<<<
{passage}
>>>`,
};

/** Every prompt version, by name. */
export const PROMPT_TEMPLATES: Readonly<Record<string, PromptTemplate>> = {
  [QA_PROMPT_V1.version]: QA_PROMPT_V1,
  [MC_PROMPT_V1.version]: MC_PROMPT_V1,
};

/** The current prompt of each item kind. */
export const DEFAULT_PROMPTS: Readonly<Record<ItemKind, PromptTemplate>> = { qa: QA_PROMPT_V1, mc: MC_PROMPT_V1 };

/** A prompt template by version name. */
export function promptTemplate(version: string): PromptTemplate {
  const template = PROMPT_TEMPLATES[version];
  if (!template) throw new InvalidArgumentError('promptVersion', `unknown prompt version "${version}"; known: ${Object.keys(PROMPT_TEMPLATES).join(', ')}`);
  return template;
}

/** SHA-256 of a template's canonical JSON (version, kind, system and user text). */
export function promptHash(template: PromptTemplate): string {
  return hashCanonical(template);
}

/** The chat messages asking for `count` items from `passage`. */
export function buildPromptMessages(template: PromptTemplate, passage: string, count: number): ChatMessage[] {
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('count', `must be a positive integer, got ${count}`);
  const user = template.user.replace('{count}', String(count)).replace('{passage}', () => passage);
  return [
    { role: 'system', content: template.system },
    { role: 'user', content: user },
  ];
}
