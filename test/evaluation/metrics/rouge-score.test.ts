import { describe, expect, it } from 'vitest';
import { rougeScore } from '../../../lib/evaluation/metrics/rouge-score.js';
import type { RougeTypeScore } from '../../../lib/evaluation/metrics/metric-schemas.js';
import { expectClose, expectInvalidArgument } from '../../stats/expect-close.js';

// Expected values: Google's rouge-score test suite, github.com/google-research/google-research
// rouge/rouge_scorer_test.py (RougeScorerTest; commit da0c44e). Each test names the method it reproduces.
// "AgainstRouge155" values are ROUGE-1.5.5 runs, asserted there to 5 places (absolute 5e-6), so here too.

// rouge/testdata/target.txt and prediction.txt, lines 1 and 2 (the test reads them with readlines(), so each
// keeps its newline): random strings with punctuation and suffixes the stemmer acts on.
const TARGETS = [
  "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n",
  "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n",
];
const PREDICTIONS = [
  "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n",
  "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n",
];
// rouge/testdata/pyrouge_files/target_multi.0.txt and prediction_multi.0.txt (read whole; one sentence a line).
const TARGET_MULTI = [
  "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L",
  "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN",
  "NhETebUbBk'er WOvoHMTjSRizKgH'vHiing Xu,hWxfs VkNE QhgKiLHE -HidivzoM.dO anhtion jbLQiSGDTCsuhREebUaKM dv J dVN tmbOT",
  "vMR HDm,xOAetion D,tion HJtodT.mHl UIv-p VjWH'BdyWjnfGU-OjT aEMdFICyLWfQMtion wEMfdOKing AwkeKbO 'DxqNOHBH qKtVvm OYJl mM",
].join('\n') + '\n';
const PREDICTION_MULTI = [
  "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi",
  "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD",
  "xfs VkJE QhgKiLHE -HidivzoM.dO anhing jbLQiSGDTCsuhREebUaKM dv J",
  "VjWH'BdyWjnfGU-OjTNaEMdFICyLWfQMing wEMfdOKijg AwkeKbO 'DxqNO",
].join('\n') + '\n';

const PLACES_5 = 5e-6;

function expectScore(actual: RougeTypeScore | undefined, expected: RougeTypeScore, absolute: number): void {
  expect(actual).toBeDefined();
  expectClose(actual!.precision, expected.precision, 0, absolute);
  expectClose(actual!.recall, expected.recall, 0, absolute);
  expectClose(actual!.fmeasure, expected.fmeasure, 0, absolute);
}

