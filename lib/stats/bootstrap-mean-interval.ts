import { fillIntegers } from '../core/random.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { BootstrapIntervalOptions } from './bootstrap-interval.js';
import { bootstrapIntervalFromReplicates, type BootstrapIntervalResult } from './bootstrap-interval-from-replicates.js';
import { requireCount } from './validation/require-count.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';

/**
 * The nonparametric bootstrap confidence interval (percentile or BCa) of a MEAN — and so of a paired mean
 * difference: pass the differences `x_i − y_i`, since resampling pairs whole resamples their differences (Efron &
 * Tibshirani, *An Introduction to the Bootstrap*, 1993, §13.3 and §14.3; the same interval as
 * `scipy.stats.bootstrap((x, y), mean(x − y), paired=True)`, up to Monte-Carlo error).
 *
 * It draws exactly the resamples of {@link bootstrapInterval} with the same random source (resample b takes `n`
 * draws of `random.integer(n)`, in order), so with the statistic `sample => Σ sample / n` (left-to-right sum)
 * both return the same replicates, bit for bit. It is the fast path of that computation: indices are drawn in
 * bulk into one reused typed array, each replicate is one pass of additions, nothing is allocated per
 * resample, and the jackknife values of the mean come in O(n) as `(Σ − x_i)/(n − 1)` (BCa only; this closed form
 * can differ from summing the n − 1 others in the last bits, so the BCa acceleration may differ from
 * {@link bootstrapInterval}'s by ~1e-16).
 *
 * @param values the sample (at least 2 finite numbers); for paired data, the differences `x_i − y_i`
 * @example
 * const differences = x.map((value, index) => value - y[index]);
 * bootstrapMeanInterval(differences, { random: createRandom(7), resamples: 10000, method: 'bca' });
 */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapIntervalOptions): BootstrapIntervalResult {
  if (!Array.isArray(values) || values.length < 2) throw new InvalidArgumentError('values', 'needs at least 2 numbers');
  const data = Float64Array.from(requireFiniteNumbers(values, 'values', 2));
  if (options === undefined || options.random === undefined || typeof options.random.integer !== 'function') {
    throw new InvalidArgumentError('options.random', 'a RandomSource (createRandom(seed)) is required');
  }
  const resamples = requireCount(options.resamples, 'options.resamples', 2);
  const n = data.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += data[i] as number;
  const estimate = total / n;
  const replicates = new Array<number>(resamples).fill(0);
  const indices = new Uint32Array(n);
  for (let b = 0; b < resamples; b++) {
    fillIntegers(options.random, n, indices);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[indices[i] as number] as number;
    replicates[b] = sum / n;
  }
  const method = options.method ?? 'bca';
  let jackknife: number[] | undefined;
  if (method === 'bca') {
    jackknife = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) jackknife[i] = (total - (data[i] as number)) / (n - 1);
  }
  return bootstrapIntervalFromReplicates({ estimate, replicates, jackknife, level: options.level, method });
}
