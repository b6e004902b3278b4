import { describe, expect, it } from 'vitest';
import { bleuTokenize } from '../../../lib/evaluation/metrics/bleu-tokenize.js';
import { preprocessBleuSegment } from '../../../lib/evaluation/metrics/preprocess-bleu-segment.js';
import { rstripPython, splitOnPythonWhitespace } from '../../../lib/evaluation/metrics/python-whitespace.js';

describe('bleuTokenize', () => {
  it("intl keeps a number's sentence-final dot, 13a splits it (sacrebleu tokenizer_intl.py docstring)", () => {
    // sacrebleu 2.6.0 sacrebleu/tokenizers/tokenizer_intl.py: "a number (e.g., a year) followed by a dot at the
    // end of sentence is NOT tokenized ... The error is not present in the non-international version, which uses
    // `$norm_text = " $norm_text "`."
    expect(bleuTokenize('It happened in 2018.', 'intl')).toBe('It happened in 2018.');
    expect(bleuTokenize('It happened in 2018.', '13a')).toBe('It happened in 2018 .');
  });

  it('13a follows mteval-v13a: unescapes entities, drops <skipped>, keeps separators inside numbers', () => {
    // Derived from the rules in sacrebleu tokenizer_13a.py / tokenizer_re.py: '&quot;' -> '"', which is then a
    // token; '1,000.5' has ',' and '.' between digits; '-' after a digit is split off.
    expect(bleuTokenize('&quot;QT&quot; &amp; 1,000.5 mV<skipped>', '13a')).toBe('" QT " & 1,000.5 mV');
    expect(bleuTokenize('Rate 60-100 bpm', '13a')).toBe('Rate 60 - 100 bpm');
  });

  it('char makes every code point a token; none leaves the text alone', () => {
    expect(bleuTokenize('ST ↑', 'char')).toBe('S T   ↑');
    expect(bleuTokenize('  a,b ', 'none')).toBe('  a,b ');
  });

  it('preprocessing lowercases and right-strips before tokenizing (sacrebleu BLEU._preprocess_segment)', () => {
    expect(preprocessBleuSegment('The End. \n', { lowercase: true, tokenize: '13a' })).toBe('the end .');
  });
});

describe('Python whitespace', () => {
  it("splits and strips like Python's str.split() and str.rstrip()", () => {
    // Python 3.11.2: 'a\x1cb\x85c\ufeffd\u3000e  '.split() == ['a', 'b', 'c\ufeffd', 'e'];
    // 'x y \x1f\n'.rstrip() == 'x y'
    expect(splitOnPythonWhitespace('a\x1cb\x85c\ufeffd\u3000e  ')).toEqual(['a', 'b', 'c\ufeffd', 'e']);
    expect(rstripPython('x y \x1f\n')).toBe('x y');
  });
});
