import { porterStem } from './porter-stem.js';

const NON_ALPHANUMERIC = /[^a-z0-9]+/gu;
const VALID_TOKEN = /^[a-z0-9]+$/u;

/**
 * rouge-score's default tokenizer (`rouge_score.tokenize.tokenize` behind `tokenizers.DefaultTokenizer`), which
 * follows ROUGE-1.5.5: lowercase, replace every run of characters other than `a-z0-9` by a space, split on
 * whitespace, optionally Porter-stem (NLTK, see {@link porterStem}) the tokens longer than three characters, and
 * drop empty tokens. Non-ASCII letters are therefore separators (`"Schöne"` gives `sch`, `ne`).
 * Reference: google-research/google-research `rouge/tokenize.py` (rouge-score 0.1.2).
 *
 * @example
 * rougeTokenize('The QT-interval is prolonged.', true); // ['the', 'qt', 'interv', 'is', 'prolong']
 */
export function rougeTokenize(text: string, useStemmer = false): string[] {
  const tokens = text.toLowerCase().replace(NON_ALPHANUMERIC, ' ').split(/\s+/u);
  const stemmed = useStemmer ? tokens.map((token) => (token.length > 3 ? porterStem(token) : token)) : tokens;
  return stemmed.filter((token) => VALID_TOKEN.test(token));
}
