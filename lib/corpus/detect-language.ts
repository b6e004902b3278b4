/**
 * English/German detection by stop-word profile. The corpus is bilingual (English articles and guidelines,
 * German textbooks), and the generation prompts must know which is which.
 *
 * Method: lower-case the words of the text; count how many are among the 40 most frequent function words of
 * English and of German (articles, pronouns, prepositions, auxiliaries — lists chosen from frequency lists of
 * each language, leaving out words spelled the same in both such as "in", "an", "so", "was"). Function words make up
 * roughly 40–50 % of running text in either language, so even a paragraph gives a clear signal. The language
 * with more hits wins when it has at least `minimumHits` hits and at least `minimumRatio` times as many as the
 * other; otherwise the answer is `unknown` (too little text, tables or formulas only, or another language).
 *
 * @example
 * detectLanguage('The QT interval is measured from the onset of the QRS complex.'); // 'en'
 * detectLanguage('Die QT-Zeit wird vom Beginn des QRS-Komplexes gemessen.'); // 'de'
 */
import type { Language } from '../schemas/corpus.js';

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'the', 'of', 'and', 'to', 'is', 'that', 'for', 'it', 'with', 'as', 'on', 'be', 'by', 'this', 'are', 'from', 'or',
  'an', 'at', 'which', 'not', 'have', 'has', 'but', 'were', 'been', 'their', 'these', 'can', 'may', 'when', 'there',
  'than', 'other', 'into', 'more', 'should', 'between', 'its', 'also',
]);

export const GERMAN_STOP_WORDS: ReadonlySet<string> = new Set([
  'der', 'die', 'und', 'den', 'von', 'zu', 'das', 'mit', 'sich', 'des', 'auf', 'für', 'ist', 'im', 'dem', 'nicht',
  'ein', 'eine', 'als', 'auch', 'es', 'zum', 'werden', 'aus', 'er', 'hat', 'dass', 'sie', 'nach', 'wird', 'bei',
  'einer', 'um', 'zur', 'sind', 'noch', 'wie', 'einem', 'über', 'durch',
]);

export interface LanguageScores {
  language: Language;
  englishHits: number;
  germanHits: number;
  words: number;
}

/** Detects English or German with the stop-word profile (see module documentation), with the counts. */
export function scoreLanguage(text: string, options: { minimumHits?: number; minimumRatio?: number } = {}): LanguageScores {
  const minimumHits = options.minimumHits ?? 3;
  const minimumRatio = options.minimumRatio ?? 1.5;
  let englishHits = 0;
  let germanHits = 0;
  let words = 0;
  for (const match of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    words++;
    if (ENGLISH_STOP_WORDS.has(match[0])) englishHits++;
    if (GERMAN_STOP_WORDS.has(match[0])) germanHits++;
  }
  let language: Language = 'unknown';
  if (englishHits >= minimumHits && englishHits >= minimumRatio * germanHits) language = 'en';
  else if (germanHits >= minimumHits && germanHits >= minimumRatio * englishHits) language = 'de';
  return { language, englishHits, germanHits, words };
}

/** `en`, `de` or `unknown` for a text (see module documentation). */
export function detectLanguage(text: string, options: { minimumHits?: number; minimumRatio?: number } = {}): Language {
  return scoreLanguage(text, options).language;
}
