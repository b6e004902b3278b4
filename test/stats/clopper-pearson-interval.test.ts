import { describe, expect, it } from 'vitest';
import { clopperPearsonInterval } from '../../lib/stats/clopper-pearson-interval.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "binomial":
// [clopper.k.n.level] statsmodels proportion_confint(k, n, alpha=1 − level, method='beta') (scipy beta.ppf/isf).
const cases: [number, number, number, number, number][] = [
  [7, 20, 0.95, 0.15390920478454118, 0.5921885345328282],
  [7, 20, 0.9, 0.17731091757444914, 0.5580345113154888],
  [7, 20, 0.99, 0.11387976326673241, 0.6565685842319211],
  [0, 15, 0.95, 0, 0.21801936091053406],
  [0, 15, 0.99, 0, 0.2975781698474813],
  [15, 15, 0.95, 0.7819806390894659, 1],
  [1, 1000, 0.9, 5.129197890901781e-5, 0.004734993575499778],
  [1, 1000, 0.99, 5.012529260777506e-6, 0.007406286938352938],
  [480, 1000, 0.95, 0.44863294269453347, 0.5114851175478414],
  [480, 1000, 0.99, 0.43898154352359126, 0.5212114960007407],
];

describe('clopperPearsonInterval', () => {
  it('agrees with statsmodels proportion_confint(method="beta")', () => {
    for (const [k, n, level, lower, upper] of cases) {
      const interval = clopperPearsonInterval(k, n, level);
      expectClose(interval.lower, lower);
      expectClose(interval.upper, upper);
    }
  });

  it('gives exactly 0 and 1 at the ends and defaults to 95%', () => {
    expect(clopperPearsonInterval(0, 15).lower).toBe(0);
    expect(clopperPearsonInterval(15, 15).upper).toBe(1);
    expect(clopperPearsonInterval(3, 15).level).toBe(0.95);
    // For k = 0 the upper end has the closed form 1 − (α/2)^{1/n}.
    expectClose(clopperPearsonInterval(0, 15).upper, 1 - 0.025 ** (1 / 15), 1e-12);
  });

  it('rejects bad counts and levels', () => {
    expectInvalidArgument(() => clopperPearsonInterval(1, 0), 'trials');
    expectInvalidArgument(() => clopperPearsonInterval(1.5, 10), 'successes');
    expectInvalidArgument(() => clopperPearsonInterval(2, 10, -0.1), 'level');
  });
});