describe('rougeScore against rouge-score rouge/rouge_scorer_test.py', () => {
  it.each(['rougen', 'rouge0', 'rouge10'])('testInvalidRougeTypes: %s throws', (type) => {
    expectInvalidArgument(() => rougeScore('testing one two', 'testing', { types: [type] }), 'options');
  });

  it.each(['rouge1', 'rouge9', 'rougeL', 'rougeLsum'])('testValidRougeTypes: %s gives exactly that key', (type) => {
    expect(Object.keys(rougeScore('testing one two', 'testing', { types: [type] }))).toEqual([type]);
  });

  it('testRouge1', () => {
    expectScore(rougeScore('testing one two', 'testing', { types: ['rouge1'] }).rouge1, { precision: 1, recall: 1 / 3, fmeasure: 1 / 2 }, 1e-7);
  });

  it.each(['rouge1', 'rouge2', 'rougeL', 'rougeLsum'])('testRougeEmpty: %s of an empty prediction is 0', (type) => {
    expectScore(rougeScore('testing one two', '', { types: [type] })[type], { precision: 0, recall: 0, fmeasure: 0 }, 1e-7);
  });

  it('testRouge2', () => {
    expectScore(rougeScore('testing one two', 'testing one', { types: ['rouge2'] }).rouge2, { precision: 1, recall: 1 / 2, fmeasure: 2 / 3 }, 1e-7);
  });

  it('testRougeLConsecutive and testRougeLNonConsecutive', () => {
    expectScore(rougeScore('testing one two', 'testing one', { types: ['rougeL'] }).rougeL, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 }, 1e-7);
    expectScore(rougeScore('testing one two', 'testing two', { types: ['rougeL'] }).rougeL, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 }, 1e-7);
  });

  it('testMultipleRougeTypes', () => {
    const result = rougeScore('testing one two', 'testing one', { types: ['rouge1', 'rougeL'] });
    expect(Object.keys(result).sort()).toEqual(['rouge1', 'rougeL']);
    expectScore(result.rouge1, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 }, 1e-7);
    expectScore(result.rougeL, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 }, 1e-7);
  });

  it('testRouge1AgainstRouge155 (with and without stemming)', () => {
    expectScore(rougeScore(TARGETS[0]!, PREDICTIONS[0]!, { types: ['rouge1'] }).rouge1, { recall: 0.40741, precision: 0.6875, fmeasure: 0.51163 }, PLACES_5);
    expectScore(rougeScore(TARGETS[1]!, PREDICTIONS[1]!, { types: ['rouge1'] }).rouge1, { recall: 0.40476, precision: 0.65385, fmeasure: 0.5 }, PLACES_5);
    const stemmed = { types: ['rouge1'], useStemmer: true };
    expectScore(rougeScore(TARGETS[0]!, PREDICTIONS[0]!, stemmed).rouge1, { recall: 0.40741, precision: 0.6875, fmeasure: 0.51163 }, PLACES_5);
    expectScore(rougeScore(TARGETS[1]!, PREDICTIONS[1]!, stemmed).rouge1, { recall: 0.42857, precision: 0.69231, fmeasure: 0.52941 }, PLACES_5);
  });

  it('testRouge2AgainstRouge155 (with and without stemming)', () => {
    for (const useStemmer of [false, true]) {
      const options = { types: ['rouge2'], useStemmer };
      expectScore(rougeScore(TARGETS[0]!, PREDICTIONS[0]!, options).rouge2, { recall: 0.30769, precision: 0.53333, fmeasure: 0.39024 }, PLACES_5);
      expectScore(rougeScore(TARGETS[1]!, PREDICTIONS[1]!, options).rouge2, { recall: 0.29268, precision: 0.48, fmeasure: 0.36364 }, PLACES_5);
    }
  });

  it('testRougeLAgainstRouge155', () => {
    expectScore(rougeScore(TARGETS[0]!, PREDICTIONS[0]!, { types: ['rougeL'] }).rougeL, { recall: 0.40741, precision: 0.6875, fmeasure: 0.51163 }, PLACES_5);
    expectScore(rougeScore(TARGETS[1]!, PREDICTIONS[1]!, { types: ['rougeL'] }).rougeL, { recall: 0.40476, precision: 0.65385, fmeasure: 0.5 }, PLACES_5);
  });

  it('testRougeLSumAgainstRouge155WithStemming', () => {
    const result = rougeScore(TARGET_MULTI, PREDICTION_MULTI, { types: ['rougeLsum'], useStemmer: true });
    expectScore(result.rougeLsum, { recall: 0.36538, precision: 0.66667, fmeasure: 0.47205 }, PLACES_5);
  });

  it('testRougeLsum, its empty cases and a summary of non-word characters', () => {
    const types = ['rougeLsum'];
    expectScore(rougeScore('w1 w2 w3 w4 w5', 'w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5', { types }).rougeLsum, { recall: 0.8, precision: 0.4, fmeasure: 0.5333 }, 5e-4);
    for (const [target, prediction] of [['w1 w2 w3 w4 w5', ''], ['', 'w1'], ['w1 w2 w3 w4 w5', '/']] as const) {
      expectScore(rougeScore(target, prediction, { types }).rougeLsum, { recall: 0, precision: 0, fmeasure: 0 }, 5e-4);
    }
  });

  it('rougeLsum differs from rougeL only through the newline split (Lin 2004 §3.2 example, rouge_scorer_test testRougeLsum)', () => {
    // One line each: summary-level LCS over one sentence pair is sentence-level LCS.
    const single = rougeScore('w1 w2 w3 w4 w5', 'w1 w2 w6 w7 w8 w1 w3 w8 w9 w5', { types: ['rougeL', 'rougeLsum'] });
    expect(single.rougeLsum).toEqual(single.rougeL);
  });
});
