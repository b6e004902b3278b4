/**
 * Scripts for the LLM protocol test servers that answer synthesis prompts the way a cooperative model would:
 * items built from the sentences of the passage in the prompt (so answers are supported by their unit), plus
 * one fixed Q&A pair repeated in every reply (so deduplication has work to do). Also a small corpus built from
 * demo-corpus texts by the real corpus stage.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonlAtomic } from '../../lib/core/atomic-file.js';
import { ingestCorpus } from '../../lib/corpus/ingest-corpus.js';
import type { RecordedRequest, ReplyStep } from '../servers/index.js';
import { repositoryRoot } from '../helpers/temporary-directory.js';

export const REPEATED_QA = { question: 'What is the normal duration of the PR interval in adults?', answer: 'The PR interval normally lasts 120 to 200 ms.' };

/** Demo-corpus texts of the small test corpus: five English documents and one German one. */
export const SMALL_CORPUS_TEXTS = [
  'electrical-axis.md',
  'systematic-ecg-reading.md',
  'athletes-ecg.md',
  'ecg-practice-cases.md',
  'pulmonary-embolism-and-systemic-conditions.md',
  'vorhofflimmern-im-ekg.md',
];

/** Builds `directory/documents.jsonl` from the small test corpus with the real corpus stage. */
export async function writeSmallCorpus(directory: string, texts: readonly string[] = SMALL_CORPUS_TEXTS): Promise<string> {
  const input = join(directory, 'input');
  await mkdir(input, { recursive: true });
  for (const text of texts) await copyFile(join(repositoryRoot, 'data', 'demo-corpus-sources', 'texts', text), join(input, text));
  const { documents } = await ingestCorpus(input);
  const corpus = join(directory, 'corpus');
  await writeJsonlAtomic(join(corpus, 'documents.jsonl'), documents);
  return corpus;
}

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
  format?: unknown;
}

/** The passage of a synthesis prompt (between `<<<` and `>>>` in the first user message). */
export function passageOf(request: RecordedRequest): string {
  const body = request.body as ChatBody;
  const user = body.messages.find((message) => message.role === 'user')?.content ?? '';
  const match = /<<<\n([\s\S]*)\n>>>/.exec(user);
  return match?.[1] ?? '';
}

/** True when the request asks for multiple-choice items. */
export function asksForMultipleChoice(request: RecordedRequest): boolean {
  return ((request.body as ChatBody).messages[0]?.content ?? '').includes('multiple-choice');
}

/** Sentences of a passage that make usable items: prose of 8–60 words, no headings or table rows. */
export function usableSentences(passage: string): string[] {
  return passage
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => !/^[#|>*-]/.test(sentence) && /[.!?]$/.test(sentence))
    .filter((sentence) => {
      const words = sentence.split(/\s+/).length;
      return words >= 8 && words <= 60;
    });
}

/** A cooperative reply to a synthesis prompt (see module documentation); the correct MC option comes first. */
export function cooperativeReply(request: RecordedRequest, itemsPerUnit = 3): ReplyStep {
  const sentences = usableSentences(passageOf(request));
  if (asksForMultipleChoice(request)) {
    const items = sentences.slice(0, itemsPerUnit).flatMap((sentence, index) => {
      const distractors = sentences.filter((_, other) => other !== index).slice(0, 3);
      if (distractors.length < 3) return [];
      return [
        {
          question: `Which statement is correct about ${sentence.split(/\s+/).slice(0, 6).join(' ')}?`,
          options: [{ text: sentence, is_correct: true }, ...distractors.map((text) => ({ text, is_correct: false }))],
        },
      ];
    });
    return { json: { items } };
  }
  const items = sentences.slice(0, itemsPerUnit - 1).map((sentence) => ({
    question: `What is stated about ${sentence.split(/\s+/).slice(0, 7).join(' ')}?`,
    answer: sentence,
  }));
  return { json: { items: [...items, REPEATED_QA] } };
}
