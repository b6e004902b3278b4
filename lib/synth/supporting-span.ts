/**
 * Where in its generation unit an item's answer comes from, and whether the unit supports it at all.
 *
 * **Support score.** The fraction of the answer's content-word stems ({@link contentStems}) that occur among
 * the content-word stems of a text: `|stems(answer) ∩ stems(text)| / |stems(answer)|`. For a multiple-choice
 * item the "answer" is the correct option. When the answer has no content words (e.g. "Yes."), the stems of
 * question and answer together are used instead. This is a lexical proxy for "the answer is stated in the
 * source": a paraphrase with different words scores low, and a wrong statement made of the source's words
 * scores high, so items are *flagged* for review, never dropped.
 *
 * **Threshold.** {@link SUPPORT_THRESHOLD} = 0.5: an item is flagged `answer-not-supported` when fewer than
 * half of its answer's content stems appear in its span. Half is a deliberately lenient bar — a faithful
 * answer that re-words the source still keeps most of its technical terms and numbers (intervals in ms,
 * lead names, rates), which is what the check looks at.
 *
 * **Span location.** The unit text is cut into sentences (at `.`, `!`, `?` followed by white space, and at
 * line breaks). Every window of 1 to {@link MAX_WINDOW_SENTENCES} consecutive sentences is scored by the
 * answer's support score; the best window is the one with the highest score, then the fewest sentences, then
 * the highest support score of the question's stems, then the earliest. If that window reaches the threshold
 * it becomes the item's span; otherwise the whole unit is the span.
 *
 * Sources in another language than the (English) items cannot be checked lexically: for them the span is the
 * whole unit and the item is flagged `support-not-checked`.
 */
import type { CharacterSpan } from '../schemas/corpus.js';
import { contentStems } from './content-words.js';

/** Minimum support score for an answer to count as supported by its span. */
export const SUPPORT_THRESHOLD = 0.5;
/** Longest sentence window considered as an item's supporting span. */
export const MAX_WINDOW_SENTENCES = 3;

/** A sentence of a text with its character offsets in that text. */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

/** Cuts a text into sentences with offsets (see module documentation); empty pieces are skipped. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const boundary = /(?<=[.!?])\s+|\n+/g;
  let start = 0;
  const push = (from: number, to: number): void => {
    const piece = text.slice(from, to);
    const leading = piece.length - piece.trimStart().length;
    const trimmed = piece.trim();
    if (trimmed.length > 0) sentences.push({ start: from + leading, end: from + leading + trimmed.length, text: trimmed });
  };
  for (const match of text.matchAll(boundary)) {
    const index = match.index ?? 0;
    push(start, index);
    start = index + match[0].length;
  }
  push(start, text.length);
  return sentences;
}

/** The stems an item's answer is judged by: the answer's content stems, or question + answer when it has none. */
export function answerStems(question: string, answer: string): string[] {
  const stems = contentStems(answer);
  return stems.length > 0 ? [...new Set(stems)] : [...new Set(contentStems(`${question} ${answer}`))];
}

/** Support score of `answer` (given `question`) against `text`: fraction of answer stems found in the text. */
export function supportScore(question: string, answer: string, text: string): number {
  const stems = answerStems(question, answer);
  if (stems.length === 0) return 0;
  const available = new Set(contentStems(text));
  return stems.filter((stem) => available.has(stem)).length / stems.length;
}

export interface SupportingSpan {
  /** Character span in the document's text (the unit's own offsets shifted by the unit's start). */
  span: CharacterSpan;
  /** True when a sentence window was found; false when the span is the whole unit. */
  located: boolean;
  /** Support score of the answer against the chosen span; null when the source could not be checked. */
  score: number | null;
  /** Quality flags: `answer-not-supported` or `support-not-checked`. */
  flags: string[];
}

function fraction(stems: readonly string[], available: ReadonlySet<string>): number {
  if (stems.length === 0) return 0;
  let found = 0;
  for (const stem of stems) if (available.has(stem)) found++;
  return found / stems.length;
}

/**
 * Finds the sentence window of a unit that best supports an item's answer, and checks support.
 * `unit.span.start` is the unit's offset in the document, so the returned span indexes the document's text.
 */
export function locateSupportingSpan(
  unit: { text: string; span: CharacterSpan },
  item: { question: string; answer: string },
  options: { checkable?: boolean; threshold?: number } = {},
): SupportingSpan {
  const whole: CharacterSpan = { start: unit.span.start, end: unit.span.end };
  if (options.checkable === false) return { span: whole, located: false, score: null, flags: ['support-not-checked'] };
  const threshold = options.threshold ?? SUPPORT_THRESHOLD;
  const stems = answerStems(item.question, item.answer);
  const questionStems = [...new Set(contentStems(item.question))];
  const sentences = splitSentences(unit.text);
  const sentenceStems = sentences.map((sentence) => contentStems(sentence.text));
  let best: { score: number; size: number; questionScore: number; first: number } | undefined;
  for (let first = 0; first < sentences.length; first++) {
    const available = new Set<string>();
    for (let size = 1; size <= MAX_WINDOW_SENTENCES && first + size <= sentences.length; size++) {
      for (const stem of sentenceStems[first + size - 1] as string[]) available.add(stem);
      const score = fraction(stems, available);
      const questionScore = fraction(questionStems, available);
      const better =
        best === undefined ||
        score > best.score ||
        (score === best.score && (size < best.size || (size === best.size && questionScore > best.questionScore)));
      if (better) best = { score, size, questionScore, first };
    }
  }
  if (best !== undefined && best.score >= threshold) {
    const firstSentence = sentences[best.first] as Sentence;
    const lastSentence = sentences[best.first + best.size - 1] as Sentence;
    return {
      span: { start: unit.span.start + firstSentence.start, end: unit.span.start + lastSentence.end },
      located: true,
      score: best.score,
      flags: [],
    };
  }
  const score = fraction(stems, new Set(contentStems(unit.text)));
  return { span: whole, located: false, score, flags: score >= threshold ? [] : ['answer-not-supported'] };
}
