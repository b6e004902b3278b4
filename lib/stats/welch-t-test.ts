import { mean, sampleVariance } from 'simple-statistics';
import { InvalidArgumentError } from '../core/errors.js';
import type { TTestResult } from './hypothesis-test-result.js';
import { tTestResult } from './t-test-result.js';
import { confidenceLevelOption } from './validation/confidence-level-option.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';

/**
 * Welch's unequal-variances t test for two independent samples, two-sided, H0: equal means.
 *
 * `t = (mean(x) − mean(y)) / √(s²ₓ/nₓ + s²ᵧ/nᵧ)` on the Welch-Satterthwaite degrees of freedom
 * `df = (s²ₓ/nₓ + s²ᵧ/nᵧ)² / ((s²ₓ/nₓ)²/(nₓ−1) + (s²ᵧ/nᵧ)²/(nᵧ−1))` (Welch 1947; Satterthwaite 1946).
 * Confidence interval of the difference of means `(mean(x) − mean(y)) ± t_{1−α/2, df} · SE`. Effect size:
 * Cohen's d with the pooled standard deviation `√(((nₓ−1)s²ₓ + (nᵧ−1)s²ᵧ)/(nₓ+nᵧ−2))` (Cohen 1988, §2.2). The
 * statistic and p-value are those of `scipy.stats.ttest_ind(x, y, equal_var=False)`; the interval that of
 * `statsmodels.stats.weightstats.CompareMeans.from_data(x, y).tconfint_diff(usevar='unequal')`.
 *
 * @param x first sample (at least 2 values)
 * @param y second sample (at least 2 values)
 * @param options `level` of the confidence interval (default 0.95)
 * @example
 * welchTTest([27.5, 21.0, 19.0, 23.6, 17.0, 17.9], [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8]);
 */
export function welchTTest(x: readonly number[], y: readonly number[], options: { level?: number } = {}): TTestResult {
  const first = requireFiniteNumbers(x, 'x', 2);
  const second = requireFiniteNumbers(y, 'y', 2);
  const level = confidenceLevelOption(options.level, 'options.level');
  const n1 = first.length;
  const n2 = second.length;
  const variance1 = sampleVariance(first);
  const variance2 = sampleVariance(second);
  const part1 = variance1 / n1;
  const part2 = variance2 / n2;
  const standardError = Math.sqrt(part1 + part2);
  if (!(standardError > 0)) {
    throw new InvalidArgumentError('y', 'both samples have zero variance; the t statistic is undefined');
  }
  const meanDifference = mean(first) - mean(second);
  const df = (part1 + part2) ** 2 / ((part1 * part1) / (n1 - 1) + (part2 * part2) / (n2 - 1));
  const pooledStandardDeviation = Math.sqrt(((n1 - 1) * variance1 + (n2 - 1) * variance2) / (n1 + n2 - 2));
  return tTestResult({
    meanDifference,
    standardError,
    df,
    level,
    method: "Welch's unequal-variances t test (two-sided)",
    effectSize: { name: "Cohen's d (pooled standard deviation)", value: meanDifference / pooledStandardDeviation },
  });
}
