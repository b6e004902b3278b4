import { InvalidArgumentError } from '../core/errors.js';
import { requireSameLength } from './validation/require-same-length.js';

/** A category label: a number (ordinal codes) or a string. */
export type CategoryLabel = number | string;

/** Options of {@link cohenKappa}. */
export interface CohenKappaOptions {
  /** Disagreement weights: `'none'` (default, unweighted), `'linear'` `|i − j|`, or `'quadratic'` `(i − j)²`. */
  weights?: 'none' | 'linear' | 'quadratic';
  /**
   * The ordered list of categories; the weights use positions in it. Default: the sorted distinct labels seen
   * in `a` and `b` (numbers ascending, strings in code-unit order), as scikit-learn does.
   */
  categories?: readonly CategoryLabel[];
}

function requireLabels(values: readonly CategoryLabel[], argument: string): void {
  if (!Array.isArray(values) || values.length === 0) throw new InvalidArgumentError(argument, 'must be a non-empty array of labels');
  values.forEach((value, index) => {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) {
      throw new InvalidArgumentError(argument, `item ${index} must be a finite number or a string, got ${String(value)}`);
    }
  });
}

/**
 * Cohen's kappa for two raters, unweighted (Cohen 1960) or weighted (Cohen 1968):
 * `κ = 1 − Σ w_ij O_ij / Σ w_ij E_ij` with `O` the confusion matrix of `a` (rows) against `b` (columns),
 * `E_ij = O_i· O_·j / N` its expectation under independence, and weights `w_ij = 1 − [i = j]`, `|i − j|` or
 * `(i − j)²` on the positions of the categories. Identical to
 * `sklearn.metrics.cohen_kappa_score(a, b, labels=categories, weights=None | 'linear' | 'quadratic')`.
 *
 * @param a the first rater's labels, one per item
 * @param b the second rater's labels for the same items
 * @example
 * cohenKappa([1, 2, 3, 3, 2], [1, 2, 3, 2, 2]); // 0.6875
 */
export function cohenKappa(
  a: readonly CategoryLabel[],
  b: readonly CategoryLabel[],
  options: CohenKappaOptions = {},
): number {
  requireLabels(a, 'a');
  requireLabels(b, 'b');
  requireSameLength(a, 'a', b, 'b');
  const weights = options.weights ?? 'none';
  if (weights !== 'none' && weights !== 'linear' && weights !== 'quadratic') {
    throw new InvalidArgumentError('options.weights', `must be 'none', 'linear' or 'quadratic', got ${String(weights)}`);
  }
  let categories: CategoryLabel[];
  if (options.categories !== undefined) {
    requireLabels(options.categories, 'options.categories');
    categories = [...options.categories];
    if (new Set(categories).size !== categories.length) {
      throw new InvalidArgumentError('options.categories', 'must not repeat a category');
    }
  } else {
    const seen = [...new Set<CategoryLabel>([...a, ...b])];
    const allNumbers = seen.every((label) => typeof label === 'number');
    const allStrings = seen.every((label) => typeof label === 'string');
    if (!allNumbers && !allStrings) {
      throw new InvalidArgumentError('b', 'labels mix numbers and strings; give options.categories to order them');
    }
    categories = allNumbers
      ? (seen as number[]).sort((left, right) => left - right)
      : (seen as string[]).sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  }
  const position = new Map<CategoryLabel, number>(categories.map((label, index) => [label, index]));
  const size = categories.length;
  const observed = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const positionOf = (label: CategoryLabel, argument: string): number => {
    const found = position.get(label);
    if (found === undefined) throw new InvalidArgumentError(argument, `label ${String(label)} is not in options.categories`);
    return found;
  };
  a.forEach((label, index) => {
    const row = observed[positionOf(label, 'a')] as number[];
    const column = positionOf(b[index] as CategoryLabel, 'b');
    row[column] = (row[column] as number) + 1;
  });
  const total = a.length;
  const rowTotals = observed.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnTotals = categories.map((_, column) => observed.reduce((sum, row) => sum + (row[column] as number), 0));
  const weight = (i: number, j: number): number =>
    weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) * (i - j);
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const w = weight(i, j);
      observedDisagreement += w * ((observed[i] as number[])[j] as number);
      expectedDisagreement += (w * (rowTotals[i] as number) * (columnTotals[j] as number)) / total;
    }
  }
  if (!(expectedDisagreement > 0)) {
    throw new InvalidArgumentError('b', 'both raters use a single, identical category; kappa is undefined (0/0)');
  }
  return 1 - observedDisagreement / expectedDisagreement;
}
