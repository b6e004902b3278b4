/**
 * Quality flags that mark (never drop) generated items breaking a prompt rule that can be checked cheaply:
 *
 * - `refers-to-source`: the item speaks about its source instead of being self-contained — "the text",
 *   "this study", "the passage", "the authors", "Figure 3", "Table 2", "according to the context".
 * - `possibly-not-english`: at least {@link GERMAN_WORD_SHARE_LIMIT} of the item's words are common German
 *   function words (the corpus is bilingual and the prompts require English output).
 */
import { normalizedWords } from './content-words.js';

const SOURCE_REFERENCE =
  /\b(?:the|this|that|these|those|given|provided|above|present)\s+(?:text|texts|study|studies|article|passage|context|excerpt|chapter|section|document|paper|authors?|source|work|case)\b|\b(?:fig(?:ure)?\.?|table|tab\.)\s*\d+|\baccording to the\b/i;

const GERMAN_FUNCTION_WORDS = new Set(
  'der die das und ist nicht mit bei eine einer eines einem ein den dem des auf für von zu im wird werden sind oder auch sich wie bzw durch nach über kann können'.split(' '),
);

/** Share of German function words at or above which an item is flagged `possibly-not-english`. */
export const GERMAN_WORD_SHARE_LIMIT = 0.15;

/** True when a text refers to its source document, a figure or a table. */
export function refersToSource(text: string): boolean {
  return SOURCE_REFERENCE.test(text);
}

/** Share of a text's words that are common German function words. */
export function germanWordShare(text: string): number {
  const words = normalizedWords(text);
  if (words.length === 0) return 0;
  return words.filter((word) => GERMAN_FUNCTION_WORDS.has(word)).length / words.length;
}

/** The quality flags of an item's texts (question, answer or options). */
export function itemFlags(texts: readonly string[]): string[] {
  const joined = texts.join(' \n ');
  const flags: string[] = [];
  if (refersToSource(joined)) flags.push('refers-to-source');
  if (germanWordShare(joined) >= GERMAN_WORD_SHARE_LIMIT) flags.push('possibly-not-english');
  return flags;
}
