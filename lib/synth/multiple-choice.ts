/**
 * Multiple-choice checks and option shuffling.
 *
 * A generated item is accepted when it has exactly four options, their texts are distinct (after trimming,
 * case folding and collapsing white space) and exactly one is marked correct. Accepted items get their options
 * shuffled with a random source forked per item (`random.fork(itemKey)`), so the order of one item depends only
 * on the seed and that item's key: adding, removing or re-ordering other items never reshuffles it. The
 * position the model originally gave the correct option is kept (`generatedAnswer`), so the model's own
 * position bias can be reported next to the shuffled distribution.
 */
import { err, ok, type Result } from '../core/result.js';
import type { SeededRandom } from '../core/random.js';
import type { OptionLetter } from '../schemas/synthesis.js';
import type { McDraft } from './reply-schemas.js';

export const OPTION_LETTERS: readonly OptionLetter[] = ['A', 'B', 'C', 'D'];

/** A checked multiple-choice item in the model's original option order. */
export interface CheckedMultipleChoice {
  question: string;
  options: string[];
  correctIndex: number;
}

function optionKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Checks the four-options / distinct / exactly-one-correct rules; the error names the broken rule. */
export function checkMultipleChoice(draft: McDraft): Result<CheckedMultipleChoice, string> {
  if (draft.options.length !== 4) return err(`expected exactly 4 options, got ${draft.options.length}`);
  const texts = draft.options.map((option) => option.text.trim());
  const distinct = new Set(texts.map(optionKey));
  if (distinct.size !== 4) return err(`options must be distinct, got ${distinct.size} distinct of 4`);
  const correct = draft.options.flatMap((option, index) => (option.is_correct ? [index] : []));
  if (correct.length !== 1) return err(`expected exactly 1 correct option, got ${correct.length}`);
  return ok({ question: draft.question.trim(), options: texts, correctIndex: correct[0] as number });
}

/** A multiple-choice item after shuffling: options in presentation order and the letter of the correct one. */
export interface ShuffledMultipleChoice {
  options: string[];
  answer: OptionLetter;
  /** The letter the correct option had in the model's own order. */
  generatedAnswer: OptionLetter;
}

/**
 * Shuffles the options of a checked item (Fisher-Yates with `random.fork(itemKey)`) and returns the letter of
 * the correct option.
 */
export function shuffleOptions(item: CheckedMultipleChoice, random: SeededRandom, itemKey: string): ShuffledMultipleChoice {
  const order = random.fork(itemKey).shuffle([0, 1, 2, 3]);
  const options = order.map((index) => item.options[index] as string);
  const answerIndex = order.indexOf(item.correctIndex);
  return {
    options,
    answer: OPTION_LETTERS[answerIndex] as OptionLetter,
    generatedAnswer: OPTION_LETTERS[item.correctIndex] as OptionLetter,
  };
}

/** The question with its options inlined as the authors' training and evaluation files have them. */
export function formatMultipleChoiceQuestion(question: string, options: readonly string[]): string {
  return [question.trim(), ...options.map((option, index) => `${OPTION_LETTERS[index]}) ${option.trim()}`)].join(' ');
}
