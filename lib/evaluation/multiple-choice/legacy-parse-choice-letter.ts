/**
 * The authors' multiple-choice parsers, kept to reproduce the paper's numbers (authors-pipeline §5.1, §5.2).
 */
import type { ParseOutcome } from '../../schemas/evaluation.js';

/** §5.1's markers, searched in this order; the first one present decides. */
const LOCAL_MARKERS = ['The correct answer is:', 'The correct answer is:', 'Answer:', 'answer is', 'answer is:', "Let's think: (", "Let's think: ", ':'];

/**
 * The authors' local-model parser (§5.1): take the text after the last `assistant`, find the first marker of
 * the list present in it, and take the first character after it (stripped, upper-cased); with no marker, the
 * first character of the whole text. `1`–`4` map to `A`–`D`. An empty reply raised an exception in their code
 * and the item was dropped from the denominator: here `value: null`, rule `empty`. Any other character is the
 * "prediction" (`"The patient…"` predicts `T`) and scores as wrong.
 *
 * @example
 * legacyLocalParseChoiceLetter('The correct answer is: b'); // { value: 'B', rule: 'legacy-marker' }
 * legacyLocalParseChoiceLetter('Option C is right');        // { value: 'O', rule: 'legacy-first-character' }
 */
export function legacyLocalParseChoiceLetter(reply: string): ParseOutcome {
  const afterAssistant = reply.includes('assistant') ? reply.slice(reply.lastIndexOf('assistant') + 'assistant'.length) : reply;
  let rest = afterAssistant;
  let rule = 'legacy-first-character';
  for (const marker of LOCAL_MARKERS) {
    const index = afterAssistant.indexOf(marker);
    if (index >= 0) {
      rest = afterAssistant.slice(index + marker.length);
      rule = 'legacy-marker';
      break;
    }
  }
  const first = rest.trim().charAt(0).toUpperCase();
  if (first === '') return { value: null, rule: 'empty' };
  const mapped = ({ '1': 'A', '2': 'B', '3': 'C', '4': 'D' } as Record<string, string>)[first] ?? first;
  return { value: mapped, rule };
}

/**
 * The authors' API scoring (§5.2): the reply must equal the letter exactly (`response.content == answer`), with
 * no strip; `" A"` or `"A."` are wrong. The reply itself is the prediction; only an empty reply is `null`.
 *
 * @example
 * legacyApiParseChoiceLetter('A');  // { value: 'A', rule: 'legacy-exact' }
 * legacyApiParseChoiceLetter(' A'); // { value: ' A', rule: 'legacy-exact' } (scores as wrong)
 */
export function legacyApiParseChoiceLetter(reply: string): ParseOutcome {
  if (reply === '') return { value: null, rule: 'empty' };
  return { value: reply, rule: 'legacy-exact' };
}
