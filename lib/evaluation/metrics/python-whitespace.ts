/**
 * Python's `str.split()` with no argument splits on the characters for which `str.isspace()` is true. That set
 * differs from JavaScript's `\s`: it includes U+001C–U+001F and U+0085 and excludes U+FEFF. sacrebleu (and the
 * authors' NLTK BLEU) split tokens with `str.split()`, so metrics that must agree with them use this set.
 * Source: CPython `Objects/unicodeobject.c` (`_Py_ascii_whitespace` and `Py_UNICODE_ISSPACE`, Unicode
 * bidirectional types WS, B, S or category Zs).
 */
export const PYTHON_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

const PYTHON_WHITESPACE_GLOBAL = new RegExp(PYTHON_WHITESPACE.source, 'gu');
const TRAILING_PYTHON_WHITESPACE = new RegExp(`${PYTHON_WHITESPACE.source}$`, 'u');

/**
 * Python's `text.split()`: the non-empty runs between whitespace.
 *
 * @example
 * splitOnPythonWhitespace('  a\tb\x1c c '); // ['a', 'b', 'c']
 */
export function splitOnPythonWhitespace(text: string): string[] {
  return text.split(PYTHON_WHITESPACE_GLOBAL).filter((token) => token.length > 0);
}

/**
 * Python's `text.rstrip()`.
 *
 * @example
 * rstripPython('a b \n'); // 'a b'
 */
export function rstripPython(text: string): string {
  return text.replace(TRAILING_PYTHON_WHITESPACE, '');
}
