import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { porterStem } from '../../../lib/evaluation/metrics/porter-stem.js';

// Expected stems: test/reference/porter-stems.json, written by test/reference/porter_stems.py with NLTK 3.8
// (Debian python3-nltk) PorterStemmer() in its default NLTK_EXTENSIONS mode, the stemmer rouge-score uses.
const reference = JSON.parse(readFileSync(new URL('../../reference/porter-stems.json', import.meta.url), 'utf8')) as {
  nltk: string;
  stems: Record<string, string>;
};

describe('porterStem against NLTK PorterStemmer (NLTK_EXTENSIONS)', () => {
  it('stems every word of the reference list (demo-corpus vocabulary + every 4th wamerican word) as NLTK 3.8 does', () => {
    const entries = Object.entries(reference.stems);
    expect(entries.length).toBeGreaterThan(25000);
    const mismatches = entries.filter(([word, stem]) => porterStem(word) !== stem).map(([word, stem]) => `${word}: ${porterStem(word)} != ${stem}`);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it.each([
    // Porter 1980 paper examples as NLTK prints them (values in porter-stems.json).
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'tie'],
    ['agreed', 'agre'],
    ['happy', 'happi'],
    // NLTK extensions: irregular forms, short words, y after a lone consonant, recursive alli.
    ['dying', 'die'],
    ['skies', 'sky'],
    ['by', 'by'],
    ['spy', 'spi'],
    ['radically', 'radic'],
  ])('%s -> %s', (word, stem) => {
    expect(reference.stems[word]).toBe(stem);
    expect(porterStem(word)).toBe(stem);
  });
});
