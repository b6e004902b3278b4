import { mean } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { bootstrapIntervalFromReplicates } from '../../lib/stats/bootstrap-interval-from-replicates.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data and expected values: test/reference/stats_reference_values.py, section "resampling". The replicates are
// not random: fixedReplicates() below is the script's fixed_replicates(), the same IEEE operations in the same
// order, so both languages cut the same 2000 numbers. [bca.fixed.level] runs scipy's own BCa arithmetic,
// scipy.stats._resampling._bca_interval((BOOT_DATA,), mean, alpha, theta_hat_b=replicates), and np.percentile at
// the returned levels; [percentile.fixed.level] is np.percentile at α/2 and 1 − α/2.
const BOOT_DATA = [2.1, 3.4, 1.9, 5.6, 2.8, 3.1, 4.7, 2.2, 6.3, 3.0, 2.6, 4.1, 3.8, 2.4, 7.9, 3.3];
const CENTER = 3.7; // [bootstrap.center] float(np.mean(BOOT_DATA))

function fixedReplicates(count: number, center: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const u = (i * 0.6180339887498949) % 1.0;
    return center + (u - 0.45) * 1.5 + u * u * u * 0.8;
  });
}

const replicates = fixedReplicates(2000, CENTER);
const jackknife = BOOT_DATA.map((_, left) => mean(BOOT_DATA.filter((__, index) => index !== left)));

describe('bootstrapIntervalFromReplicates', () => {
  it("reproduces scipy's BCa levels, acceleration and interval on fixed replicates", () => {
    const result = bootstrapIntervalFromReplicates({ estimate: mean(BOOT_DATA), replicates, jackknife, level: 0.95 });
    // [bca.fixed.0.95] -> alpha1 0.014225874533645383, alpha2 0.9534823741929249, acceleration 0.04975786078987304,
    // lower 3.0463165791069637, upper 5.147448206403322
    expect(result.method).toBe('bca');
    expectClose(result.quantileLevels[0], 0.014225874533645383);
    expectClose(result.quantileLevels[1], 0.9534823741929249);
    expectClose(result.acceleration as number, 0.04975786078987304);
    expectClose(result.lower, 3.0463165791069637);
    expectClose(result.upper, 5.147448206403322);
    expect(result.resamples).toBe(2000);
    // [bca.fixed.0.9] -> alpha1 0.02674644039554487, alpha2 0.9046301604284599, lower 3.0652191203899606,
    // upper 4.972218450841597
    const ninety = bootstrapIntervalFromReplicates({ estimate: CENTER, replicates, jackknife, level: 0.9, method: 'bca' });
    expectClose(ninety.quantileLevels[0], 0.02674644039554487);
    expectClose(ninety.quantileLevels[1], 0.9046301604284599);
    expectClose(ninety.lower, 3.0652191203899606);
    expectClose(ninety.upper, 4.972218450841597);
  });

  it('percentile interval: np.percentile at α/2 and 1 − α/2', () => {
    // [percentile.fixed.0.95] -> (3.0626831707357627, 5.229616695091958)
    const result = bootstrapIntervalFromReplicates({ estimate: CENTER, replicates, method: 'percentile' });
    expectClose(result.lower, 3.0626831707357627);
    expectClose(result.upper, 5.229616695091958);
    expect(result.biasCorrection).toBeUndefined();
    // [percentile.fixed.0.9] -> (3.099773026194638, 5.134432512200059)
    const ninety = bootstrapIntervalFromReplicates({ estimate: CENTER, replicates, method: 'percentile', level: 0.9 });
    expectClose(ninety.lower, 3.099773026194638);
    expectClose(ninety.upper, 5.134432512200059);
  });

  it('takes acceleration 0 when the jackknife values are all equal', () => {
    const result = bootstrapIntervalFromReplicates({ estimate: 1, replicates: [0.5, 1, 1.5], jackknife: [2, 2, 2] });
    expect(result.acceleration).toBe(0);
    expect(result.biasCorrection).toBe(0); // one below, one tie (½), one above: fraction ½
  });

  it('rejects missing jackknife values, one-sided replicates and bad levels', () => {
    expectInvalidArgument(() => bootstrapIntervalFromReplicates({ estimate: CENTER, replicates }), 'jackknife');
    expectInvalidArgument(
      () => bootstrapIntervalFromReplicates({ estimate: 100, replicates, jackknife }),
      'replicates',
    );
    expectInvalidArgument(() => bootstrapIntervalFromReplicates({ estimate: CENTER, replicates: [1] , method: 'percentile' }), 'replicates');
    expectInvalidArgument(() => bootstrapIntervalFromReplicates({ estimate: CENTER, replicates: [1, Number.NaN], method: 'percentile' }), 'replicates');
    expectInvalidArgument(() => bootstrapIntervalFromReplicates({ estimate: Number.NaN, replicates, jackknife }), 'estimate');
    expectInvalidArgument(() => bootstrapIntervalFromReplicates({ estimate: CENTER, replicates, level: 1, method: 'percentile' }), 'level');
    expectInvalidArgument(
      () => bootstrapIntervalFromReplicates({ estimate: CENTER, replicates, method: 'basic' as unknown as 'bca' }),
      'method',
    );
  });
});
