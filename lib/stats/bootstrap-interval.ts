import { fillIntegers, type RandomSource } from '../core/random.js';
import { InvalidArgumentError } from '../core/errors.js';
import {
  bootstrapIntervalFromReplicates,
  type BootstrapIntervalResult,
  type BootstrapMethod,
} from './bootstrap-interval-from-replicates.js';
import { requireCount } from './validation/require-count.js';

/** Options of {@link bootstrapInterval}. */
export interface BootstrapIntervalOptions {
  /** The seeded random source that draws the resamples (`createRandom(seed)`). */
  random: RandomSource;
  /** Number of bootstrap resamples B (integer >= 2; thousands in practice). */
  resamples: number;
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
  /** `'bca'` (default) or `'percentile'`. */
  method?: BootstrapMethod;
}

/**
 * A nonparametric bootstrap confidence interval for any statistic of one sample (Efron & Tibshirani, *An
 * Introduction to the Bootstrap*, 1993): B resamples of the items with replacement, drawn from `random`
 * (resample b takes `n` draws of `random.integer(n)`, in order), the statistic on each, then the percentile or
 * BCa interval of {@link bootstrapIntervalFromReplicates}; BCa also evaluates the statistic on the `n`
 * leave-one-out samples (jackknife). The same seed gives the same interval. For paired data, pass the pairs as
 * the items (e.g. `[[x1, y1], [x2, y2], …]`) and a statistic of the pairs. For the mean (and the paired mean
 * difference, the mean of `x_i − y_i`), `bootstrapMeanInterval` draws the same resamples many times faster.
 *
 * @param data the sample: its items are resampled whole (at least 2)
 * @param statistic a function of a sample returning a finite number (e.g. `mean`)
 * @example
 * bootstrapInterval([3.1, 2.4, 5.0, 4.2, 3.3, 2.8], mean, { random: createRandom(7), resamples: 9999 });
 */
export function bootstrapInterval<T>(
  data: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapIntervalOptions,
): BootstrapIntervalResult {
  if (!Array.isArray(data) || data.length < 2) throw new InvalidArgumentError('data', 'needs at least 2 items');
  if (typeof statistic !== 'function') throw new InvalidArgumentError('statistic', 'must be a function of a sample');
  if (options === undefined || options.random === undefined || typeof options.random.integer !== 'function') {
    throw new InvalidArgumentError('options.random', 'a RandomSource (createRandom(seed)) is required');
  }
  const resamples = requireCount(options.resamples, 'options.resamples', 2);
  const evaluate = (sample: readonly T[], what: string): number => {
    const value = statistic(sample);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError('statistic', `returned ${String(value)} on ${what}; it must return a finite number`);
    }
    return value;
  };
  const n = data.length;
  const estimate = evaluate(data, 'the original sample');
  const replicates = new Array<number>(resamples);
  const sample = new Array<T>(n);
  const indices = new Uint32Array(n);
  for (let b = 0; b < resamples; b++) {
    fillIntegers(options.random, n, indices);
    for (let i = 0; i < n; i++) sample[i] = data[indices[i] as number] as T;
    replicates[b] = evaluate(sample, `resample ${b}`);
  }
  const method = options.method ?? 'bca';
  const jackknife =
    method === 'bca'
      ? data.map((_, left) => evaluate(data.filter((__, index) => index !== left), `the jackknife sample without item ${left}`))
      : undefined;
  return bootstrapIntervalFromReplicates({ estimate, replicates, jackknife, level: options.level, method });
}
