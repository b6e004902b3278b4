/**
 * The verdict parser of absolute (1–5) grading. Documented rules, tried in this order on the reply with any
 * `<think>…</think>` block removed:
 *
 * 1. **Prometheus marker** `[RESULT] 4` (also `[RESULT]: 4`, `[RESULT] (4)`, `[RESULT] 4/5`) — the output format
 *    of Prometheus 2 (Kim et al. 2024, arXiv 2405.01535, §3 and appendix prompts). The feedback is the text
 *    before the marker, without a leading `Feedback:` label.
 * 2. **JSON** `{"feedback": "...", "score": 4}` (also a ```json fence; `score` may be a numeric string).
 * 3. **Labelled score** `Score: 4`, `Score: 4/5`, `Rating: 4`, `**Score:** 4` (case-insensitive).
 *
 * Within one rule the **last** occurrence wins (a judge may quote the rubric before giving its verdict). A score
 * that is not an integer from 1 to 5 (e.g. `[RESULT] 7`, `Score: 3.5`) is not guessed into range: the verdict is
 * unparseable, with the reason in `parseError`, like a reply with no verdict at all.
 */
import type { AbsoluteJudgement } from './judgement-schemas.js';
import { findJsonObject, nonEmpty, stripReasoning } from './judge-reply-text.js';

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
const RESULT_MARKER = new RegExp(`\\[RESULT\\]\\s*:?\\s*\\(?\\s*${NUMBER}\\s*\\)?(?:\\s*/\\s*\\d+)?`, 'gi');
const LABELLED_SCORE = new RegExp(`(?:^|[^a-z])(?:score|rating)\\s*\\**\\s*[:=]\\s*\\**\\s*\\(?${NUMBER}\\)?(?:\\s*/\\s*\\d+)?`, 'gi');

function checkScore(value: number, where: string, raw: string, feedback: string | null): AbsoluteJudgement {
  if (Number.isInteger(value) && value >= 1 && value <= 5) return { score: value, feedback, raw, parsed: true };
  return { score: null, feedback, raw, parsed: false, parseError: `${where} gives ${value}, which is not an integer from 1 to 5` };
}

function stripFeedbackLabel(text: string): string | null {
  return nonEmpty(text.replace(/^\s*(?:\*\*)?feedback(?:\*\*)?\s*:?\s*(?:\*\*)?/i, ''));
}

/**
 * Parses an absolute grade from a judge's reply.
 *
 * @example
 * parseAbsoluteVerdict('Feedback: The answer names the delta wave correctly. [RESULT] 4');
 * // { score: 4, feedback: 'The answer names the delta wave correctly.', raw: '…', parsed: true }
 * parseAbsoluteVerdict('I cannot grade this.').parsed; // false
 */
export function parseAbsoluteVerdict(raw: string): AbsoluteJudgement {
  const text = stripReasoning(raw);
  const markers = [...text.matchAll(RESULT_MARKER)];
  const marker = markers.at(-1);
  if (marker) return checkScore(Number(marker[1]), `the marker "${marker[0].trim()}"`, raw, stripFeedbackLabel(text.slice(0, marker.index)));

  const json = findJsonObject(text);
  if (json && 'score' in json) {
    const feedback = typeof json.feedback === 'string' ? nonEmpty(json.feedback) : null;
    const value = typeof json.score === 'number' ? json.score : typeof json.score === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(json.score) ? Number(json.score) : Number.NaN;
    if (Number.isNaN(value)) return { score: null, feedback, raw, parsed: false, parseError: `the JSON field "score" is ${JSON.stringify(json.score)}, not a number` };
    return checkScore(value, 'the JSON field "score"', raw, feedback);
  }

  const labelled = [...text.matchAll(LABELLED_SCORE)].at(-1);
  if (labelled) return checkScore(Number(labelled[1]), `"${labelled[0].trim()}"`, raw, stripFeedbackLabel(text.slice(0, labelled.index)));

  return {
    score: null,
    feedback: nonEmpty(text),
    raw,
    parsed: false,
    parseError: text === '' ? 'the reply is empty' : 'no verdict found: expected "[RESULT] n", a JSON object with "score", or "Score: n"',
  };
}
