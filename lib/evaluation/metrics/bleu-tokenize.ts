import type { BleuTokenizer } from './metric-schemas.js';
import { splitOnPythonWhitespace } from './python-whitespace.js';

// 13a (mteval-v13a.pl as sacrebleu's Tokenizer13a + TokenizerRegexp): ASCII punctuation and symbols become
// tokens; '.' and ',' split off unless between digits; '-' split off after a digit.
const ASCII_PUNCTUATION = /([\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40\x2f])/gu;
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/gu;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/gu;
const DASH_AFTER_DIGIT = /([0-9])(-)/gu;
// intl (mteval-v14.pl --international-tokenization as sacrebleu's TokenizerV14International).
const PUNCTUATION_AFTER_NON_NUMBER = /(\P{N})(\p{P})/gu;
const PUNCTUATION_BEFORE_NON_NUMBER = /(\p{P})(\P{N})/gu;
const SYMBOL = /(\p{S})/gu;

function joinTokens(text: string): string {
  return splitOnPythonWhitespace(text).join(' ');
}

function tokenize13a(line: string): string {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  text = ` ${text} `;
  text = text.replace(ASCII_PUNCTUATION, ' $1 ');
  text = text.replace(PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ');
  text = text.replace(PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2');
  text = text.replace(DASH_AFTER_DIGIT, '$1 $2 ');
  return joinTokens(text);
}

function tokenizeInternational(line: string): string {
  let text = line.replace(PUNCTUATION_AFTER_NON_NUMBER, '$1 $2 ');
  text = text.replace(PUNCTUATION_BEFORE_NON_NUMBER, ' $1 $2');
  text = text.replace(SYMBOL, ' $1 ');
  return joinTokens(text);
}

/**
 * Tokenizes one segment the way sacrebleu 2.x does before counting n-grams, returning the tokens joined by single
 * spaces (as sacrebleu's tokenizers do).
 *
 * - `13a`: mteval-v13a.pl, WMT's standard: unescapes `&quot; &amp; &lt; &gt;`, drops `<skipped>`, splits ASCII
 *   punctuation and symbols into tokens, keeps `.` and `,` inside numbers.
 * - `intl`: mteval-v14.pl international tokenization: Unicode punctuation (`\p{P}`) split off unless between
 *   numbers (`\p{N}`), every symbol (`\p{S}`) a token.
 * - `char`: every Unicode code point a token (whitespace dropped).
 * - `none`: the segment as it is.
 *
 * Reference: Post, "A Call for Clarity in Reporting BLEU Scores", WMT 2018; sacrebleu 2.6.0
 * `sacrebleu/tokenizers/tokenizer_13a.py`, `tokenizer_re.py`, `tokenizer_intl.py`, `tokenizer_char.py`.
 *
 * @example
 * bleuTokenize('Hello, world (1,000.5)!', '13a'); // 'Hello , world ( 1,000.5 ) !'
 */
export function bleuTokenize(line: string, tokenizer: BleuTokenizer): string {
  switch (tokenizer) {
    case '13a':
      return tokenize13a(line);
    case 'intl':
      return tokenizeInternational(line);
    case 'char':
      return Array.from(line).join(' ');
    case 'none':
      return line;
  }
}
