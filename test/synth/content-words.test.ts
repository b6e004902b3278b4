import { describe, expect, it } from 'vitest';
import { contentStems, normalizedWords, stemWord } from '../../lib/synth/content-words.js';

describe('normalizedWords', () => {
  it('lower-cases, applies NFKC and splits at every non-letter, non-digit', () => {
    expect(normalizedWords('QRS-complex ≥ 0.12 s; Vorhofflimmern')).toEqual(['qrs', 'complex', '0', '12', 's', 'vorhofflimmern']);
    // NFKC folds the ligature "ﬁ" (U+FB01) into "fi".
    expect(normalizedWords('ﬁbrillation')).toEqual(['fibrillation']);
  });
});

describe('stemWord', () => {
  it('maps inflections of one word onto one stem (rules in content-words.ts)', () => {
    // Each expectation follows the documented rules by hand: -s, -es after s/sh/ch/x/z, -ies→y, -ing, -ed, -ly, final -e.
    expect(['wave', 'waves'].map(stemWord)).toEqual(['wav', 'wav']);
    expect(['increase', 'increased', 'increasing', 'increases'].map(stemWord)).toEqual(['increas', 'increas', 'increas', 'increas']);
    expect(['branch', 'branches'].map(stemWord)).toEqual(['branch', 'branch']);
    expect(['arrhythmia', 'arrhythmias', 'therapies', 'therapy'].map(stemWord)).toEqual(['arrhythmia', 'arrhythmia', 'therapy', 'therapy']);
    expect(['prolonged', 'prolong', 'markedly'].map(stemWord)).toEqual(['prolong', 'prolong', 'marked']); // one suffix only: -ly
    // Words of three letters or fewer, words with digits and -ss/-us/-is endings stay as they are.
    expect(['qrs', 'v1', 'bundle', 'bypass', 'sinus', 'axis'].map(stemWord)).toEqual(['qrs', 'v1', 'bundl', 'bypass', 'sinus', 'axis']);
  });
});

describe('contentStems', () => {
  it('drops function words and keeps numbers', () => {
    expect(contentStems('What is the normal PR interval? It is 120 to 200 ms.')).toEqual(['normal', 'interval', '120', '200']);
  });
});
