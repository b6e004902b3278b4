import { describe, expect, it } from 'vitest';
import { legacyApiParseChoiceLetter, legacyLocalParseChoiceLetter } from '../../../lib/evaluation/multiple-choice/legacy-parse-choice-letter.js';
import { letterLoglikelihood } from '../../../lib/evaluation/multiple-choice/letter-loglikelihood.js';
import { parseChoiceLetter } from '../../../lib/evaluation/multiple-choice/parse-choice-letter.js';

const CHOICES = ['Atrial fibrillation', 'Sinus rhythm', 'Left bundle branch block', 'A wide QRS complex'];

// Expected letters follow from the rules documented in parse-choice-letter.ts (the specification under test).
describe('parseChoiceLetter', () => {
  it.each([
    ['The correct answer is B', 'B', 'answer-phrase'],
    ['The correct answer is: c', 'C', 'answer-phrase'],
    ['Answer: D', 'D', 'answer-phrase'],
    ['I believe the answer is (A).', 'A', 'answer-phrase'],
    ['The correct option is **C**', 'C', 'answer-phrase'],
    ['Based on the ECG, I would choose option B', 'B', 'answer-phrase'],
    ['<think>A or B? The answer is A.</think>The correct answer is B', 'B', 'answer-phrase'],
    ['B', 'B', 'bare-letter'],
    ['B.', 'B', 'bare-letter'],
    ['(C) Left bundle branch block', 'C', 'bare-letter'],
    ['**D**', 'D', 'bare-letter'],
    ['A: Atrial fibrillation', 'A', 'bare-letter'],
    ['Sinus rhythm.', 'B', 'option-text'],
    ['"left bundle branch block"', 'C', 'option-text'],
  ])('%j → %s (%s)', (reply, letter, rule) => {
    expect(parseChoiceLetter(reply, CHOICES)).toEqual({ value: letter, rule });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['I am not sure.', 'none'],
    // An article, not option A: neither at the start nor after "answer is".
    ['A wide QRS suggests a ventricular origin.', 'none'],
    ['The answer is a broad complex rhythm.', 'none'],
    // "The…" is not option T, and "Because" does not start with a lone B.
    ['The patient has sinus rhythm', 'none'],
    ['Because of the delta wave', 'none'],
    // Two different stated answers: refuse to guess.
    ['The answer is A. On reflection, the answer is C.', 'ambiguous'],
    // Only unfinished reasoning.
    ['<think>Let me consider B', 'empty'],
  ])('%j is unparseable (%s)', (reply, rule) => {
    expect(parseChoiceLetter(reply, CHOICES)).toEqual({ value: null, rule });
  });

  it('"option A is wrong" is not a statement of the answer', () => {
    expect(parseChoiceLetter('Option A is wrong; the correct answer is D', CHOICES)).toEqual({ value: 'D', rule: 'answer-phrase' });
  });
});

// Expected values follow the authors' procedure as described in authors-pipeline §5.1 and §5.2.
describe("the authors' parsers", () => {
  it.each([
    ['The correct answer is: b', 'B', 'legacy-marker'],
    ['Answer: 3', 'C', 'legacy-marker'],
    ['system\n…\nassistant\n\nThe correct answer is D', 'D', 'legacy-marker'],
    // No marker: the first character of the text.
    ['Option C', 'O', 'legacy-first-character'],
    ['The patient has…', 'T', 'legacy-first-character'],
    // "answer is" comes before "answer is:" in their list, so the first character after it is ":" .
    ['My answer is: A', ':', 'legacy-marker'],
  ])('local: %j → %s', (reply, value, rule) => {
    expect(legacyLocalParseChoiceLetter(reply)).toEqual({ value, rule });
  });

  it('local: an empty reply is the exception their code dropped from the denominator', () => {
    expect(legacyLocalParseChoiceLetter('  ')).toEqual({ value: null, rule: 'empty' });
  });

  it('API: exact string match, no strip', () => {
    expect(legacyApiParseChoiceLetter('A')).toEqual({ value: 'A', rule: 'legacy-exact' });
    expect(legacyApiParseChoiceLetter(' A').value).toBe(' A');
    expect(legacyApiParseChoiceLetter('').value).toBeNull();
  });
});

describe('letterLoglikelihood', () => {
  it('takes the highest log-probability per letter over spellings with and without a leading space', () => {
    const result = letterLoglikelihood([
      { token: 'C', logprob: -0.5, top: [{ token: 'C', logprob: -0.5 }, { token: ' B', logprob: -1.2 }, { token: 'B', logprob: -2.0 }, { token: 'The', logprob: -3 }] },
    ]);
    expect(result).toEqual({ value: 'C', rule: 'loglikelihood', letterLogprobs: { A: null, B: -1.2, C: -0.5, D: null } });
  });

  it('no letter among the alternatives, or no log-probabilities: unparseable', () => {
    expect(letterLoglikelihood([{ token: 'The', logprob: -0.1, top: [{ token: 'The', logprob: -0.1 }] }]).value).toBeNull();
    expect(letterLoglikelihood(undefined)).toMatchObject({ value: null, rule: 'no-logprobs' });
  });
});
