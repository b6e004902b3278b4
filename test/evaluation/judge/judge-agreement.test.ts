import { describe, expect, it } from 'vitest';
import { judgeAgreement, judgeAgreementSchema } from '../../../lib/evaluation/judge/judge-agreement.js';

const ITEMS = [
  { humanCategory: 'correct', score: 5 },
  { humanCategory: 'correct', score: 4 },
  { humanCategory: 'correct_incomplete', score: 2 },
  { humanCategory: 'partially_incorrect', score: 4 },
  { humanCategory: 'incorrect', score: 1 },
  { humanCategory: 'incorrect', score: null },
  { humanCategory: 'partially_incorrect', score: 3 },
  { humanCategory: 'correct', score: 1 },
] as const;

describe('judgeAgreement', () => {
  it('builds the 2×2 and 4×5 tables, κ, α and the two findings', () => {
    const agreement = judgeAgreement([...ITEMS]);
    expect(judgeAgreementSchema.parse(agreement)).toEqual(agreement);
    expect(agreement).toMatchObject({ n: 8, unparseable: 1, evaluated: 7 });
    // By hand: judged correct (score ≥ 4) = rows 1, 2, 4 → experts correct 2, not 1; judged incorrect = rows 3, 5, 7, 8 → 2 and 2.
    expect(agreement.table).toEqual({ judgedCorrect: { humanCorrect: 2, humanNotCorrect: 1 }, judgedIncorrect: { humanCorrect: 2, humanNotCorrect: 2 } });
    expect(agreement.categoryByScore).toEqual({
      incorrect: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 0 },
      partially_incorrect: { 1: 0, 2: 0, 3: 1, 4: 1, 5: 0 },
      correct_incomplete: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0 },
      correct: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 },
    });
    // κ by hand: p_o = 4/7, p_e = (3·4 + 4·3)/49 = 24/49, κ = (28 − 24)/(49 − 24) = 4/25; sklearn
    // cohen_kappa_score([1,1,0,1,0,0,0], [1,1,1,0,0,0,1]) = 0.16 as well.
    expect(agreement.cohenKappa).toBeCloseTo(0.16, 12);
    // α (ordinal) of the pairs (experts, mapped judge) (3,3) (3,2) (2,1) (1,2) (0,0) (1,1) (3,0): 0.3606557377049181
    // from krippendorff_alpha_ordinal in test/reference/judge-agreement-reference.py (Krippendorff 2011).
    expect(agreement.krippendorffAlphaOrdinal).toBeCloseTo(0.3606557377049181, 12);
    expect(agreement.findings).toEqual({ judgedCorrectExpertsCorrect: 2 / 3, judgedIncorrectExpertsCorrect: 0.5 });
  });

  it('applies other thresholds', () => {
    const strict = judgeAgreement([...ITEMS], { judgedCorrectMinScore: 5, humanCorrect: ['correct'] });
    // Judged correct: row 1 only (experts correct). Judged incorrect: rows 2 and 8 are "correct" → 2, rows 3, 4, 5, 7 → 4.
    expect(strict.table).toEqual({ judgedCorrect: { humanCorrect: 1, humanNotCorrect: 0 }, judgedIncorrect: { humanCorrect: 2, humanNotCorrect: 4 } });
    expect(strict.thresholds).toEqual({ judgedCorrectMinScore: 5, humanCorrect: ['correct'] });
  });

  it('gives null coefficients when they are undefined and refuses bad input', () => {
    const oneClass = judgeAgreement([
      { humanCategory: 'correct', score: 5 },
      { humanCategory: 'correct', score: 5 },
    ]);
    expect(oneClass.cohenKappa).toBeNull();
    expect(oneClass.findings.judgedIncorrectExpertsCorrect).toBeNull();
    expect(judgeAgreement([{ humanCategory: 'correct', score: null }])).toMatchObject({ evaluated: 0, cohenKappa: null, krippendorffAlphaOrdinal: null });
    expect(() => judgeAgreement([{ humanCategory: 'correct', score: 6 }])).toThrow(/items\[0\]\.score/);
    expect(() => judgeAgreement([], { judgedCorrectMinScore: 0 })).toThrow(/judgedCorrectMinScore/);
  });
});
