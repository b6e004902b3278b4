import { mean } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { bootstrapInterval } from '../../lib/stats/bootstrap-interval.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

const BOOT_DATA = [2.1, 3.4, 1.9, 5.6, 2.8, 3.1, 4.7, 2.2, 6.3, 3.0, 2.6, 4.1, 3.8, 2.4, 7.9, 3.3];

describe('bootstrapInterval', () => {
  it('gives the same interval for the same seed and a different one for another seed', () => {
    const first = bootstrapInterval(BOOT_DATA, mean, { random: createRandom(7), resamples: 2000 });
    const again = bootstrapInterval(BOOT_DATA, mean, { random: createRandom(7), resamples: 2000 });
    const other = bootstrapInterval(BOOT_DATA, mean, { random: createRandom(8), resamples: 2000 });
    expect(again).toEqual(first);
    expect(other.lower).not.toBe(first.lower);
    expect(first.estimate).toBe(mean(BOOT_DATA));
    expect(first.method).toBe('bca');
  });

  it('agrees with scipy.stats.bootstrap within Monte-Carlo error (BCa and percentile)', () => {
    // Monte-Carlo reference, test/reference/stats_reference_values.py [bootstrap.scipy.BCa] and
    // [bootstrap.scipy.percentile]: scipy.stats.bootstrap((BOOT_DATA,), np.mean, n_resamples=20000, method,
    // random_state=0..19), the mean and SD of the 20 endpoints. One run of 20 000 resamples here has about the same
    // SD as one scipy run, and the mean of 20 runs has SD/√20, so the difference has SD ≈ 1.02 SD; 5 SD is the
    // allowance (the seed is fixed, so the check is deterministic; it fails only if the methods differ).
    const bca = bootstrapInterval(BOOT_DATA, mean, { random: createRandom(2024), resamples: 20000, method: 'bca' });
    expectClose(bca.lower, 3.05375, 0, 5 * 0.007694837640638662);
    expectClose(bca.upper, 4.704241276056758, 0, 5 * 0.015955638124460752);
    const percentile = bootstrapInterval(BOOT_DATA, mean, {
      random: createRandom(2024),
      resamples: 20000,
      method: 'percentile',
    });
    expectClose(percentile.lower, 2.9684140625, 0, 5 * 0.007154040217024941);
    expectClose(percentile.upper, 4.547835937499999, 0, 5 * 0.007076022474414786);
    // BCa shifts the interval of this right-skewed sample to the right of the percentile interval.
    expect(bca.upper).toBeGreaterThan(percentile.upper);
  });

  it('resamples pairs whole for paired data', () => {
    const pairs = BOOT_DATA.map((value, index): [number, number] => [value, value - 0.1 * (index % 3)]);
    const result = bootstrapInterval(pairs, (sample) => mean(sample.map(([x, y]) => x - y)), {
      random: createRandom(3),
      resamples: 500,
      method: 'percentile',
    });
    expect(result.lower).toBeGreaterThanOrEqual(0);
    expect(result.upper).toBeLessThanOrEqual(0.2);
  });

  it('handles constant data (BCa degenerates to the point)', () => {
    const result = bootstrapInterval([4, 4, 4], mean, { random: createRandom(1), resamples: 100 });
    expect(result.lower).toBe(4);
    expect(result.upper).toBe(4);
  });

  it('rejects bad input, naming the argument', () => {
    const random = createRandom(1);
    expectInvalidArgument(() => bootstrapInterval([1], mean, { random, resamples: 100 }), 'data');
    expectInvalidArgument(() => bootstrapInterval([], mean, { random, resamples: 100 }), 'data');
    expectInvalidArgument(() => bootstrapInterval([1, 2], mean, { random, resamples: 1.5 }), 'options.resamples');
    expectInvalidArgument(() => bootstrapInterval([1, 2], mean, { random, resamples: 1 }), 'options.resamples');
    expectInvalidArgument(
      () => bootstrapInterval([1, 2], mean, { resamples: 10 } as unknown as { random: typeof random; resamples: number }),
      'options.random',
    );
    expectInvalidArgument(() => bootstrapInterval([1, 2], () => Number.NaN, { random, resamples: 10 }), 'statistic');
    expectInvalidArgument(() => bootstrapInterval([1, 2, 3], mean, { random, resamples: 10, level: 0 }), 'level');
  });
});
