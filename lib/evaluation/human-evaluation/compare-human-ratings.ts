/**
 * Inferential analysis of the human ratings, chosen for the design: every question is answered by every
 * system (a randomized complete block design with questions as blocks) and each answer gets one ordinal
 * rating (incorrect < partially incorrect < correct but incomplete < correct, scored 0–3).
 *
 * - Omnibus: Friedman's rank test across systems within questions, with Kendall's W as effect size.
 * - Pairwise: Wilcoxon signed-rank tests of each system against one reference system on the same
 *   questions (normal approximation with tie and continuity correction, zero differences dropped), Holm-
 *   adjusted over the k − 1 comparisons, with the matched-pairs rank-biserial correlation as effect size
 *   (positive: the system is rated higher than the reference).
 * - Binary outcome "correct": Cochran's Q across systems and exact McNemar tests against the reference,
 *   Holm-adjusted.
 *
 * All tests use the same complete blocks ({@link completeRatingBlocks}); the tests themselves come from
 * lib/stats.
 */
import { describeHumanRatingSystem } from '../../data/human-rating-system.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { HumanRatingsFile } from '../../data/import-human-ratings.js';
import { adjustPValues, averageRanks, cochranQTest, friedmanTest, mcnemarTest, wilcoxonSignedRankTest } from '../../stats/index.js';
import { completeRatingBlocks, type ExcludedBlock } from './complete-rating-blocks.js';

/** The reference system of each of the authors' files when none is given. */
export const DEFAULT_REFERENCE_SYSTEMS: Readonly<Record<string, string>> = {
  '40_questions.csv': 'Claude 3.7 Sonnet',
  '10_questions.csv': 'LLama 3.1 70B + RAG',
};

/** The Wilcoxon settings used for every pairwise comparison (recorded in results and run manifests). */
export const PAIRWISE_WILCOXON_OPTIONS = { zeroMethod: 'wilcox', exact: false, continuity: true } as const;

export interface CompareHumanRatingsOptions {
  /**
   * The reference system (verbatim string or display label, case-insensitive). Default: the file's entry in
   * {@link DEFAULT_REFERENCE_SYSTEMS}, else the system with the highest mean score (a data-driven choice,
   * flagged in `referenceChoice`).
   */
  reference?: string;
}

/** Per-system summary on the complete blocks. */
export interface SystemScoreSummary {
  system: string;
  systemLabel: string;
  /** Mean ordinal score (0–3). */
  meanScore: number;
  /** Mean within-question rank (1 = lowest score; ties get average ranks), as used by Friedman's test. */
  meanRank: number;
  /** Share of answers rated "correct". */
  correctShare: number;
}

/** One comparison of a system with the reference. */
export interface PairwiseComparison {
  system: string;
  systemLabel: string;
  reference: string;
  /** Questions compared (the complete blocks). */
  pairs: number;
  /** Questions where the system's rating is higher / lower than / equal to the reference's. */
  higher: number;
  lower: number;
  ties: number;
  /** Wilcoxon W+ (sum of ranks of positive differences system − reference) and W−; null when every pair ties. */
  wPlus: number | null;
  wMinus: number | null;
  zStatistic: number | null;
  /** Two-sided p-value; null when every pair ties (the test is undefined: no evidence of a difference). */
  pValue: number | null;
  /** Holm-adjusted over the comparisons that have a p-value. */
  pValueHolm: number | null;
  /** Matched-pairs rank-biserial correlation in [−1, 1]; positive: the system is rated higher. */
  rankBiserial: number | null;
  method: string;
}

/** McNemar comparison of "correct" with the reference. */
export interface BinaryComparison {
  system: string;
  systemLabel: string;
  reference: string;
  /** Questions where only the system / only the reference was rated correct. */
  onlySystemCorrect: number;
  onlyReferenceCorrect: number;
  pValue: number;
  pValueHolm: number;
  method: string;
}

/** Every test result for one file. */
export interface HumanRatingComparison {
  file: string;
  systems: string[];
  reference: string;
  referenceChoice: 'given' | 'default for this file' | 'highest mean score (data-driven)';
  /** The questions used (complete blocks) and those excluded with their reasons. */
  blocks: { used: number; questions: string[]; excluded: ExcludedBlock[] };
  summaries: SystemScoreSummary[];
  omnibus: {
    test: 'friedman';
    statistic: number;
    df: number;
    pValue: number;
    kendallW: number;
    blocks: number;
    systems: number;
    method: string;
  };
  pairwise: PairwiseComparison[];
  binary: {
    outcome: 'correct';
    cochranQ: { statistic: number; df: number; pValue: number; method: string } | null;
    /** Why Cochran's Q is missing (e.g. every question has the same outcome for all systems). */
    cochranQNote?: string;
    mcnemar: BinaryComparison[];
  };
}

function matchSystem(systems: readonly string[], wanted: string): string | undefined {
  const normalise = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();
  const target = normalise(wanted);
  return (
    systems.find((system) => system === wanted) ??
    systems.find((system) => normalise(system) === target) ??
    systems.find((system) => normalise(describeHumanRatingSystem(system).label) === target)
  );
}

/** Mean of the within-question average ranks of each system (the ranks Friedman's test sums). */
function meanRanks(scores: readonly number[][], columns: number): number[] {
  const sums = new Array<number>(columns).fill(0);
  for (const row of scores) {
    averageRanks(row).ranks.forEach((rank, column) => {
      sums[column] = (sums[column] as number) + rank;
    });
  }
  return sums.map((sum) => sum / scores.length);
}

