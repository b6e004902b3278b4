import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../lib/core/errors.js';
import { importHumanRatings, type HumanRatingsFile } from '../../../lib/data/import-human-ratings.js';
import { compareHumanRatings } from '../../../lib/evaluation/human-evaluation/compare-human-ratings.js';
import { completeRatingBlocks } from '../../../lib/evaluation/human-evaluation/complete-rating-blocks.js';
import { countHumanRatings } from '../../../lib/evaluation/human-evaluation/count-human-ratings.js';
import { humanRatingIntervals } from '../../../lib/evaluation/human-evaluation/human-rating-intervals.js';
import { humanEvaluationDataDirectory, pythonReference, type PythonReference } from '../../helpers/human-eval-data.js';

/**
 * Every expected number below comes from test/reference/human-eval-reference.py (Python csv + pandas for the
 * data handling; scipy.stats.friedmanchisquare, scipy.stats.wilcoxon(zero_method='wilcox', correction=True,
 * method='approx'), statsmodels multipletests(method='holm'), proportion_confint(method='wilson'), cochrans_q
 * and mcnemar(exact=True) for the statistics), stored in test/reference/human-eval-reference.json.
 */
const reference = pythonReference();
const imported: Record<string, HumanRatingsFile> = {};

beforeAll(async () => {
  for (const name of ['10_questions.csv', '40_questions.csv']) imported[name] = await importHumanRatings(join(humanEvaluationDataDirectory(), name));
});

describe.each(['10_questions.csv', '40_questions.csv'])('%s', (name) => {
  const expected = reference[name] as PythonReference;

  it('counts each system after deduplication as Python/pandas does', () => {
    const counts = countHumanRatings(imported[name] as HumanRatingsFile);
    expect(counts).toHaveLength(Object.keys(expected.dedupCounts).length);
    for (const row of counts) {
      const python = expected.dedupCounts[row.system] as Record<string, number>;
      expect(row).toEqual({
        file: name,
        system: row.system,
        n: python.n,
        incorrect: python.incorrect,
        partially_incorrect: python.partially_incorrect,
        correct_incomplete: python.correct_incomplete,
        correct: python.correct,
        unmarked: python.unmarked,
        multi_marked: python.multi_marked,
        duplicates_removed: (expected.rawCounts[row.system]?.rows ?? 0) - (python.rows ?? 0),
      });
      expect(row.n).toBe(row.incorrect + row.partially_incorrect + row.correct_incomplete + row.correct);
    }
  });

  it('selects the same complete blocks', () => {
    const blocks = completeRatingBlocks(imported[name] as HumanRatingsFile);
    expect(blocks.questions).toHaveLength(expected.analysis.completeBlocks);
    expect(blocks.systems).toHaveLength(expected.analysis.systems);
    expect(blocks.excluded.map((block) => block.question)).toEqual(expected.analysis.excludedQuestions);
    for (const row of blocks.scores) expect(row).toHaveLength(blocks.systems.length);
  });

  it('matches scipy\'s Friedman test and Kendall\'s W', () => {
    const result = compareHumanRatings(imported[name] as HumanRatingsFile);
    const python = expected.analysis.friedman;
    expect(result.omnibus.statistic).toBeCloseTo(python.statistic, 10);
    expect(result.omnibus.df).toBe(python.df);
    expect(result.omnibus.pValue / python.pValue).toBeCloseTo(1, 8);
    expect(result.omnibus.kendallW).toBeCloseTo(python.kendallW, 10);
    expect(result.omnibus.blocks).toBe(expected.analysis.completeBlocks);
  });

  it('matches scipy\'s Wilcoxon p-values, statsmodels\' Holm adjustment and the rank-biserial r against the default reference', () => {
    const result = compareHumanRatings(imported[name] as HumanRatingsFile);
    expect(result.reference).toBe(expected.analysis.reference);
    expect(result.referenceChoice).toBe('default for this file');
    expect(result.pairwise).toHaveLength(expected.analysis.wilcoxon.length);
    for (const python of expected.analysis.wilcoxon) {
      const pair = result.pairwise.find((candidate) => candidate.system === python.system);
      expect(pair?.pValue).toBeCloseTo(python.pValue, 12);
      expect(pair?.pValueHolm).toBeCloseTo(python.pHolm, 12);
      expect(pair?.wPlus).toBe(python.wPlus);
      expect(pair?.wMinus).toBe(python.wMinus);
      expect(pair?.rankBiserial).toBeCloseTo(python.rankBiserial, 12);
      expect((pair?.higher ?? 0) + (pair?.lower ?? 0)).toBe(python.nonZero);
    }
  });

  it('matches statsmodels\' Cochran Q and exact McNemar tests on "correct"', () => {
    const result = compareHumanRatings(imported[name] as HumanRatingsFile);
    expect(result.binary.cochranQ?.statistic).toBeCloseTo(expected.analysis.cochranQ.statistic, 10);
    expect(result.binary.cochranQ?.df).toBe(expected.analysis.cochranQ.df);
    expect((result.binary.cochranQ?.pValue ?? 0) / expected.analysis.cochranQ.pValue).toBeCloseTo(1, 8);
    for (const python of expected.analysis.mcnemar) {
      const pair = result.binary.mcnemar.find((candidate) => candidate.system === python.system);
      expect([pair?.onlySystemCorrect, pair?.onlyReferenceCorrect]).toEqual([python.onlySystem, python.onlyReference]);
      expect(pair?.pValue).toBeCloseTo(python.pValue, 12);
      expect(pair?.pValueHolm).toBeCloseTo(python.pHolm, 12);
    }
  });

  it('matches statsmodels\' Wilson 95% intervals for "correct" and "correct or incomplete"', () => {
    const intervals = humanRatingIntervals(countHumanRatings(imported[name] as HumanRatingsFile));
    for (const row of intervals) {
      const python = expected.analysis.wilson[row.system];
      expect(row.n).toBe(python?.n);
      expect(row.correctLower).toBeCloseTo(python?.correct[0] ?? Number.NaN, 12);
      expect(row.correctUpper).toBeCloseTo(python?.correct[1] ?? Number.NaN, 12);
      expect(row.correctOrIncompleteLower).toBeCloseTo(python?.correctOrIncomplete[0] ?? Number.NaN, 12);
      expect(row.correctOrIncompleteUpper).toBeCloseTo(python?.correctOrIncomplete[1] ?? Number.NaN, 12);
    }
  });
});

