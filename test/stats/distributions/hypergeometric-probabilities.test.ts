import { describe, expect, it } from 'vitest';
import { hypergeometricProbabilities } from '../../../lib/stats/distributions/hypergeometric-probabilities.js';
import { expectAllClose, expectInvalidArgument } from '../expect-close.js';

// Expected values: test/reference/stats_reference_values.py, section "distributions":
// [hypergeom.N.K.n] [scipy.stats.hypergeom.pmf(x, N, K, n) for x over the support].
describe('hypergeometricProbabilities', () => {
  it('agrees with scipy.stats.hypergeom.pmf', () => {
    const small = hypergeometricProbabilities(10, 5, 5);
    expect(small.minimum).toBe(0);
    expectAllClose(small.probabilities, [
      0.003968253968253969, 0.09920634920634923, 0.3968253968253969, 0.3968253968253969, 0.09920634920634923,
      0.003968253968253969,
    ], 1e-14);
    const shifted = hypergeometricProbabilities(16, 10, 9);
    expect(shifted.minimum).toBe(3);
    expectAllClose(shifted.probabilities, [
      0.010489510489510492, 0.11013986013986014, 0.33041958041958047, 0.36713286713286714, 0.15734265734265737,
      0.023601398601398604, 0.0008741258741258742,
    ], 1e-14);
    const skewed = hypergeometricProbabilities(60, 12, 25);
    expectAllClose(skewed.probabilities, [
      0.0005963100908651546, 0.0074538761358144325, 0.0393564659971002, 0.11605111768375699, 0.21276038242022113,
      0.2553124589042654, 0.20542381750917907, 0.11151578664784007, 0.04046943870284518, 0.00955528413817178,
      0.0013898595110068042, 0.00011148605703263135, 3.7162019010877116e-6,
    ], 1e-13);
  });

  it('keeps relative accuracy 50 steps from the mode (P = 1.1e-59 at the ends)', () => {
    const { probabilities } = hypergeometricProbabilities(200, 100, 100);
    expect(probabilities).toHaveLength(101);
    // [hypergeom.200.100.100] elements 0, 1, 25 and 50
    expectAllClose(
      [probabilities[0], probabilities[1], probabilities[25], probabilities[50]] as number[],
      [1.1043803465997516e-59, 1.1043803465997513e-55, 6.495478850101853e-13, 0.1124155757040421],
      1e-12,
    );
  });

  it('rejects impossible parameters', () => {
    expectInvalidArgument(() => hypergeometricProbabilities(10, 11, 5), 'successes');
    expectInvalidArgument(() => hypergeometricProbabilities(10, 5, 11), 'draws');
    expectInvalidArgument(() => hypergeometricProbabilities(-1, 0, 0), 'population');
  });
});
