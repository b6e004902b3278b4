import { InvalidArgumentError } from '../core/errors.js';
import { averageRanks } from './average-ranks.js';
import { chiSquareSurvival } from './distributions/chi-square-survival.js';
import type { EffectSize, HypothesisTestResultWithDf } from './hypothesis-test-result.js';
import { requireMatrix } from './validation/require-matrix.js';

/** The result of {@link friedmanTest}. */
export interface FriedmanTestResult extends HypothesisTestResultWithDf {
  /** Sum of the within-block ranks of each treatment. */
  rankSums: number[];
  /** Kendall's coefficient of concordance W = χ²_F / (n (k − 1)), tie-corrected. */
  effectSize: EffectSize;
}

/**
 * Friedman's rank test for a randomized complete block design (e.g. k models scored on the same n questions),
 * H0: the treatments are exchangeable within blocks.
 *
 * Values are ranked within each block (average ranks for ties). With rank sums `R_j`,
 * `χ²_F = [12/(n k (k+1)) Σ R_j² − 3 n (k+1)] / [1 − Σ(t³ − t)/(n k (k² − 1))]` on `k − 1` df, the
 * denominator correcting for within-block ties (Friedman 1937; Hollander, Wolfe & Chicken 2014, §7.1;
 * Conover, *Practical Nonparametric Statistics*, 3rd ed., §5.8). Kendall's W = χ²_F / (n (k − 1)), which equals
 * the tie-corrected W of Kendall & Babington Smith (1939). Identical to
 * `scipy.stats.friedmanchisquare(*columns)`.
 *
 * @param blocksByTreatments `n × k` matrix, one row per block (subject, question), one column per treatment
 *   (at least 2 rows and 2 columns)
 * @example
 * friedmanTest([[1, 2, 3], [2, 3, 1], [1, 3, 2], [1, 2, 3]]); // statistic 3.5, df 2
 */
export function friedmanTest(blocksByTreatments: readonly (readonly number[])[]): FriedmanTestResult {
  const data = requireMatrix(blocksByTreatments, 'blocksByTreatments', { minimumRows: 2, minimumColumns: 2 });
  const n = data.length;
  const k = (data[0] as number[]).length;
  const rankSums = new Array<number>(k).fill(0);
  let tieTerm = 0;
  for (const block of data) {
    const { ranks, tieSum } = averageRanks(block);
    ranks.forEach((rank, treatment) => {
      rankSums[treatment] = (rankSums[treatment] as number) + rank;
    });
    tieTerm += tieSum;
  }
  const correction = 1 - tieTerm / (n * k * (k * k - 1));
  if (!(correction > 0)) {
    throw new InvalidArgumentError('blocksByTreatments', 'every block is tied throughout; the Friedman statistic is undefined');
  }
  const sumOfSquares = rankSums.reduce((sum, rankSum) => sum + rankSum * rankSum, 0);
  const statistic = ((12 / (n * k * (k + 1))) * sumOfSquares - 3 * n * (k + 1)) / correction;
  const df = k - 1;
  return {
    statistic,
    pValue: chiSquareSurvival(statistic, df),
    method: 'Friedman rank test with tie correction',
    df,
    rankSums,
    effectSize: { name: "Kendall's W (tie-corrected)", value: statistic / (n * (k - 1)) },
  };
}
