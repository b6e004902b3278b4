import { describe, expect, it } from 'vitest';
import { bleuFromStatistics } from '../../../lib/evaluation/metrics/bleu-from-statistics.js';
import { corpusBleu } from '../../../lib/evaluation/metrics/corpus-bleu.js';
import { corpusBleuStatistics } from '../../../lib/evaluation/metrics/corpus-bleu-statistics.js';
import type { BleuOptions } from '../../../lib/evaluation/metrics/metric-schemas.js';
import { expectClose, expectInvalidArgument } from '../../stats/expect-close.js';

// Expected values: sacrebleu's own test suite, github.com/mjpost/sacrebleu at v2.6.0 (commit f615c72),
// test/test_bleu.py. Each case names the pytest case list it comes from. sacrebleu asserts these with
// EPSILON = 1e-8 (absolute), so do we.
const EPSILON = 1e-8;

// test_bleu.py `_hyps` and `_refs` (the README example): two reference streams.
const HYPOTHESES = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
const REFERENCES = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];

/** sacrebleu's `raw_corpus_bleu(hyps, refs, smooth_value)`: no tokenization, floor smoothing, effective order. */
function rawCorpusBleu(hypotheses: string[], references: string[][], smoothValue?: number): number {
  const options: BleuOptions = { tokenize: 'none', smoothMethod: 'floor', effectiveOrder: true };
  if (smoothValue !== undefined) options.smoothValue = smoothValue;
  return corpusBleu(hypotheses, references, options).score / 100;
}

describe('corpusBleu against sacrebleu test/test_bleu.py', () => {
  it.each<[string, string[], BleuOptions | undefined, number]>([
    ['default settings', HYPOTHESES, undefined, 48.530827],
    ['empty hypotheses are kept', ['', '', ''], {}, 0.0],
    ["tokenize 'none'", HYPOTHESES, { tokenize: 'none' }, 49.1919566],
    ["tokenize '13a'", HYPOTHESES, { tokenize: '13a' }, 48.530827],
    ["tokenize 'intl'", HYPOTHESES, { tokenize: 'intl' }, 43.91623493],
    ["smooth_method 'none'", HYPOTHESES, { smoothMethod: 'none' }, 48.530827],
  ])('test_corpus_bleu_cases: %s', (_name, hypotheses, options, expected) => {
    expectClose(corpusBleu(hypotheses, REFERENCES, options).score, expected, 0, EPSILON);
  });

  it.each<[string[], string[][], number]>([
    [['this is a test', 'another test'], [['ref1', 'ref2']], 0.0],
    [['this is a test'], [['this is a test']], 1.0],
    [['this is a fest'], [['this is a test']], 0.223606797749979],
  ])('test_raw_bleu_cases: %j', (hypotheses, references, expected) => {
    expectClose(rawCorpusBleu(hypotheses, references, 0.01), expected, 0, EPSILON);
  });

  it.each<[string[], string[][], number]>([
    [['test'], [['a test']], 0.3678794411714425],
    [['a test'], [['a test']], 1.0],
    [['a little test'], [['a test']], 0.03218297948685433],
  ])('test_case_effective_order: %j', (hypotheses, references, expected) => {
    expectClose(rawCorpusBleu(hypotheses, references, 0.01), expected, 0, EPSILON);
  });

  it('test_case_statistics: matched and total n-gram counts', () => {
    const result = corpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], {
      tokenize: 'none',
      smoothMethod: 'floor',
      smoothValue: 0.01,
      effectiveOrder: true,
    });
    expect(result.counts).toEqual([4, 2, 1, 0]);
    expect(result.totals).toEqual([6, 5, 4, 3]);
  });

  it('test_case_offset: floor smoothing with 0, with the default 0.1 (undefined) and with no value', () => {
    const hypotheses = ['am I am a character sequence'];
    const references = [['I am a symbol string sequence a a']];
    expectClose(rawCorpusBleu(hypotheses, references, 0.0), 0, 0, EPSILON);
    expectClose(rawCorpusBleu(hypotheses, references), 0.1555722182, 0, EPSILON);
  });

  it.each([
    [1, '77.65'],
    [2, '60.50'],
    [3, '53.93'],
    [4, '48.53'],
    [5, '46.14'],
    [6, '43.28'],
  ])('test_bleu_max_order: maxNgramOrder %i gives %s', (order, expected) => {
    expect(corpusBleu(HYPOTHESES, REFERENCES, { maxNgramOrder: order }).score.toFixed(2)).toBe(expected);
  });

  it('prints the sacrebleu 2.x signature (format of sacrebleu README.md, version field 2.6.0)', () => {
    // README.md: "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.0.0"; nrefs:2 for two streams.
    expect(corpusBleu(HYPOTHESES, REFERENCES).signature).toBe('nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
    // Floor and add-k carry their value with two decimals (BLEUSignature: f'[{smooth_val:.2f}]'), default 0.1 / 1.
    expect(corpusBleu(['a'], [['a']], { smoothMethod: 'floor', lowercase: true, tokenize: 'intl', effectiveOrder: true }).signature).toBe(
      'nrefs:1|case:lc|eff:yes|tok:intl|smooth:floor[0.10]|version:2.6.0',
    );
    expect(corpusBleu(['a'], [['a']], { smoothMethod: 'add-k', smoothValue: 2, tokenize: 'char' }).signature).toBe(
      'nrefs:1|case:mixed|eff:no|tok:char|smooth:add-k[2.00]|version:2.6.0',
    );
  });

  it('refuses reference streams that are not parallel to the hypotheses, no streams and bad options', () => {
    expectInvalidArgument(() => corpusBleu(['a', 'b'], [['a']]), 'references');
    expectInvalidArgument(() => corpusBleu(['a'], []), 'references');
    expectInvalidArgument(() => corpusBleu(['a'], [['a']], { tokenize: 'zh' as never }), 'options');
    expectInvalidArgument(() => corpusBleu(['a'], [['a']], { maxNgramOrder: 0 }), 'options');
  });
});

