import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../lib/stats/wilson-interval.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "binomial":
// [wilson.k.n.level] statsmodels proportion_confint(k, n, alpha=1 − level, method='wilson').
const cases: [number, number, number, number, number][] = [
  [7, 20, 0.95, 0.18119182410108203, 0.5671457233147638],
  [7, 20, 0.9, 0.202260040056761, 0.5334873111515284],
  [7, 20, 0.99, 0.14639344137693883, 0.6283381789526872],
  [0, 15, 0.95, 0, 0.20388330103584867],
  [15, 15, 0.9, 0.8471922953898597, 1],
  [1, 1000, 0.95, 0.00017654637062607765, 0.005642558597957937],
  [1, 1000, 0.99, 0.00011741635361832078, 0.008460566219981695],
  [480, 1000, 0.95, 0.44917079499694124, 0.510982275342481],
];

describe('wilsonInterval', () => {
  it('agrees with statsmodels proportion_confint(method="wilson")', () => {
    for (const [k, n, level, lower, upper] of cases) {
      const interval = wilsonInterval(k, n, level);
      // Where statsmodels returns exactly 0 or 1 the two formulas can differ by rounding (~1e-17).
      expectClose(interval.lower, lower, 1e-9, 1e-15);
      expectClose(interval.upper, upper, 1e-9, 1e-15);
      expect(interval.level).toBe(level);
      expect(interval.estimate).toBe(k / n);
    }
  });

  it('defaults to 95% and stays inside [0, 1]', () => {
    const interval = wilsonInterval(0, 15);
    expect(interval.level).toBe(0.95);
    expect(interval.lower).toBeGreaterThanOrEqual(0);
    expect(wilsonInterval(15, 15).upper).toBeLessThanOrEqual(1);
  });

  it('rejects bad counts and levels outside (0, 1)', () => {
    expectInvalidArgument(() => wilsonInterval(3, 0), 'trials');
    expectInvalidArgument(() => wilsonInterval(-1, 10), 'successes');
    expectInvalidArgument(() => wilsonInterval(11, 10), 'successes');
    expectInvalidArgument(() => wilsonInterval(3, 10, 0), 'level');
    expectInvalidArgument(() => wilsonInterval(3, 10, 1), 'level');
    expectInvalidArgument(() => wilsonInterval(3, 10, 95), 'level');
    expectInvalidArgument(() => wilsonInterval(3, 10, Number.NaN), 'level');
  });
});
