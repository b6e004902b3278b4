import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { answerLetterDistribution } from '../../lib/synth/letter-distribution.js';
import { checkMultipleChoice, formatMultipleChoiceQuestion, shuffleOptions } from '../../lib/synth/multiple-choice.js';

const draft = (flags: boolean[], texts = ['Atrial flutter', 'Atrial fibrillation', 'Sinus tachycardia', 'AV nodal re-entry']) => ({
  question: ' Which rhythm shows sawtooth F waves in the inferior leads? ',
  options: texts.map((text, index) => ({ text, is_correct: flags[index] ?? false })),
});

describe('checkMultipleChoice', () => {
  it('accepts exactly four distinct options with one correct', () => {
    const checked = checkMultipleChoice(draft([true, false, false, false]));
    expect(checked).toEqual({
      ok: true,
      value: {
        question: 'Which rhythm shows sawtooth F waves in the inferior leads?',
        options: ['Atrial flutter', 'Atrial fibrillation', 'Sinus tachycardia', 'AV nodal re-entry'],
        correctIndex: 0,
      },
    });
  });

  it('names the rule an item breaks', () => {
    expect(checkMultipleChoice(draft([false, false, false, false]))).toEqual({ ok: false, error: 'expected exactly 1 correct option, got 0' });
    expect(checkMultipleChoice(draft([true, true, false, false]))).toEqual({ ok: false, error: 'expected exactly 1 correct option, got 2' });
    expect(checkMultipleChoice(draft([true], ['A', 'B', 'C']))).toEqual({ ok: false, error: 'expected exactly 4 options, got 3' });
    expect(checkMultipleChoice(draft([true], ['Flutter', ' flutter ', 'C', 'D']))).toEqual({
      ok: false,
      error: 'options must be distinct, got 3 distinct of 4',
    });
  });
});

describe('shuffleOptions', () => {
  const item = { question: 'q', options: ['right', 'w1', 'w2', 'w3'], correctIndex: 0 };

  it('keeps the correct option under its letter and records the generated letter', () => {
    const shuffled = shuffleOptions(item, createRandom(5), 'mc-0000000000000001');
    expect([...shuffled.options].sort()).toEqual(['right', 'w1', 'w2', 'w3']);
    expect(shuffled.options['ABCD'.indexOf(shuffled.answer)]).toBe('right');
    expect(shuffled.generatedAnswer).toBe('A');
  });

  it('depends only on the seed and the item key, not on other items', () => {
    const random = createRandom(9);
    const alone = shuffleOptions(item, createRandom(9), 'key-b');
    shuffleOptions(item, random, 'key-a'); // another item shuffled first from the same source
    random.next();
    expect(shuffleOptions(item, random, 'key-b')).toEqual(alone);
    const orders = (seed: number) => Array.from({ length: 20 }, (_, index) => shuffleOptions(item, createRandom(seed), `k${index}`).options.join());
    expect(orders(10)).toEqual(orders(10));
    expect(orders(10)).not.toEqual(orders(11));
  });

  it('spreads the correct answer uniformly over A-D', () => {
    // 4000 items whose model always put the answer first. After shuffling, Pearson's X² against uniform must
    // stay below the 0.999 quantile of χ²(3), 16.266 (scipy.stats.chi2.ppf(0.999, 3)).
    const random = createRandom(2025);
    const letters = Array.from({ length: 4000 }, (_, index) => shuffleOptions(item, random, `item-${index}`).answer);
    const distribution = answerLetterDistribution(letters);
    expect(distribution.chiSquare as number).toBeLessThan(16.26623619623813);
    expect(answerLetterDistribution(letters.map(() => 'A' as const)).chiSquare).toBe(12000);
  });
});

describe('formatMultipleChoiceQuestion', () => {
  it('inlines the options as A) … D) with single spaces, as the authors did', () => {
    expect(formatMultipleChoiceQuestion('Which wave? ', ['P', 'Q', 'R', 'T'])).toBe('Which wave? A) P B) Q C) R D) T');
  });
});
