import { mean, quantileSorted } from 'simple-statistics';
import { InvalidArgumentError } from '../core/errors.js';
import { normalCdf } from './distributions/normal-cdf.js';
import { normalQuantile } from './distributions/normal-quantile.js';
import type { ConfidenceInterval } from './hypothesis-test-result.js';
import { confidenceLevelOption } from './validation/confidence-level-option.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';

/** Which bootstrap interval: Efron's percentile interval or the bias-corrected and accelerated (BCa) one. */
export type BootstrapMethod = 'percentile' | 'bca';

/** Inputs of {@link bootstrapIntervalFromReplicates}: everything the interval arithmetic needs, nothing random. */
export interface BootstrapReplicates {
  /** The statistic on the original sample, θ̂. */
  estimate: number;
  /** The statistic on each bootstrap resample, θ̂*_b. */
  replicates: readonly number[];
  /** The leave-one-out (jackknife) values θ̂_(i); required for `'bca'`. */
  jackknife?: readonly number[];
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
  /** `'percentile'` or `'bca'` (default). */
  method?: BootstrapMethod;
}

/** A bootstrap confidence interval with the quantities behind it. */
export interface BootstrapIntervalResult extends ConfidenceInterval {
  /** The statistic on the original sample. */
  estimate: number;
  /** `'percentile'` or `'bca'`. */
  method: BootstrapMethod;
  /** Number of bootstrap replicates. */
  resamples: number;
  /** Standard deviation of the replicates (bootstrap standard error, n − 1 denominator). */
  standardError: number;
  /** The probability levels at which the replicates were cut (α/2 and 1 − α/2 for percentile; adjusted for BCa). */
  quantileLevels: [number, number];
  /** BCa bias correction ẑ₀ (absent for percentile). */
  biasCorrection?: number;
  /** BCa acceleration â (absent for percentile). */
  acceleration?: number;
}

/**
 * The percentile or BCa bootstrap confidence interval computed from given replicates: the deterministic half
 * of {@link bootstrapInterval}, exposed so that its arithmetic can be checked on fixed numbers.
 *
 * - Percentile (Efron & Tibshirani, *An Introduction to the Bootstrap*, 1993, §13.3): the α/2 and 1 − α/2
 *   quantiles of the replicates, α = 1 − level.
 * - BCa (Efron 1987; Efron & Tibshirani 1993, §14.3, eqs. 14.10–14.15): bias correction
 *   `ẑ₀ = Φ⁻¹(#{θ̂* < θ̂}/B + ½ #{θ̂* = θ̂}/B)` (ties count half, as `scipy.stats.bootstrap`), acceleration
 *   `â = Σ(θ̄ − θ̂_(i))³ / (6 [Σ(θ̄ − θ̂_(i))²]^{3/2})` from the jackknife values, and cut levels
 *   `Φ(ẑ₀ + (ẑ₀ + z_α)/(1 − â(ẑ₀ + z_α)))` for `z_α = Φ⁻¹(α/2)` and `Φ⁻¹(1 − α/2)`. When all jackknife
 *   values are equal, `â` is taken as 0 (scipy would give NaN).
 *
 * Quantiles are R/numpy type 7 (linear interpolation; simple-statistics' `quantileSorted`), as `np.percentile`
 * in `scipy.stats.bootstrap`.
 *
 * @example
 * bootstrapIntervalFromReplicates({ estimate: 1, replicates: [0.8, 0.9, 1, 1.1, 1.2], method: 'percentile', level: 0.5 });
 * // { lower: 0.9, upper: 1.1, ... }
 */
export function bootstrapIntervalFromReplicates(input: BootstrapReplicates): BootstrapIntervalResult {
  const method = input.method ?? 'bca';
  if (method !== 'percentile' && method !== 'bca') {
    throw new InvalidArgumentError('method', `must be 'percentile' or 'bca', got ${String(method)}`);
  }
  const level = confidenceLevelOption(input.level, 'level');
  if (typeof input.estimate !== 'number' || !Number.isFinite(input.estimate)) {
    throw new InvalidArgumentError('estimate', `must be a finite number, got ${String(input.estimate)}`);
  }
  const estimate = input.estimate;
  const sorted = requireFiniteNumbers(input.replicates, 'replicates', 2).sort((left, right) => left - right);
  const resamples = sorted.length;
  const replicateMean = mean(sorted);
  const standardError = Math.sqrt(sorted.reduce((sum, value) => sum + (value - replicateMean) ** 2, 0) / (resamples - 1));
  const alpha = 1 - level;
  let quantileLevels: [number, number] = [alpha / 2, 1 - alpha / 2];
  const extra: { biasCorrection?: number; acceleration?: number } = {};
  if (method === 'bca') {
    if (input.jackknife === undefined) throw new InvalidArgumentError('jackknife', 'is required for the BCa interval');
    const jackknife = requireFiniteNumbers(input.jackknife, 'jackknife', 2);
    let below = 0;
    let equal = 0;
    for (const value of sorted) {
      if (value < estimate) below++;
      else if (value === estimate) equal++;
    }
    const fraction = (below + equal / 2) / resamples;
    if (fraction === 0 || fraction === 1) {
      throw new InvalidArgumentError(
        'replicates',
        `all replicates lie on one side of the estimate, so the BCa bias correction is infinite; use method 'percentile'`,
      );
    }
    const biasCorrection = normalQuantile(fraction);
    const jackknifeMean = mean(jackknife);
    let sumSquares = 0;
    let sumCubes = 0;
    for (const value of jackknife) {
      const deviation = jackknifeMean - value;
      sumSquares += deviation * deviation;
      sumCubes += deviation * deviation * deviation;
    }
    const acceleration = sumSquares > 0 ? sumCubes / (6 * sumSquares ** 1.5) : 0;
    const adjust = (z: number): number => {
      const shifted = biasCorrection + z;
      return normalCdf(biasCorrection + shifted / (1 - acceleration * shifted));
    };
    quantileLevels = [adjust(normalQuantile(alpha / 2)), adjust(normalQuantile(1 - alpha / 2))];
    extra.biasCorrection = biasCorrection;
    extra.acceleration = acceleration;
  }
  return {
    lower: quantileSorted(sorted, quantileLevels[0]),
    upper: quantileSorted(sorted, quantileLevels[1]),
    level,
    estimate,
    method,
    resamples,
    standardError,
    quantileLevels,
    ...extra,
  };
}
