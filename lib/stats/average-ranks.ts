import { requireFiniteNumbers } from './validation/require-finite-numbers.js';

/** Average ranks of a sample and the sizes of its groups of tied values. */
export interface AverageRanks {
  /** `ranks[i]` is the rank of `values[i]` (1-based; ties get the mean of the ranks they span). */
  ranks: number[];
  /** The size of every group of two or more equal values, in increasing order of value. */
  tieGroupSizes: number[];
  /** `Σ (t³ − t)` over the tie groups, the quantity every rank test's tie correction uses. */
  tieSum: number;
}

/**
 * Ranks with ties replaced by their average ("midranks"; the `'average'` method of `scipy.stats.rankdata`,
 * R's `rank(ties.method = "average")`), plus the tie-group sizes `t` that the tie corrections `Σ(t³ − t)` of the
 * rank tests need (Hollander, Wolfe & Chicken, *Nonparametric Statistical Methods*, 3rd ed.).
 *
 * @example
 * averageRanks([10, 20, 10, 30]); // { ranks: [1.5, 3, 1.5, 4], tieGroupSizes: [2], tieSum: 6 }
 */
export function averageRanks(values: readonly number[]): AverageRanks {
  const checked = requireFiniteNumbers(values, 'values');
  const order = checked.map((_, index) => index).sort((left, right) => (checked[left] as number) - (checked[right] as number));
  const ranks = new Array<number>(checked.length);
  const tieGroupSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && checked[order[end] as number] === checked[order[start] as number]) end++;
    const averageRank = (start + 1 + end) / 2; // mean of the 1-based ranks start+1 … end
    for (let position = start; position < end; position++) ranks[order[position] as number] = averageRank;
    if (end - start > 1) tieGroupSizes.push(end - start);
    start = end;
  }
  const tieSum = tieGroupSizes.reduce((sum, size) => sum + size * size * size - size, 0);
  return { ranks, tieGroupSizes, tieSum };
}
