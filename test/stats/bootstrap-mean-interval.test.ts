import { describe, expect, it } from 'vitest';
import { createRandom, type RandomSource } from '../../lib/core/random.js';
import { bootstrapInterval } from '../../lib/stats/bootstrap-interval.js';
import { bootstrapMeanInterval } from '../../lib/stats/bootstrap-mean-interval.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// PAIRED_X / PAIRED_Y of test/reference/stats_reference_values.py (section paired_bootstrap).
const PAIRED_X = [0.62, 0.71, 0.55, 0.8, 0.68, 0.74, 0.59, 0.9, 0.66, 0.77, 0.58, 0.83, 0.69, 0.72, 0.61, 0.95, 0.64, 0.7, 0.79, 0.57];
const PAIRED_Y = [0.6, 0.65, 0.56, 0.71, 0.66, 0.7, 0.52, 0.74, 0.65, 0.7, 0.57, 0.72, 0.63, 0.71, 0.6, 0.7, 0.62, 0.69, 0.7, 0.55];
const DIFFERENCES = PAIRED_X.map((value, index) => value - (PAIRED_Y[index] as number));
const plainMean = (sample: readonly number[]): number => sample.reduce((sum, value) => sum + value, 0) / sample.length;

describe('bootstrapMeanInterval', () => {
  it('draws the same resamples as bootstrapInterval: identical percentile interval, BCa equal to rounding', () => {
    for (const seed of [1, 2, 'evaluation']) {
      const fast = bootstrapMeanInterval(DIFFERENCES, { random: createRandom(seed), resamples: 3000, method: 'percentile' });
      const generic = bootstrapInterval(DIFFERENCES, plainMean, { random: createRandom(seed), resamples: 3000, method: 'percentile' });
      expect(fast).toEqual(generic);
      const fastBca = bootstrapMeanInterval(DIFFERENCES, { random: createRandom(seed), resamples: 3000, method: 'bca' });
      const genericBca = bootstrapInterval(DIFFERENCES, plainMean, { random: createRandom(seed), resamples: 3000, method: 'bca' });
      expect(fastBca.biasCorrection).toBe(genericBca.biasCorrection);
      expectClose(fastBca.acceleration as number, genericBca.acceleration as number, 1e-9, 1e-15);
      expectClose(fastBca.lower, genericBca.lower, 0, 1e-12);
      expectClose(fastBca.upper, genericBca.upper, 0, 1e-12);
    }
  });

  it('gives the same answer with a random source that has no bulk draws', () => {
    const inner = createRandom(5);
    const plain: RandomSource = { next: () => inner.next(), integer: (bound) => inner.integer(bound) };
    expect(bootstrapMeanInterval(DIFFERENCES, { random: plain, resamples: 500 })).toEqual(bootstrapMeanInterval(DIFFERENCES, { random: createRandom(5), resamples: 500 }));
  });

  it('agrees with scipy.stats.bootstrap(paired=True) for the paired mean difference within Monte-Carlo error', () => {
    // Monte-Carlo reference, test/reference/stats_reference_values.py [paired_bootstrap.scipy.BCa] and
    // [paired_bootstrap.scipy.percentile]: scipy.stats.bootstrap((PAIRED_X, PAIRED_Y), mean(a - b), paired=True,
    // vectorized=True, n_resamples=20000, method, random_state=0..19), mean and SD of the 20 endpoints (scipy 1.17.1).
    // One run here has about one scipy run's SD; 5 SD is the allowance (as in bootstrap-interval.test.ts).
    const bca = bootstrapMeanInterval(DIFFERENCES, { random: createRandom(2024), resamples: 20000, method: 'bca' });
    expectClose(bca.estimate, 0.05600000000000001, 1e-12);
    expectClose(bca.lower, 0.035327515345120505, 0, 5 * 0.00024139994752561008);
    expectClose(bca.upper, 0.09235242079030388, 0, 5 * 0.0005857220385091139);
    const percentile = bootstrapMeanInterval(DIFFERENCES, { random: createRandom(2024), resamples: 20000, method: 'percentile' });
    expectClose(percentile.lower, 0.03197500000000001, 0, 5 * 0.00019701723141309804);
    expectClose(percentile.upper, 0.08515, 0, 5 * 0.00028562028528873675);
  });

  it('rejects bad input, naming the argument', () => {
    const random = createRandom(1);
    expectInvalidArgument(() => bootstrapMeanInterval([1], { random, resamples: 100 }), 'values');
    expectInvalidArgument(() => bootstrapMeanInterval([1, Number.NaN], { random, resamples: 100 }), 'values');
    expectInvalidArgument(() => bootstrapMeanInterval([1, 2], { random, resamples: 1 }), 'options.resamples');
    expectInvalidArgument(() => bootstrapMeanInterval([1, 2], { resamples: 10 } as unknown as { random: RandomSource; resamples: number }), 'options.random');
    expectInvalidArgument(() => bootstrapMeanInterval([1, 2, 3], { random, resamples: 10, level: 1 }), 'level');
  });
});
