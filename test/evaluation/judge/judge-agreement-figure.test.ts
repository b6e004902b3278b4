import { describe, expect, it } from 'vitest';
import { judgeAgreement } from '../../../lib/evaluation/judge/judge-agreement.js';
import { judgeAgreementFigure } from '../../../lib/evaluation/judge/judge-agreement-figure.js';

describe('judgeAgreementFigure', () => {
  it('draws expert category × judge score as a heatmap with counts and row shares', () => {
    const agreement = judgeAgreement([
      { humanCategory: 'correct', score: 5 },
      { humanCategory: 'correct', score: 5 },
      { humanCategory: 'correct', score: 2 },
      { humanCategory: 'incorrect', score: 1 },
      { humanCategory: 'partially_incorrect', score: null },
    ]);
    const spec = judgeAgreementFigure(agreement, 'llama3.1:8b');
    const trace = spec.data[0] as { type: string; z: number[][]; x: string[]; y: string[]; text: string[][] };
    expect(trace.type).toBe('heatmap');
    expect(trace.x).toEqual(['1', '2', '3', '4', '5']);
    expect(trace.y).toEqual(['Incorrect', 'Partially incorrect', 'Correct but incomplete', 'Correct']);
    expect(trace.z).toEqual([
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 1, 0, 0, 2],
    ]);
    // Row shares: 2 of 3 "correct" answers got a 5 → 67 %.
    expect(trace.text[3]).toEqual(['0<br>0%', '1<br>33%', '0<br>0%', '0<br>0%', '2<br>67%']);
    expect(JSON.stringify(spec.layout.title)).toContain('1 unparseable verdicts left out');
    expect(spec.layout).toMatchObject({ width: 720, height: 460 });
  });
});
