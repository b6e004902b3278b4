/**
 * The grounded-answer prompt, this project's own wording (version {@link RAG_PROMPT_VERSION}; change the
 * version whenever the wording changes, since answers and evaluations are keyed by it). The retrieved
 * passages come first, each numbered and labelled with its source (document title, section, pages), then the
 * question; the model is asked to answer only from the passages and to cite them by number.
 *
 * Unlike the authors' RAG prompt (a hand-built Llama-3 template around `[i] chunk` lines, §4.3 of their
 * pipeline), the sources are named, so an answer's citations can be checked against the index.
 */
import type { ChatMessage } from '../llm/chat-model.js';
import type { RetrievedPassage } from './retrieve-passages.js';

export const RAG_PROMPT_VERSION = 'rag-answer/v1';

const SYSTEM_PROMPT = [
  'You answer questions about electrocardiography (ECG) for clinicians and students.',
  'Use only the numbered source passages you are given. After each statement, cite the passages that support it',
  'by their numbers in square brackets, for example [2] or [1, 3].',
  'If the passages do not contain the answer, say that they do not, instead of answering from memory.',
  'Answer in at most three sentences.',
].join(' ');

/** The label of a passage's source: title, section path and pages where known. */
export function passageSourceLabel(passage: Pick<RetrievedPassage, 'documentTitle' | 'sectionPath' | 'pages'>): string {
  const parts = [passage.documentTitle];
  const section = passage.sectionPath.filter((title) => title !== passage.documentTitle);
  if (section.length > 0) parts.push(section.join(' > '));
  if (passage.pages) parts.push(passage.pages.start === passage.pages.end ? `page ${passage.pages.start}` : `pages ${passage.pages.start}-${passage.pages.end}`);
  return parts.join(', ');
}

/** The chat messages asking `question` over `passages` (numbered from 1 in the given order). */
export function buildRagMessages(question: string, passages: readonly RetrievedPassage[]): ChatMessage[] {
  const numbered = passages.map((passage, index) => `[${index + 1}] Source: ${passageSourceLabel(passage)}\n${passage.text.trim()}`);
  const user = `Source passages:\n\n${numbered.join('\n\n')}\n\nQuestion: ${question.trim()}`;
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

/**
 * The passage numbers an answer cites: `[2]`, `[1, 3]`, `[1-3]` (ranges expanded), in order of first
 * citation, without repeats.
 */
export function citedPassageNumbers(answer: string): number[] {
  const numbers: number[] = [];
  for (const match of answer.matchAll(/\[(\s*\d+\s*(?:(?:,|;|-|–)\s*\d+\s*)*)\]/g)) {
    for (const part of (match[1] as string).split(/[,;]/)) {
      const range = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(part);
      if (!range) continue;
      const first = Number(range[1]);
      const last = range[2] === undefined ? first : Number(range[2]);
      for (let number = first; number <= Math.min(last, first + 100); number++) if (!numbers.includes(number)) numbers.push(number);
    }
  }
  return numbers;
}