/**
 * Runs the omnibus and pairwise tests for one imported file (see the module documentation).
 *
 * @throws {InvalidArgumentError} the reference names no system of the file, or fewer than 2 complete blocks.
 * @example
 * const result = compareHumanRatings(await importHumanRatings('40_questions.csv'));
 * result.omnibus;  // Friedman χ² ≈ 99.93 on 11 df over 37 questions, Kendall's W ≈ 0.246
 * result.pairwise; // each system vs Claude 3.7 Sonnet, Holm-adjusted
 */
export function compareHumanRatings(imported: HumanRatingsFile, options: CompareHumanRatingsOptions = {}): HumanRatingComparison {
  const blocks = completeRatingBlocks(imported);
  const { systems, scores } = blocks;
  if (scores.length < 2) {
    throw new InvalidArgumentError('imported', `${imported.file} has ${scores.length} complete question blocks; the blocked tests need at least 2`);
  }
  const column = (index: number): number[] => scores.map((row) => row[index] as number);
  const means = systems.map((_, index) => column(index).reduce((sum, value) => sum + value, 0) / scores.length);
  const ranks = meanRanks(scores, systems.length);
  const summaries: SystemScoreSummary[] = systems.map((system, index) => ({
    system,
    systemLabel: describeHumanRatingSystem(system).label,
    meanScore: means[index] as number,
    meanRank: ranks[index] as number,
    correctShare: column(index).filter((value) => value === 3).length / scores.length,
  }));

  let reference: string;
  let referenceChoice: HumanRatingComparison['referenceChoice'];
  if (options.reference !== undefined) {
    const matched = matchSystem(systems, options.reference);
    if (!matched) {
      throw new InvalidArgumentError('reference', `"${options.reference}" is not a system of ${imported.file}; its systems are: ${systems.join('; ')}`);
    }
    reference = matched;
    referenceChoice = 'given';
  } else {
    const fallback = DEFAULT_REFERENCE_SYSTEMS[imported.file];
    if (fallback !== undefined && systems.includes(fallback)) {
      reference = fallback;
      referenceChoice = 'default for this file';
    } else {
      const best = means.indexOf(Math.max(...means));
      reference = systems[best] as string;
      referenceChoice = 'highest mean score (data-driven)';
    }
  }
  const referenceIndex = systems.indexOf(reference);
  const referenceScores = column(referenceIndex);

  const friedman = friedmanTest(scores);
  const omnibus = {
    test: 'friedman' as const,
    statistic: friedman.statistic,
    df: friedman.df,
    pValue: friedman.pValue,
    kendallW: friedman.effectSize.value,
    blocks: scores.length,
    systems: systems.length,
    method: friedman.method,
  };

  const others = systems.map((system, index) => ({ system, index })).filter(({ index }) => index !== referenceIndex);
  const pairwise: PairwiseComparison[] = others.map(({ system, index }) => {
    const values = column(index);
    const differences = values.map((value, row) => value - (referenceScores[row] as number));
    const base = {
      system,
      systemLabel: describeHumanRatingSystem(system).label,
      reference,
      pairs: values.length,
      higher: differences.filter((difference) => difference > 0).length,
      lower: differences.filter((difference) => difference < 0).length,
      ties: differences.filter((difference) => difference === 0).length,
    };
    if (base.ties === values.length) {
      return { ...base, wPlus: null, wMinus: null, zStatistic: null, pValue: null, pValueHolm: null, rankBiserial: null, method: 'not tested: every pair has the same rating' };
    }
    const test = wilcoxonSignedRankTest(values, referenceScores, PAIRWISE_WILCOXON_OPTIONS);
    return {
      ...base,
      wPlus: test.statistic,
      wMinus: test.rankSumNegative,
      zStatistic: test.zStatistic ?? null,
      pValue: test.pValue,
      pValueHolm: null,
      rankBiserial: test.effectSize.value,
      method: test.method,
    };
  });
  const tested = pairwise.filter((comparison) => comparison.pValue !== null);
  const holm = adjustPValues(tested.map((comparison) => comparison.pValue as number), 'holm');
  tested.forEach((comparison, index) => {
    comparison.pValueHolm = holm[index] as number;
  });

  const correct = scores.map((row) => row.map((value) => (value === 3 ? 1 : 0)));
  let cochranQ: HumanRatingComparison['binary']['cochranQ'] = null;
  let cochranQNote: string | undefined;
  try {
    const result = cochranQTest(correct);
    cochranQ = { statistic: result.statistic, df: result.df, pValue: result.pValue, method: result.method };
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    cochranQNote = error.message;
  }
  const referenceCorrect = correct.map((row) => row[referenceIndex] as number);
  const mcnemarRaw = others.map(({ system, index }) => {
    const systemCorrect = correct.map((row) => row[index] as number);
    const result = mcnemarTest(systemCorrect, referenceCorrect, { exact: true });
    return {
      system,
      systemLabel: describeHumanRatingSystem(system).label,
      reference,
      onlySystemCorrect: result.onlyFirstPositive,
      onlyReferenceCorrect: result.onlySecondPositive,
      pValue: result.pValue,
      method: result.method,
    };
  });
  const mcnemarHolm = adjustPValues(mcnemarRaw.map((comparison) => comparison.pValue), 'holm');
  const mcnemar = mcnemarRaw.map((comparison, index) => ({ ...comparison, pValueHolm: mcnemarHolm[index] as number }));

  return {
    file: imported.file,
    systems,
    reference,
    referenceChoice,
    blocks: { used: scores.length, questions: blocks.questions, excluded: blocks.excluded },
    summaries,
    omnibus,
    pairwise,
    binary: { outcome: 'correct', cochranQ, ...(cochranQNote ? { cochranQNote } : {}), mcnemar },
  };
}
