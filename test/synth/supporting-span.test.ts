import { describe, expect, it } from 'vitest';
import { locateSupportingSpan, splitSentences, supportScore } from '../../lib/synth/supporting-span.js';

const unitText = [
  '## PR interval',
  'The PR interval is measured from the onset of the P wave to the onset of the QRS complex. In adults it normally lasts 120 to 200 ms.',
  'A PR interval above 200 ms defines first-degree AV block.',
  '## QRS complex',
  'A QRS duration of 120 ms or more indicates a bundle branch block or ventricular origin.',
].join('\n');

describe('splitSentences', () => {
  it('cuts at sentence ends and line breaks with exact offsets', () => {
    const sentences = splitSentences(unitText);
    expect(sentences.map((sentence) => sentence.text)).toEqual([
      '## PR interval',
      'The PR interval is measured from the onset of the P wave to the onset of the QRS complex.',
      'In adults it normally lasts 120 to 200 ms.',
      'A PR interval above 200 ms defines first-degree AV block.',
      '## QRS complex',
      'A QRS duration of 120 ms or more indicates a bundle branch block or ventricular origin.',
    ]);
    for (const sentence of sentences) expect(unitText.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });
});

describe('supportScore', () => {
  it('is the share of the answer content stems found in the text', () => {
    // Answer stems: adult, normal, last, 120, 200 (ms is two letters, not a content word); all five occur.
    expect(supportScore('How long is the PR interval?', 'In adults it normally lasts 120 to 200 ms.', unitText)).toBe(1);
    // Stems: delta, wave, short, interval → "wav" and "interval" occur: 2 of 4.
    expect(supportScore('What is pre-excitation?', 'A delta wave with a short PR interval.', unitText)).toBe(0.5);
  });
});

describe('locateSupportingSpan', () => {
  const unit = { text: unitText, span: { start: 1000, end: 1000 + unitText.length } };

  it('finds the smallest best-matching sentence window and shifts it into document offsets', () => {
    const located = locateSupportingSpan(unit, { question: 'What PR interval defines first-degree AV block?', answer: 'A PR interval above 200 ms.' });
    expect(located.located).toBe(true);
    expect(located.flags).toEqual([]);
    expect(located.score).toBe(1);
    const sentence = 'A PR interval above 200 ms defines first-degree AV block.';
    expect(located.span).toEqual({ start: 1000 + unitText.indexOf(sentence), end: 1000 + unitText.indexOf(sentence) + sentence.length });
  });

  it('uses a multi-sentence window when the answer spans sentences', () => {
    const located = locateSupportingSpan(unit, {
      question: 'How is the PR interval measured and what is its normal range?',
      answer: 'From the onset of the P wave to the onset of the QRS complex; normally 120 to 200 ms in adults.',
    });
    const first = 'The PR interval is measured';
    const last = 'lasts 120 to 200 ms.';
    expect(located.span).toEqual({ start: 1000 + unitText.indexOf(first), end: 1000 + unitText.indexOf(last) + last.length });
  });

  it('falls back to the whole unit and flags an unsupported answer', () => {
    const located = locateSupportingSpan(unit, { question: 'What causes torsades de pointes?', answer: 'Hypomagnesaemia and drugs prolonging repolarisation.' });
    expect(located).toEqual({ span: unit.span, located: false, score: 0, flags: ['answer-not-supported'] });
  });

  it('does not check sources in another language', () => {
    expect(locateSupportingSpan(unit, { question: 'q', answer: 'a' }, { checkable: false })).toEqual({
      span: unit.span,
      located: false,
      score: null,
      flags: ['support-not-checked'],
    });
  });
});
