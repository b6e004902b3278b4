import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { legacyMeanSentenceBleu } from '../../../lib/evaluation/metrics/legacy-mean-sentence-bleu.js';
import { nltkSentenceBleu } from '../../../lib/evaluation/metrics/nltk-sentence-bleu.js';
import { pythonFsum } from '../../../lib/evaluation/metrics/python-fsum.js';
import { expectClose, expectInvalidArgument } from '../../stats/expect-close.js';

// Expected values: test/reference/nltk-bleu.json, written by test/reference/nltk_bleu.py with NLTK 3.8
// (Debian python3-nltk, Python 3.11): sentence_bleu([r.split() for r in refs], hyp.split()), no smoothing.
const reference = JSON.parse(readFileSync(new URL('../../reference/nltk-bleu.json', import.meta.url), 'utf8')) as {
  cases: { hypothesis: string; references: string[]; bleu: number }[];
  meanOfSingleReferenceCases: number;
};

describe('nltkSentenceBleu against NLTK 3.8 sentence_bleu', () => {
  it('reproduces every reference case (edge cases + 186 demo-question pairs) to 1e-12 relative', () => {
    expect(reference.cases.length).toBeGreaterThan(190);
    for (const { hypothesis, references, bleu } of reference.cases) {
      expectClose(nltkSentenceBleu(hypothesis, references), bleu, 1e-12);
    }
  });

  it('is exactly 0 without a unigram match, but tiny and positive for short exact matches (method0 float_info.min)', () => {
    // nltk-bleu.json: 0.0, 1.2213386697554703e-77 and 1.491668146240062e-154.
    expect(nltkSentenceBleu('the cat sat on the mat', ['a dog lay under a rug'])).toBe(0);
    expect(nltkSentenceBleu('', ['sinus rhythm'])).toBe(0);
    expectClose(nltkSentenceBleu('the cat sat', ['the cat sat']), 1.2213386697554703e-77, 1e-12);
    expectClose(nltkSentenceBleu('sinus rhythm', ['sinus rhythm']), 1.491668146240062e-154, 1e-12);
  });

  it('keeps case and attached punctuation (whitespace tokens), and the "assistant" prefix of the authors\' local runs', () => {
    const cases = new Map(reference.cases.map((each) => [each.hypothesis, each.bleu]));
    expectClose(nltkSentenceBleu('The QT interval is prolonged in hypokalaemia.', ['the QT interval is prolonged in hypokalaemia .']), cases.get('The QT interval is prolonged in hypokalaemia.')!, 1e-12);
    expectClose(nltkSentenceBleu('assistant\n\nAbout 40 to 60 beats per minute.', ['About 40 to 60 beats per minute.']), cases.get('assistant\n\nAbout 40 to 60 beats per minute.')!, 1e-12);
  });

  it('refuses an empty reference list', () => {
    expectInvalidArgument(() => nltkSentenceBleu('a', []), 'references');
  });
});

describe('legacyMeanSentenceBleu', () => {
  it('is the arithmetic mean of the single-reference cases (nltk-bleu.json meanOfSingleReferenceCases)', () => {
    const single = reference.cases.filter((each) => each.references.length === 1);
    const mean = legacyMeanSentenceBleu(single.map((each) => each.hypothesis), single.map((each) => each.references[0]!));
    expectClose(mean, reference.meanOfSingleReferenceCases, 1e-12);
  });

  it('refuses unequal lengths and an empty list', () => {
    expectInvalidArgument(() => legacyMeanSentenceBleu(['a'], []), 'references');
    expectInvalidArgument(() => legacyMeanSentenceBleu([], []), 'hypotheses');
  });
});

describe('pythonFsum', () => {
  it('is correctly rounded where a plain loop is not (Python docs, math.fsum example)', () => {
    // https://docs.python.org/3/library/math.html#math.fsum: sum([.1]*10) = 0.9999999999999999, fsum = 1.0
    expect(pythonFsum(new Array(10).fill(0.1))).toBe(1);
    // Exact cancellation: math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]) = 1e-100 (CPython
    // Lib/test/test_math.py test_fsum; rerun with Debian python3 3.11.2: 1e-100)
    expect(pythonFsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50])).toBe(1e-100);
    expect(pythonFsum([])).toBe(0);
  });
});
