import { fillIntegers, type RandomSource } from '../core/random.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { HypothesisTestResult } from './hypothesis-test-result.js';
import { requireCount } from './validation/require-count.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';
import { requireSameLength } from './validation/require-same-length.js';

/** Options of {@link pairedPermutationTest}. */
export interface PairedPermutationTestOptions {
  /** The seeded random source that draws the sign flips (`createRandom(seed)`). */
  random: RandomSource;
  /** Number of random relabelings R (integer >= 1). */
  resamples: number;
}

/** The result of {@link pairedPermutationTest}. */
export interface PairedPermutationTestResult extends HypothesisTestResult {
  /** The observed mean difference `mean(x − y)`. */
  statistic: number;
  /** Number of random relabelings R. */
  resamples: number;
  /** How many relabelings gave `|mean| >= |observed mean|`. */
  exceedances: number;
}

/**
 * The paired approximate randomization (sign-flip permutation) test of the mean difference, two-sided
 * (Noreen, *Computer-Intensive Methods for Testing Hypotheses*, 1989; the test recommended for comparing
 * systems on the same items by Riezler & Maxwell 2005 and Dror et al. 2018).
 *
 * Under H0 each difference `d_i = x_i − y_i` is equally likely to have either sign. Each of R relabelings
 * flips each sign with probability ½ (`random.integer(2)` per pair, in order), and counts whether
 * `|Σ s_i d_i| >= |Σ d_i|` (up to a relative 1e-12, so that exactly equal relabelings are not lost to
 * rounding). The p-value is `(1 + count)/(R + 1)`, which includes the observed labelling and is therefore never
 * 0 and a valid test (Phipson & Smyth, "Permutation p-values should never be zero", 2010). The same seed gives
 * the same p-value.
 *
 * @example
 * pairedPermutationTest([0.9, 0.8, 0.75, 0.95], [0.7, 0.8, 0.6, 0.9], { random: createRandom(1), resamples: 9999 });
 */
export function pairedPermutationTest(
  x: readonly number[],
  y: readonly number[],
  options: PairedPermutationTestOptions,
): PairedPermutationTestResult {
  const first = requireFiniteNumbers(x, 'x');
  const second = requireFiniteNumbers(y, 'y');
  requireSameLength(first, 'x', second, 'y');
  if (options === undefined || options.random === undefined || typeof options.random.integer !== 'function') {
    throw new InvalidArgumentError('options.random', 'a RandomSource (createRandom(seed)) is required');
  }
  const resamples = requireCount(options.resamples, 'options.resamples', 1);
  const differences = first.map((value, index) => value - (second[index] as number));
  const n = differences.length;
  const observedSum = differences.reduce((sum, value) => sum + value, 0);
  const threshold = Math.abs(observedSum) * (1 - 1e-12);
  let exceedances = 0;
  const signs = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    // The same draws as n calls of random.integer(2), in bulk.
    fillIntegers(options.random, 2, signs);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const difference = differences[i] as number;
      sum += signs[i] === 0 ? difference : -difference;
    }
    if (Math.abs(sum) >= threshold) exceedances++;
  }
  return {
    statistic: observedSum / n,
    pValue: (1 + exceedances) / (resamples + 1),
    method: 'Paired approximate randomization (sign-flip) test of the mean difference, two-sided, p = (1 + count)/(R + 1)',
    resamples,
    exceedances,
  };
}
