/**
 * The result types shared by every hypothesis test, interval and effect size in `lib/stats`.
 *
 * A test returns at least `{ statistic, pValue, method }`; tests that have a degrees-of-freedom parameter, an
 * effect size or a confidence interval add them as the fields below. The types are plain interfaces (no
 * classes) so a result can be written to a run's records with `JSON.stringify` as it is.
 */

/** A two-sided confidence interval. */
export interface ConfidenceInterval {
  /** Lower end of the interval. */
  lower: number;
  /** Upper end of the interval. */
  upper: number;
  /** The confidence level, in (0, 1), e.g. 0.95. */
  level: number;
}

/** A named effect size, so that a table can say which one it reports. */
export interface EffectSize {
  /** What was computed, e.g. `"matched-pairs rank-biserial correlation"` or `"Cohen's d_z"`. */
  name: string;
  /** Its value. */
  value: number;
}

/** What every hypothesis test returns. */
export interface HypothesisTestResult {
  /** The test statistic (documented on each test: e.g. the chi-square value, U, W+, t). */
  statistic: number;
  /** The two-sided p-value, in [0, 1]. */
  pValue: number;
  /** The exact variant used, in words, e.g. `"McNemar exact binomial test (two-sided)"`. */
  method: string;
  /** Degrees of freedom of the reference distribution, where it has one. */
  df?: number;
  /** An effect size, where the test defines one. */
  effectSize?: EffectSize;
  /** A confidence interval (of the mean difference, the proportion...), where the test defines one. */
  confidenceInterval?: ConfidenceInterval;
}

/** A test whose reference distribution has degrees of freedom (chi-square, t). */
export interface HypothesisTestResultWithDf extends HypothesisTestResult {
  df: number;
}

/** The result of `pairedTTest` and `welchTTest`. */
export interface TTestResult extends HypothesisTestResultWithDf {
  /** The t statistic. */
  statistic: number;
  /** `mean(x − y)` (paired) or `mean(x) − mean(y)` (Welch). */
  meanDifference: number;
  /** Standard error of the mean difference. */
  standardError: number;
  /** Confidence interval of the mean difference, `meanDifference ± t_{1−α/2, df} · standardError`. */
  confidenceInterval: ConfidenceInterval;
  /** Standardized effect size (documented on each test). */
  effectSize: EffectSize;
}


/** A confidence interval for a proportion, with the point estimate `successes / trials`. */
export interface ProportionInterval extends ConfidenceInterval {
  /** The sample proportion `successes / trials`. */
  estimate: number;
}
