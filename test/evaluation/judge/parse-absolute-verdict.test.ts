import { describe, expect, it } from 'vitest';
import { parseAbsoluteVerdict } from '../../../lib/evaluation/judge/parse-absolute-verdict.js';

// Expected values follow from the documented rules of lib/evaluation/judge/parse-absolute-verdict.ts; the
// "[RESULT] n" form is Prometheus 2's output format (Kim et al. 2024, arXiv 2405.01535, appendix prompts).
describe('parseAbsoluteVerdict', () => {
  it('reads the Prometheus marker and keeps the feedback before it', () => {
    const raw = 'Feedback: The response names pre-excitation correctly but omits the short PR interval. [RESULT] 4';
    expect(parseAbsoluteVerdict(raw)).toEqual({
      score: 4,
      feedback: 'The response names pre-excitation correctly but omits the short PR interval.',
      raw,
      parsed: true,
    });
    expect(parseAbsoluteVerdict('Good. [RESULT]: (5)').score).toBe(5);
    expect(parseAbsoluteVerdict('Weak. [RESULT] 2/5').score).toBe(2);
  });

  it('takes the last marker, so a quoted rubric line does not win', () => {
    expect(parseAbsoluteVerdict('The format asks for [RESULT] 1 to 5. Here the answer is wrong. [RESULT] 1').score).toBe(1);
    expect(parseAbsoluteVerdict('Quoting "[RESULT] 5" as an example; actual: [RESULT] 3').score).toBe(3);
  });

  it('reads JSON, fenced or bare, with a numeric-string score', () => {
    expect(parseAbsoluteVerdict('{"feedback": "Correct and complete.", "score": 5}')).toMatchObject({ score: 5, feedback: 'Correct and complete.', parsed: true });
    expect(parseAbsoluteVerdict('Here it is:\n```json\n{"feedback": "Wrong axis.", "score": "2"}\n```')).toMatchObject({ score: 2, feedback: 'Wrong axis.' });
  });

  it('reads a labelled score and strips a reasoning block', () => {
    expect(parseAbsoluteVerdict('The answer is accurate.\n**Score:** 4/5').score).toBe(4);
    expect(parseAbsoluteVerdict('<think>Score: 1? no, [RESULT] 1 is too harsh</think>Feedback: fine. [RESULT] 3').score).toBe(3);
  });

  it('records out-of-range, fractional and missing verdicts as unparseable', () => {
    expect(parseAbsoluteVerdict('Excellent. [RESULT] 7')).toMatchObject({ score: null, parsed: false, parseError: expect.stringContaining('7') });
    expect(parseAbsoluteVerdict('Score: 3.5')).toMatchObject({ score: null, parsed: false });
    expect(parseAbsoluteVerdict('{"score": "high"}')).toMatchObject({ score: null, parsed: false, parseError: expect.stringContaining('"high"') });
    expect(parseAbsoluteVerdict('I would rather not grade this answer.')).toMatchObject({ score: null, parsed: false, parseError: expect.stringContaining('no verdict') });
    expect(parseAbsoluteVerdict('   ')).toMatchObject({ parsed: false, parseError: 'the reply is empty' });
  });
});
