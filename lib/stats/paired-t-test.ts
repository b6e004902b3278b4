import { mean, sampleStandardDeviation } from 'simple-statistics';
import { InvalidArgumentError } from '../core/errors.js';
import type { TTestResult } from './hypothesis-test-result.js';
import { tTestResult } from './t-test-result.js';
import { confidenceLevelOption } from './validation/confidence-level-option.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';
import { requireSameLength } from './validation/require-same-length.js';

/**
 * Student's paired t test, two-sided, H0: the mean of `x − y` is 0.
 *
 * `t = mean(d) / (s_d / √n)` on `n − 1` df, with `d = x − y` and `s_d` its sample standard deviation
 * (Student 1908; any textbook, e.g. Rosner, *Fundamentals of Biostatistics*, §8.3). Confidence interval of the
 * mean difference `mean(d) ± t_{1−α/2, n−1} s_d/√n`. Effect size: Cohen's `d_z = mean(d) / s_d` (Cohen 1988,
 * eq. 2.3.5; Lakens 2013). The t statistic and p-value are those of `scipy.stats.ttest_rel(x, y)`; the interval
 * that of `statsmodels.stats.weightstats.DescrStatsW(x − y).tconfint_mean()`.
 *
 * @param x first measurement of each pair (at least 2 pairs)
 * @param y second measurement of each pair
 * @param options `level` of the confidence interval (default 0.95)
 * @example
 * pairedTTest([5.1, 4.8, 6.0, 5.7, 5.3], [4.9, 4.7, 5.5, 5.8, 5.0]);
 * // statistic ≈ 2 (differences 0.2, 0.1, 0.5, −0.1, 0.3: mean 0.2, SE 0.1), df 4, meanDifference 0.2
 */
export function pairedTTest(x: readonly number[], y: readonly number[], options: { level?: number } = {}): TTestResult {
  const first = requireFiniteNumbers(x, 'x', 2);
  const second = requireFiniteNumbers(y, 'y', 2);
  requireSameLength(first, 'x', second, 'y');
  const level = confidenceLevelOption(options.level, 'options.level');
  const differences = first.map((value, index) => value - (second[index] as number));
  const n = differences.length;
  const meanDifference = mean(differences);
  const standardDeviation = sampleStandardDeviation(differences);
  if (!(standardDeviation > 0)) {
    throw new InvalidArgumentError('y', 'the differences x − y are all equal (zero variance); the t statistic is undefined');
  }
  return tTestResult({
    meanDifference,
    standardError: standardDeviation / Math.sqrt(n),
    df: n - 1,
    level,
    method: "Student's paired t test (two-sided)",
    effectSize: { name: "Cohen's d_z (mean difference / SD of differences)", value: meanDifference / standardDeviation },
  });
}
