import { describe, it } from 'vitest';
import { cohenKappa } from '../../lib/stats/cohen-kappa.js';
import { expectClose, expectInvalidArgument } from './expect-close.js';

// Data sets and expected values: test/reference/stats_reference_values.py, section "agreement":
// sklearn.metrics.cohen_kappa_score(a, b, labels, weights).
const A = [1, 2, 3, 3, 2, 1, 4, 4, 3, 2, 1, 5, 3, 2, 4, 5, 1, 2, 3, 4];
const B = [1, 2, 3, 2, 2, 1, 4, 3, 3, 3, 2, 5, 3, 2, 5, 4, 1, 1, 3, 4];
const recode = (values: number[]): number[] => values.map((value) => (value === 5 ? 7 : value));

describe('cohenKappa', () => {
  it('unweighted, linear and quadratic weights', () => {
    expectClose(cohenKappa(A, B), 0.5527156549520766); // [kappa.None]
    expectClose(cohenKappa(A, B, { weights: 'linear' }), 0.7491039426523298); // [kappa.linear]
    expectClose(cohenKappa(A, B, { weights: 'quadratic' }), 0.8870967741935484); // [kappa.quadratic]
  });

  it('weights by position in the given category list (unused categories count)', () => {
    const a = recode(A);
    const b = recode(B);
    const categories = [1, 2, 3, 4, 5, 6, 7];
    // [kappa.gap.labels.*] cohen_kappa_score(KAPPA_GAP_A, KAPPA_GAP_B, labels=[1..7], weights)
    expectClose(cohenKappa(a, b, { categories }), 0.5527156549520766);
    expectClose(cohenKappa(a, b, { categories, weights: 'linear' }), 0.6866096866096867);
    expectClose(cohenKappa(a, b, { categories, weights: 'quadratic' }), 0.7960992907801419);
    // Without the list, only the labels seen are ordered, so 7 sits next to 4: as [kappa.linear].
    expectClose(cohenKappa(a, b, { weights: 'linear' }), 0.7491039426523298);
  });

  it('string labels', () => {
    const a = ['yes', 'no', 'yes', 'maybe', 'no', 'yes', 'maybe', 'no', 'yes', 'yes'];
    const b = ['yes', 'no', 'no', 'maybe', 'no', 'yes', 'yes', 'no', 'yes', 'maybe'];
    expectClose(cohenKappa(a, b), 0.53125); // [kappa.strings]
  });

  it('rejects bad input, naming the argument', () => {
    expectInvalidArgument(() => cohenKappa([], []), 'a');
    expectInvalidArgument(() => cohenKappa([1, 2], [1]), 'b');
    expectInvalidArgument(() => cohenKappa([1, Number.NaN], [1, 2]), 'a');
    expectInvalidArgument(() => cohenKappa([1, 2], [1, 'x']), 'b'); // mixed label types
    expectInvalidArgument(() => cohenKappa([1, 1], [1, 1]), 'b'); // one category only: 0/0
    expectInvalidArgument(() => cohenKappa([1, 2], [1, 3], { categories: [1, 2] }), 'b');
    expectInvalidArgument(() => cohenKappa([1, 2], [1, 2], { categories: [1, 2, 2] }), 'options.categories');
    expectInvalidArgument(() => cohenKappa([1, 2], [1, 2], { weights: 'cubic' as unknown as 'linear' }), 'options.weights');
  });
});
