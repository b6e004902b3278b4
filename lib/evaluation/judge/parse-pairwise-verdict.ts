/**
 * The verdict parser of pairwise comparison. Documented rules, tried in this order on the reply with any
 * `<think>…</think>` block removed:
 *
 * 1. **Prometheus marker** `[RESULT] A` / `[RESULT] B` (Prometheus 2's relative-grading format, Kim et al. 2024,
 *    arXiv 2405.01535), extended with `[RESULT] TIE`; also `[RESULT]: (A)`, `[RESULT] Response A`.
 * 2. **JSON** `{"feedback": "...", "winner": "A" | "B" | "tie"}` (also `better`, `verdict` or `result` as the key).
 * 3. **Labelled** `Winner: A`, `Better response: B`, `Verdict: tie`.
 *
 * The last occurrence of the first rule that matches wins. Anything else (no verdict, `[RESULT] C`) is
 * unparseable with a reason.
 */
import type { PairwiseVerdict } from './judgement-schemas.js';
import { findJsonObject, nonEmpty, stripReasoning } from './judge-reply-text.js';

export interface ParsedPairwiseVerdict {
  verdict: PairwiseVerdict | null;
  feedback: string | null;
  parsed: boolean;
  parseError?: string;
}

const TOKEN = '\\(?\\s*(?:response\\s+)?([a-z]+)\\s*\\)?';
const RESULT_MARKER = new RegExp(`\\[RESULT\\]\\s*:?\\s*${TOKEN}`, 'gi');
const LABELLED = new RegExp(`(?:^|[^a-z])(?:winner|better response|verdict)\\s*\\**\\s*[:=]\\s*\\**\\s*${TOKEN}`, 'gi');

function toVerdict(token: string): PairwiseVerdict | undefined {
  const lower = token.trim().toLowerCase();
  if (lower === 'a') return 'A';
  if (lower === 'b') return 'B';
  if (lower === 'tie' || lower === 'draw') return 'tie';
  return undefined;
}

function fromMatch(match: RegExpMatchArray, text: string): ParsedPairwiseVerdict {
  const feedback = nonEmpty(text.slice(0, match.index).replace(/^\s*(?:\*\*)?feedback(?:\*\*)?\s*:?\s*(?:\*\*)?/i, ''));
  const verdict = toVerdict(match[1] ?? '');
  if (verdict) return { verdict, feedback, parsed: true };
  return { verdict: null, feedback, parsed: false, parseError: `"${match[0].trim()}" names neither A, B nor a tie` };
}

/**
 * Parses a pairwise verdict (positions as shown: `A` first, `B` second).
 *
 * @example
 * parsePairwiseVerdict('Response B names the criteria; A does not. [RESULT] B').verdict; // 'B'
 * parsePairwiseVerdict('{"feedback": "Both are correct.", "winner": "tie"}').verdict;     // 'tie'
 */
export function parsePairwiseVerdict(raw: string): ParsedPairwiseVerdict {
  const text = stripReasoning(raw);
  const marker = [...text.matchAll(RESULT_MARKER)].at(-1);
  if (marker) return fromMatch(marker, text);
  const json = findJsonObject(text);
  if (json) {
    const key = ['winner', 'better', 'verdict', 'result'].find((name) => name in json);
    if (key) {
      const feedback = typeof json.feedback === 'string' ? nonEmpty(json.feedback) : null;
      const value = json[key];
      const verdict = typeof value === 'string' ? toVerdict(value.replace(/^response\s+/i, '')) : undefined;
      if (verdict) return { verdict, feedback, parsed: true };
      return { verdict: null, feedback, parsed: false, parseError: `the JSON field "${key}" is ${JSON.stringify(json[key])}, not "A", "B" or "tie"` };
    }
  }
  const labelled = [...text.matchAll(LABELLED)].at(-1);
  if (labelled) return fromMatch(labelled, text);
  return {
    verdict: null,
    feedback: nonEmpty(text),
    parsed: false,
    parseError: text === '' ? 'the reply is empty' : 'no verdict found: expected "[RESULT] A|B|TIE", a JSON object with "winner", or "Winner: A|B"',
  };
}
