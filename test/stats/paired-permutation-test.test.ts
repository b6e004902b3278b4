import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { pairedPermutationTest } from '../../lib/stats/paired-permutation-test.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

const X = [0.82, 0.75, 0.91, 0.68, 0.88, 0.79, 0.85, 0.72, 0.94, 0.81];
const Y = [0.78, 0.77, 0.84, 0.66, 0.8, 0.8, 0.79, 0.7, 0.86, 0.74];

describe('pairedPermutationTest', () => {
  it('gives the same p-value for the same seed', () => {
    const first = pairedPermutationTest(X, Y, { random: createRandom(11), resamples: 5000 });
    const again = pairedPermutationTest(X, Y, { random: createRandom(11), resamples: 5000 });
    expect(again).toEqual(first);
    expect(first.pValue).toBe((1 + first.exceedances) / 5001);
  });

  it('agrees with the exact sign-flip p-value within Monte-Carlo error', () => {
    // test/reference/stats_reference_values.py [permutation.exact]: scipy.stats.permutation_test((PERM_X, PERM_Y),
    // mean(x − y), permutation_type='samples', n_resamples=inf) enumerates all 2^10 sign patterns ->
    // statistic 0.040999999999999995, pvalue 0.015625. With R = 20 000 the Monte-Carlo SD is
    // √(p(1 − p)/R) ≈ 8.8e-4; 4 SD is allowed (deterministic under the fixed seed).
    const result = pairedPermutationTest(X, Y, { random: createRandom(5), resamples: 20000 });
    expectClose(result.statistic, 0.040999999999999995, 1e-12);
    expectClose(result.pValue, 0.015625, 0, 4 * Math.sqrt((0.015625 * (1 - 0.015625)) / 20000));
  });

  it('never returns 0: the +1 correction gives 1/(R + 1) when no relabeling is as extreme', () => {
    // 20 equal positive differences: only the two all-equal-sign patterns are as extreme (exact p = 2^-19), so
    // 99 random relabelings almost surely (and, for this seed, actually) find none.
    const x = new Array<number>(20).fill(1);
    const y = new Array<number>(20).fill(0);
    const result = pairedPermutationTest(x, y, { random: createRandom(1), resamples: 99 });
    expect(result.exceedances).toBe(0);
    expect(result.pValue).toBe(0.01);
  });

  it('gives p = 1 when the mean difference is 0', () => {
    const result = pairedPermutationTest([1, 2, 3], [2, 2, 2], { random: createRandom(1), resamples: 50 });
    expect(result.statistic).toBe(0);
    expect(result.pValue).toBe(1);
  });

  it('rejects bad input, naming the argument', () => {
    const random = createRandom(1);
    expectInvalidArgument(() => pairedPermutationTest([], [], { random, resamples: 10 }), 'x');
    expectInvalidArgument(() => pairedPermutationTest([1, 2], [1], { random, resamples: 10 }), 'y');
    expectInvalidArgument(() => pairedPermutationTest([1, Number.NaN], [1, 2], { random, resamples: 10 }), 'x');
    expectInvalidArgument(() => pairedPermutationTest([1, 2], [1, 2], { random, resamples: 0 }), 'options.resamples');
    expectInvalidArgument(() => pairedPermutationTest([1, 2], [1, 2], { random, resamples: -5 }), 'options.resamples');
    expectInvalidArgument(
      () => pairedPermutationTest([1, 2], [1, 2], { resamples: 10 } as unknown as { random: typeof random; resamples: number }),
      'options.random',
    );
  });
});
