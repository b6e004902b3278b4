import { describe, expect, it } from 'vitest';
import type { BleuSmoothMethod, BleuTokenizer } from '../../../lib/evaluation/metrics/metric-schemas.js';
import { sentenceBleu } from '../../../lib/evaluation/metrics/sentence-bleu.js';
import { expectClose } from '../../stats/expect-close.js';

// Expected values: sacrebleu's own test suite, github.com/mjpost/sacrebleu at v2.6.0 (commit f615c72),
// test/test_sentence_bleu.py (test_api_sentence_bleu / test_compat_sentence_bleu with use_effective_order=True,
// and test_api_sentence_bleu_zero), asserted there with EPSILON = 1e-3 (absolute), so here too.
const EPSILON = 1e-3;

// test_sentence_bleu.py, "Example taken from #98".
const REFERENCE = 'producţia de zahăr brut se exprimă în zahăr alb;';
const SYSTEM = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';

describe('sentenceBleu against sacrebleu test/test_sentence_bleu.py', () => {
  it.each<[BleuSmoothMethod, number | undefined, boolean, BleuTokenizer, number]>([
    ['exp', undefined, false, '13a', 8.493],
    ['none', undefined, false, '13a', 0.0],
    ['floor', undefined, false, '13a', 4.51688],
    ['floor', 0.1, false, '13a', 4.51688],
    ['floor', 0.5, false, '13a', 10.1],
    ['add-k', undefined, false, '13a', 14.882],
    ['add-k', 1, false, '13a', 14.882],
    ['add-k', 2, false, '13a', 21.389],
    ['exp', undefined, false, 'none', 7.347],
    ['exp', undefined, false, 'intl', 8.493],
    ['exp', undefined, false, 'char', 40.8759],
    ['exp', undefined, true, 'char', 42.0267],
  ])('test_cases: smooth %s value %s lowercase %s tokenize %s -> %f', (smoothMethod, smoothValue, lowercase, tokenize, expected) => {
    const options = smoothValue === undefined ? { smoothMethod, lowercase, tokenize } : { smoothMethod, smoothValue, lowercase, tokenize };
    expectClose(sentenceBleu(SYSTEM, [REFERENCE], options).score, expected, 0, EPSILON);
  });

  it.each<[BleuSmoothMethod, number | undefined]>([
    ['exp', undefined],
    ['none', undefined],
    ['floor', undefined],
    ['floor', 0.1],
    ['add-k', undefined],
    ['add-k', 1],
  ])('test_cases_zero_bleu (#141): no matching word gives 0 with smoothing %s %s', (smoothMethod, smoothValue) => {
    const options = smoothValue === undefined ? { smoothMethod } : { smoothMethod, smoothValue };
    expect(sentenceBleu('this is a cat', ['okay thanks'], options).score).toBe(0);
  });

  it('uses effective order by default and says so in the signature (sacrebleu compat.sentence_bleu defaults)', () => {
    const result = sentenceBleu(SYSTEM, [REFERENCE]);
    expectClose(result.score, 8.493, 0, EPSILON);
    expect(result.signature).toBe('nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0');
  });
});
