import { describe, expect, it } from 'vitest';
import { parsePairwiseVerdict } from '../../../lib/evaluation/judge/parse-pairwise-verdict.js';

// Expected values follow from the documented rules of lib/evaluation/judge/parse-pairwise-verdict.ts
// ("[RESULT] A|B" is Prometheus 2's relative-grading format, arXiv 2405.01535).
describe('parsePairwiseVerdict', () => {
  it('reads the marker, JSON and labelled forms, including ties', () => {
    expect(parsePairwiseVerdict('Feedback: B is precise. [RESULT] B')).toEqual({ verdict: 'B', feedback: 'B is precise.', parsed: true });
    expect(parsePairwiseVerdict('[RESULT] (A)').verdict).toBe('A');
    expect(parsePairwiseVerdict('Both equal. [RESULT] TIE').verdict).toBe('tie');
    expect(parsePairwiseVerdict('[RESULT] Response B').verdict).toBe('B');
    expect(parsePairwiseVerdict('{"feedback": "same", "winner": "tie"}')).toMatchObject({ verdict: 'tie', feedback: 'same' });
    expect(parsePairwiseVerdict('A has an error.\nWinner: B').verdict).toBe('B');
  });

  it('records an unknown letter or a missing verdict as unparseable', () => {
    expect(parsePairwiseVerdict('[RESULT] C')).toMatchObject({ verdict: null, parsed: false, parseError: expect.stringContaining('neither') });
    expect(parsePairwiseVerdict('{"winner": 1}')).toMatchObject({ verdict: null, parsed: false });
    expect(parsePairwiseVerdict('They are both fine answers.')).toMatchObject({ verdict: null, parsed: false, parseError: expect.stringContaining('no verdict') });
  });
});
