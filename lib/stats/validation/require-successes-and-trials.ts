import { InvalidArgumentError } from '../../core/errors.js';
import { requireCount } from './require-count.js';

/**
 * Checks a binomial observation: `trials` an integer >= 1 and `successes` an integer in [0, trials]; throws
 * {@link InvalidArgumentError} naming the offending argument otherwise.
 *
 * @example
 * requireSuccessesAndTrials(7, 20); // passes
 */
export function requireSuccessesAndTrials(successes: number, trials: number): void {
  requireCount(trials, 'trials', 1);
  requireCount(successes, 'successes');
  if (successes > trials) {
    throw new InvalidArgumentError('successes', `must not exceed trials (${trials}), got ${successes}`);
  }
}