describe('bleuFromStatistics against sacrebleu test/test_bleu.py', () => {
  it('test_case_scoring: BLEU.compute_bleu([9,7,5,3], [10,8,6,4], 11, 11) = 0.8375922397', () => {
    const score = bleuFromStatistics(
      { hypothesisLength: 11, referenceLength: 11, counts: [9, 7, 5, 3], totals: [10, 8, 6, 4] },
      { smoothMethod: 'none', effectiveOrder: false },
    ).score;
    expectClose(score / 100, 0.8375922397, 0, EPSILON);
  });

  it.each<[number[], number[], number, number, number]>([
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
    [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
  ])('test_case_degenerate_stats: counts %j totals %j lengths %i/%i floor %f give exactly 0', (counts, totals, hypothesisLength, referenceLength, offset) => {
    const score = bleuFromStatistics({ hypothesisLength, referenceLength, counts, totals }, { smoothMethod: 'floor', smoothValue: offset, effectiveOrder: false }).score;
    expect(score).toBe(0);
  });
});

describe('corpusBleuStatistics', () => {
  it('per-segment statistics sum to the corpus counts and lengths sacrebleu reports', () => {
    const segments = corpusBleuStatistics(HYPOTHESES, REFERENCES);
    expect(segments).toHaveLength(3);
    const whole = corpusBleu(HYPOTHESES, REFERENCES);
    expect(segments.reduce((sum, each) => sum + each.hypothesisLength, 0)).toBe(whole.hypothesisLength);
    expect(segments.reduce((sum, each) => sum + each.referenceLength, 0)).toBe(whole.referenceLength);
    for (let order = 0; order < 4; order++) {
      expect(segments.reduce((sum, each) => sum + each.counts[order]!, 0)).toBe(whole.counts[order]);
      expect(segments.reduce((sum, each) => sum + each.totals[order]!, 0)).toBe(whole.totals[order]);
    }
    // One segment alone, as a one-segment corpus: "The dog bit the man." against both of its references is an
    // exact match of the first reference (13a tokens: The dog bit the man .), so BLEU 100.
    const first = bleuFromStatistics(segments[0]!, { smoothMethod: 'exp', effectiveOrder: false });
    expectClose(first.score, 100);
  });
});
