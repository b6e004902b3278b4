import { InvalidArgumentError } from '../../core/errors.js';
import { requireCount } from '../validation/require-count.js';

/** The hypergeometric distribution over its whole support. */
export interface HypergeometricProbabilities {
  /** The smallest possible value, `max(0, draws − (population − successes))`. */
  minimum: number;
  /** `probabilities[i]` is `P(X = minimum + i)`. */
  probabilities: number[];
}

/**
 * The hypergeometric distribution of the number of successes `X` in `draws` draws without replacement from a
 * population of `population` items of which `successes` are successes, over its whole support (the null
 * distribution of the top-left cell of a 2×2 table with fixed margins, as Fisher's exact test needs).
 *
 * Method: start from 1 at the mode `⌊(draws+1)(successes+1)/(population+2)⌋` and walk outwards with the
 * ratio `P(x+1)/P(x) = (successes−x)(draws−x) / ((x+1)(population−successes−draws+x+1))` (Johnson, Kemp &
 * Kotz, *Univariate Discrete Distributions*, 3rd ed., §6.2), then divide by the total. No gamma functions are
 * used, so no digits are lost to cancellation; the relative error grows only with the distance from the mode
 * (about 1e-13 after 1000 steps). Probabilities below ~1e-308 of the mode's underflow to 0.
 *
 * @example
 * hypergeometricProbabilities(10, 5, 5); // { minimum: 0, probabilities: [1, 25, 100, 100, 25, 1] / 252 }
 */
export function hypergeometricProbabilities(
  population: number,
  successes: number,
  draws: number,
): HypergeometricProbabilities {
  requireCount(population, 'population');
  requireCount(successes, 'successes');
  requireCount(draws, 'draws');
  if (successes > population) throw new InvalidArgumentError('successes', `must be at most population (${population})`);
  if (draws > population) throw new InvalidArgumentError('draws', `must be at most population (${population})`);
  const failures = population - successes;
  const minimum = Math.max(0, draws - failures);
  const maximum = Math.min(successes, draws);
  const mode = Math.min(maximum, Math.max(minimum, Math.floor(((draws + 1) * (successes + 1)) / (population + 2))));
  const weights = new Array<number>(maximum - minimum + 1).fill(0);
  weights[mode - minimum] = 1;
  for (let x = mode; x < maximum; x++) {
    const ratio = ((successes - x) * (draws - x)) / ((x + 1) * (failures - draws + x + 1));
    weights[x + 1 - minimum] = (weights[x - minimum] as number) * ratio;
  }
  for (let x = mode; x > minimum; x--) {
    // P(x−1)/P(x) is the reciprocal of the ratio above taken at x−1.
    const ratio = (x * (failures - draws + x)) / ((successes - x + 1) * (draws - x + 1));
    weights[x - 1 - minimum] = (weights[x - minimum] as number) * ratio;
  }
  // Sum from the smallest terms up, for accuracy.
  const total = weights.slice().sort((left, right) => left - right).reduce((sum, weight) => sum + weight, 0);
  return { minimum, probabilities: weights.map((weight) => weight / total) };
}
