import { describe, expect, it } from 'vitest';
import { rougeTokenize } from '../../../lib/evaluation/metrics/rouge-tokenize.js';

describe('rougeTokenize', () => {
  it('rouge/tokenize_test.py test_give_me_a_name: lowercases and splits on any whitespace', () => {
    // google-research/google-research rouge/tokenize_test.py: ['one', 'two', 'three'] for both inputs.
    expect(rougeTokenize('one Two three')).toEqual(['one', 'two', 'three']);
    expect(rougeTokenize('one\n Two \nthree')).toEqual(['one', 'two', 'three']);
  });

  it('replaces non [a-z0-9] by spaces and stems only tokens longer than three characters', () => {
    // Stems from NLTK 3.8 PorterStemmer (Debian python3-nltk): interval -> interv, prolonged -> prolong,
    // was -> wa; 'was' has three letters, so rouge-score leaves it unstemmed.
    expect(rougeTokenize('The QT-interval was prolonged; Schöne', true)).toEqual(['the', 'qt', 'interv', 'was', 'prolong', 'sch', 'ne']);
    expect(rougeTokenize('The QT-interval was prolonged; Schöne', false)).toEqual(['the', 'qt', 'interval', 'was', 'prolonged', 'sch', 'ne']);
    expect(rougeTokenize(' ... ')).toEqual([]);
  });
});
