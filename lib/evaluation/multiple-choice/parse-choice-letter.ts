/**
 * The workspace's multiple-choice reply parser. It reads the letter a reply commits to, and returns `null`
 * rather than guess: an unparseable reply is scored as wrong (never dropped from the denominator, the
 * authors' inflation, authors-pipeline §7.2).
 *
 * Rules, tried in order (the first that applies decides; `rule` in the result names it):
 * 1. `think`: reasoning in `<think>…</think>` is removed first (not a rule of its own).
 * 2. `answer-phrase`: an explicit statement — "answer is X", "answer: X", "correct option is (X)", "Answer - **X**" —
 *    , "I would choose (option) X" ("option A is wrong" is not a statement of the answer)
 *    case-insensitive; X is a letter A–D standing alone (followed by a non-letter or the end). If such
 *    statements name different letters, the reply is `ambiguous` (null).
 * 3. `bare-letter`: the reply starts with a lone letter: `B`, `B.`, `(B)`, `B)`, `**B**`, `B: text`.
 * 4. `option-text`: the reply is exactly the text of one option (ignoring case, surrounding quotes and final
 *    punctuation), or `X) <that option's text>`.
 * 5. otherwise `none` (null). No rule takes "the first character" of free text: "The patient…" is not option T,
 *    and "A wide QRS…" is not option A.
 */
import { CHOICE_LETTERS, type ChoiceLetter, type ParseOutcome } from '../../schemas/evaluation.js';

const ANSWER_PHRASE = /\b(?:answer|correct\s+(?:option|choice)|(?:choose|select|pick))\s*(?:is|would be|will be)?\s*[:=-]?\s*(?:option\s+|choice\s+)?[*_"'“]*\(?\s*([A-Da-d])\s*\)?(?![A-Za-z0-9])/gi;
const BARE_LETTER = /^[\s*_"'“(\[]*([A-D])(?:[\s*_"'”)\].:,;-]|$)/;

function normalise(text: string): string {
  return text
    .trim()
    .replace(/^["'“”*_]+|["'“”*_]+$/g, '')
    .replace(/[.!]+$/, '')
    .trim()
    .toLowerCase();
}

/**
 * Parses a reply to a multiple-choice question (see the module comment for the rules).
 *
 * @param reply the model's raw reply
 * @param choices the item's four options (for rule 4)
 * @example
 * parseChoiceLetter('The correct answer is B', choices);   // { value: 'B', rule: 'answer-phrase' }
 * parseChoiceLetter('(C) Left bundle branch block', choices); // { value: 'C', rule: 'bare-letter' }
 * parseChoiceLetter('I am not sure.', choices);              // { value: null, rule: 'none' }
 */
export function parseChoiceLetter(reply: string, choices: readonly string[] = []): ParseOutcome {
  const text = reply.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/<think>[\s\S]*$/i, '').trim();
  if (text === '') return { value: null, rule: 'empty' };
  const stated = new Set<ChoiceLetter>();
  for (const match of text.matchAll(ANSWER_PHRASE)) {
    const letter = match[1]!.toUpperCase() as ChoiceLetter;
    // A lower-case "a" after "answer is" is an article ("the answer is a wide QRS"), not option A.
    if (match[1] === 'a' && /^\s+[a-z]/.test(text.slice((match.index ?? 0) + match[0].length))) continue;
    stated.add(letter);
  }
  if (stated.size === 1) return { value: [...stated][0]!, rule: 'answer-phrase' };
  if (stated.size > 1) return { value: null, rule: 'ambiguous' };
  const bare = BARE_LETTER.exec(text);
  if (bare) {
    const rest = text.slice(bare[0].length).trim();
    // "A wide QRS complex…": an article starting a sentence, not a letter.
    if (!(bare[1] === 'A' && /^[a-z]/.test(rest) && !/[).:]/.test(bare[0]))) return { value: bare[1] as ChoiceLetter, rule: 'bare-letter' };
  }
  const wanted = normalise(text);
  const byText = choices.findIndex((choice) => normalise(choice) === wanted);
  if (byText >= 0 && choices.filter((choice) => normalise(choice) === wanted).length === 1) {
    return { value: CHOICE_LETTERS[byText]!, rule: 'option-text' };
  }
  return { value: null, rule: 'none' };
}
