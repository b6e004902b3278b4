import { describe, it } from 'vitest';
import { logGamma } from '../../../lib/stats/distributions/log-gamma.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions"; the label in brackets and
// the call are printed by the script (scipy 1.10.1).
describe('logGamma', () => {
  it('agrees with scipy.special.gammaln across the shift (x < 10) and Stirling (x >= 10) branches', () => {
    expectClose(logGamma(0.5), 0.5723649429247, 1e-14); // [logGamma.0.5] scipy.special.gammaln(0.5)
    expectClose(logGamma(1e-8), 18.42068073818021, 1e-14); // [logGamma.1e-08] scipy.special.gammaln(1e-08)
    expectClose(logGamma(0.1), 2.252712651734206, 1e-14); // [logGamma.0.1] scipy.special.gammaln(0.1)
    expectClose(logGamma(3.7), 1.428072326665388, 1e-14); // [logGamma.3.7] scipy.special.gammaln(3.7)
    expectClose(logGamma(9.99), 12.779315214350195, 1e-14); // [logGamma.9.99] scipy.special.gammaln(9.99)
    expectClose(logGamma(10), 12.801827480081469, 1e-14); // [logGamma.10.0] scipy.special.gammaln(10.0)
    expectClose(logGamma(100.5), 361.43554046777757, 1e-14); // [logGamma.100.5] scipy.special.gammaln(100.5)
    expectClose(logGamma(12345.678), 103959.91990554606, 1e-14); // [logGamma.12345.678] scipy.special.gammaln(12345.678)
    expectClose(logGamma(1e6), 12815504.569147611, 1e-14); // [logGamma.1000000.0] scipy.special.gammaln(1000000.0)
  });

  it('is exactly 0 at 1 and 2 (Γ(1) = Γ(2) = 1) and reproduces ln n!', () => {
    expectClose(logGamma(1), 0, 0, 0);
    expectClose(logGamma(2), 0, 0, 0);
    // ln 4! = ln 24, by definition of the gamma function at integers.
    expectClose(logGamma(5), Math.log(24), 1e-15);
  });

  it('rejects x <= 0 and NaN, naming x', () => {
    expectInvalidArgument(() => logGamma(0), 'x');
    expectInvalidArgument(() => logGamma(-1.5), 'x');
    expectInvalidArgument(() => logGamma(Number.NaN), 'x');
  });
});
