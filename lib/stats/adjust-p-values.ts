import { InvalidArgumentError } from '../core/errors.js';
import { requireFiniteNumbers } from './validation/require-finite-numbers.js';

/**
 * Multiplicity-adjusted p-values, returned in the order given.
 *
 * - `'holm'`: Holm's (1979) step-down family-wise error correction, `p̃_(i) = max_{j<=i} min(1, (m − j + 1) p_(j))`
 *   over the ascending order statistics.
 * - `'bh'`: Benjamini & Hochberg's (1995) step-up false discovery rate, `p̃_(i) = min_{j>=i} min(1, m p_(j) / j)`.
 *
 * Identical to `statsmodels.stats.multitest.multipletests(p, method='holm' | 'fdr_bh')[1]` and R's
 * `p.adjust(p, "holm" | "BH")`.
 *
 * @param pValues raw p-values, each in [0, 1]
 * @param method `'holm'` or `'bh'`
 * @example
 * adjustPValues([0.01, 0.04, 0.03], 'holm'); // [0.03, 0.06, 0.06]
 * adjustPValues([0.01, 0.04, 0.03], 'bh');   // [0.03, 0.04, 0.04]
 */
export function adjustPValues(pValues: readonly number[], method: 'holm' | 'bh'): number[] {
  const values = requireFiniteNumbers(pValues, 'pValues');
  values.forEach((value, index) => {
    if (value < 0 || value > 1) throw new InvalidArgumentError('pValues', `item ${index} must be in [0, 1], got ${value}`);
  });
  if (method !== 'holm' && method !== 'bh') {
    throw new InvalidArgumentError('method', `must be 'holm' or 'bh', got ${String(method)}`);
  }
  const m = values.length;
  const order = values.map((_, index) => index).sort((left, right) => (values[left] as number) - (values[right] as number));
  const adjusted = new Array<number>(m);
  if (method === 'holm') {
    let running = 0;
    order.forEach((index, position) => {
      running = Math.max(running, Math.min(1, (m - position) * (values[index] as number)));
      adjusted[index] = running;
    });
  } else {
    let running = 1;
    for (let position = m - 1; position >= 0; position--) {
      const index = order[position] as number;
      running = Math.min(running, Math.min(1, (m * (values[index] as number)) / (position + 1)));
      adjusted[index] = running;
    }
  }
  return adjusted;
}
