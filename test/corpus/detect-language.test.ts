import { describe, expect, it } from 'vitest';
import { detectLanguage, scoreLanguage } from '../../lib/corpus/detect-language.js';

describe('detectLanguage', () => {
  it('tells English from German by stop words', () => {
    // Stop-word hits counted by hand: the x3, is, from, of -> 6 English; none German.
    expect(scoreLanguage('The QT interval is measured from the onset of the QRS complex.')).toMatchObject({ language: 'en', englishHits: 6, germanHits: 0 });
    // die, wird, des -> 3 German hits; none English.
    expect(scoreLanguage('Die QT-Zeit wird vom Beginn des QRS-Komplexes gemessen.')).toMatchObject({ language: 'de', germanHits: 3, englishHits: 0 });
    expect(detectLanguage('Vorhofflimmern ist die häufigste anhaltende Herzrhythmusstörung und wird im EKG an der absoluten Arrhythmie erkannt.')).toBe('de');
  });

  it('answers unknown for too little or mixed evidence', () => {
    expect(detectLanguage('QRS 120 ms; PR 200 ms; QTc 440 ms')).toBe('unknown');
    expect(detectLanguage('')).toBe('unknown');
    // 3 English hits (the, of, and) against 3 German hits (der, die, und): neither is 1.5 times the other.
    expect(detectLanguage('the of and der die und')).toBe('unknown');
  });
});
