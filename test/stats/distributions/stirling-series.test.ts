import { describe, it } from 'vitest';
import { stirlingSeries } from '../../../lib/stats/distributions/stirling-series.js';
import { expectClose } from '../expect-close.js';

// The series is ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π]; the expected values are that difference with ln Γ from
// test/reference/stats_reference_values.py [logGamma.10.0] = 12.801827480081469 and [logGamma.100.5] =
// 361.43554046777757 (scipy.special.gammaln). The subtraction leaves ~1e-15 absolute error, hence the tolerance.
describe('stirlingSeries', () => {
  it('equals ln Γ(x) minus the leading Stirling terms', () => {
    const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);
    expectClose(stirlingSeries(10), 12.801827480081469 - (9.5 * Math.log(10) - 10 + halfLogTwoPi), 0, 5e-15);
    expectClose(stirlingSeries(100.5), 361.43554046777757 - (100 * Math.log(100.5) - 100.5 + halfLogTwoPi), 0, 1e-13);
  });

  it('approaches 1/(12x) for large x (A&S 6.1.40)', () => {
    expectClose(stirlingSeries(1e6), 1 / 12e6, 1e-12);
  });
});
