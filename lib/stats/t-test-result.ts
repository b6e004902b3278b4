import { studentTCdf } from './distributions/student-t-cdf.js';
import { studentTQuantile } from './distributions/student-t-quantile.js';
import type { EffectSize, TTestResult } from './hypothesis-test-result.js';

/**
 * Assembles a two-sided t test from its mean difference, standard error and degrees of freedom:
 * `t = meanDifference / standardError`, `p = 2 P(T_df <= −|t|)` ({@link studentTCdf}) and the interval
 * `meanDifference ± t_{1−α/2, df} · standardError` ({@link studentTQuantile}), `α = 1 − level`. Shared by
 * `pairedTTest` and `welchTTest`, which differ only in how they get the three inputs.
 *
 * @example
 * tTestResult({ meanDifference: 0.2, standardError: 0.1, df: 4, level: 0.95, method: 'paired t',
 *               effectSize: { name: "Cohen's d_z", value: 0.9 } }); // statistic 2, df 4
 */
export function tTestResult(input: {
  meanDifference: number;
  standardError: number;
  df: number;
  level: number;
  method: string;
  effectSize: EffectSize;
}): TTestResult {
  const { meanDifference, standardError, df, level } = input;
  const statistic = meanDifference / standardError;
  const margin = studentTQuantile(1 - (1 - level) / 2, df) * standardError;
  return {
    statistic,
    pValue: Math.min(1, 2 * studentTCdf(-Math.abs(statistic), df)),
    method: input.method,
    df,
    meanDifference,
    standardError,
    confidenceInterval: { lower: meanDifference - margin, upper: meanDifference + margin, level },
    effectSize: input.effectSize,
  };
}
