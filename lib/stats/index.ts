/**
 * Stage 6: statistics. Hypothesis tests, intervals, effect sizes, agreement coefficients, multiplicity
 * corrections and the special functions behind them, each in its own file with its reference.
 */
export * from './hypothesis-test-result.js';
export * from './average-ranks.js';
export * from './two-sided-exact-p-value.js';

export * from './mcnemar-test.js';
export * from './wilcoxon-signed-rank-test.js';
export * from './paired-t-test.js';
export * from './welch-t-test.js';
export * from './mann-whitney-u-test.js';
export * from './chi-square-independence-test.js';
export * from './fisher-exact-test.js';
export * from './friedman-test.js';
export * from './kruskal-wallis-test.js';
export * from './cochran-q-test.js';
export * from './binomial-test.js';
export * from './wilson-interval.js';
export * from './clopper-pearson-interval.js';
export * from './adjust-p-values.js';
export * from './cohen-kappa.js';
export * from './krippendorff-alpha.js';
export * from './bootstrap-interval-from-replicates.js';
export * from './bootstrap-interval.js';
export * from './bootstrap-mean-interval.js';
export * from './paired-permutation-test.js';

export * from './distributions/log-gamma.js';
export * from './distributions/log-beta.js';
export * from './distributions/stirling-series.js';
export * from './distributions/regularized-gamma.js';
export * from './distributions/continued-fraction.js';
export * from './distributions/regularized-beta.js';
export * from './distributions/inverse-regularized-beta.js';
export * from './distributions/erfc.js';
export * from './distributions/normal-cdf.js';
export * from './distributions/normal-quantile.js';
export * from './distributions/chi-square-survival.js';
export * from './distributions/student-t-cdf.js';
export * from './distributions/student-t-quantile.js';
export * from './distributions/binomial-probability.js';
export * from './distributions/binomial-tails.js';
export * from './distributions/binomial-cdf.js';
export * from './distributions/binomial-survival.js';
export * from './distributions/hypergeometric-probabilities.js';
export * from './distributions/wilcoxon-signed-rank-distribution.js';
export * from './distributions/mann-whitney-u-distribution.js';
