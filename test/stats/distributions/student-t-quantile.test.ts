import { describe, expect, it } from 'vitest';
import { studentTQuantile } from '../../../lib/stats/distributions/student-t-quantile.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions": [tquantile.p.df] is
// scipy.stats.t.ppf(p, df) polished by one Newton step on scipy.stats.t.cdf / t.sf. scipy's t.ppf alone
// (cdflib's stdtrit) is only good to ~1e-11 (e.g. 2.2281388519649385 for p = 0.975, df = 10, whose t.cdf is
// 0.02500000000090431 in the lower tail), so it is polished; the script prints the raw t.ppf too.
describe('studentTQuantile', () => {
  it('agrees with the polished scipy quantiles for integer, real and huge df', () => {
    expectClose(studentTQuantile(0.975, 10), 2.2281388519862735, 1e-13);
    expectClose(studentTQuantile(0.975, 3.7), 2.867520707191188, 1e-13);
    expectClose(studentTQuantile(0.6, 1e6), 0.25334717053784184, 1e-13);
    expectClose(studentTQuantile(1e-10, 2), -70710.67810804816, 1e-13);
    expectClose(studentTQuantile(0.995, 25.3), 2.784741797862595, 1e-13);
  });

  it('matches the closed-form Cauchy quantile for df = 1', () => {
    // [tquantile.0.95.1.closed_form] numpy.tan(numpy.pi * 0.45)
    expectClose(studentTQuantile(0.95, 1), 6.313751514675041, 1e-13);
  });

  it('handles the ends and rejects invalid arguments', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
    expectInvalidArgument(() => studentTQuantile(2, 7), 'p');
    expectInvalidArgument(() => studentTQuantile(0.9, -1), 'df');
  });
});