describe('compareHumanRatings details', () => {
  it('lists why each 40-question block was excluded', () => {
    // First lines of the blocks (352, 378, 417) from Python's csv module over the file.
    const result = compareHumanRatings(imported['40_questions.csv'] as HumanRatingsFile);
    expect(result.blocks.excluded.map((block) => [block.line, block.reasons.join(' | ')])).toEqual([
      [
        352,
        'Finetuned 8B: r=256, alpha=128 at line 352 is multi-marked',
      ],
      [
        378,
        'Finetuned 70B: r=256, alpha=128 at line 379 is multi-marked',
      ],
      [
        417,
        'no answer from 10 of 12 systems (LLama 3.1 8B; Finetuned 8B: r=64, alpha=16; Finetuned 8B: r=256, alpha=128; Finetuned 8B: r=256, alpha=256; ' +
          'Finetuned 8B: r=256, alpha=512; LLama 3.1 70B; Finetuned 70B: r=256, alpha=128; Finetuned 70B: r=256, alpha=256; Finetuned 70B: r=256, alpha=512; ' +
          'Claude 3.7 Sonnet)',
      ],
    ]);
  });

  it('accepts a reference by display label and rejects an unknown one', () => {
    const forty = imported['40_questions.csv'] as HumanRatingsFile;
    const byLabel = compareHumanRatings(forty, { reference: 'llama 3.1 70b + rag' });
    expect(byLabel.reference).toBe('LLama 3.1 70B + RAG');
    expect(byLabel.referenceChoice).toBe('given');
    expect(byLabel.pairwise.map((pair) => pair.system)).not.toContain('LLama 3.1 70B + RAG');
    expect(() => compareHumanRatings(forty, { reference: 'GPT-4' })).toThrow(InvalidArgumentError);
  });

  it('reports, for the 10-question file, that 8B + RAG and the reference tie on 8 of 9 questions', () => {
    // 10_questions.csv: the reference (70B + RAG) and 8B + RAG differ on one complete question only
    // (reference JSON: nonZero = 1, W+ = 1, p = 1).
    const result = compareHumanRatings(imported['10_questions.csv'] as HumanRatingsFile);
    const pair = result.pairwise.find((candidate) => candidate.system === 'LLama 3.1 8B + RAG');
    expect([pair?.higher, pair?.ties, pair?.lower]).toEqual([1, 8, 0]);
  });
});
