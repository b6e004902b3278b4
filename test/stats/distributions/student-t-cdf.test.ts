import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../lib/stats/distributions/normal-cdf.js';
import { studentTCdf } from '../../../lib/stats/distributions/student-t-cdf.js';
import { expectClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [tcdf.t.df] scipy.stats.t.cdf(t, df).
describe('studentTCdf', () => {
  it('agrees with scipy.stats.t.cdf for integer and real df', () => {
    expectClose(studentTCdf(-2, 10), 0.036694017385370196, 1e-13);
    expectClose(studentTCdf(-30, 3.5), 1.196806599781131e-5, 1e-13);
    expectClose(studentTCdf(1, 5), 0.8183912661754387, 1e-13);
    expectClose(studentTCdf(-0.1, 2.2), 0.46436106802059796, 1e-13);
    expectClose(studentTCdf(-12, 1000), 2.16202869338729e-31, 1e-12);
    expectClose(studentTCdf(3, 1), 0.8975836176504333, 1e-13);
  });

  it('handles 0, infinities and df = Infinity', () => {
    expect(studentTCdf(0, 4)).toBe(0.5);
    expect(studentTCdf(Infinity, 4)).toBe(1);
    expect(studentTCdf(-Infinity, 4)).toBe(0);
    expect(studentTCdf(1.3, Infinity)).toBe(normalCdf(1.3));
  });

  it('rejects df <= 0 and NaN', () => {
    expectInvalidArgument(() => studentTCdf(1, 0), 'df');
    expectInvalidArgument(() => studentTCdf(Number.NaN, 3), 't');
  });
});
