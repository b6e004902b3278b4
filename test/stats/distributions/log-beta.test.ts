import { describe, it } from 'vitest';
import { logBeta } from '../../../lib/stats/distributions/log-beta.js';
import { expectClose } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions" (scipy 1.10.1).
describe('logBeta', () => {
  it('agrees with scipy.special.betaln for small, mixed and large arguments', () => {
    expectClose(logBeta(2, 3), -2.4849066497880004, 1e-14); // [logBeta.2.3] scipy.special.betaln(2, 3)
    expectClose(logBeta(0.5, 0.5), 1.1447298858494, 1e-14); // [logBeta.0.5.0.5] scipy.special.betaln(0.5, 0.5)
    // One huge argument: the naive ln Γ sum would lose ~6 digits here, and scipy.special.betaln itself is off by
    // 1e-9 ([logBeta.0.5.1000000.0] prints -6.3353902120143175), so the reference is the asymptotic series
    // [logBeta.0.5.1e6.asymptotic] gammaln(0.5) − ln(1e6)/2 − ln(1 − 1/(8b) + 1/(128b²) + 5/(1024b³)) (DLMF 5.11.13).
    expectClose(logBeta(0.5, 1e6), -6.335390211057437, 1e-14);
    expectClose(logBeta(1e6, 0.5), -6.335390211057437, 1e-14); // symmetric in (a, b)
    expectClose(logBeta(50, 60), -76.52272335335051, 1e-14); // [logBeta.50.60] scipy.special.betaln(50, 60)
    // [logBeta.3.5.1e5.asymptotic] the same series after Γ(b+3.5) = (b+2.5)(b+1.5)(b+0.5) Γ(b+½); scipy.special.betaln
    // gives -39.09430927480571 ([logBeta.3.5.100000.0]), 2e-10 off.
    expectClose(logBeta(3.5, 1e5), -39.094309274611234, 1e-14);
    expectClose(logBeta(1e4, 2e4), -19098.908538220945, 1e-14); // [logBeta.10000.0.20000.0] scipy.special.betaln(1e4, 2e4)
  });
});
