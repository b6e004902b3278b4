import { requireCount } from '../validation/require-count.js';

/**
 * The exact null distribution of the Mann-Whitney statistic `U` (the number of pairs with `x > y`) for samples
 * of sizes `m` and `n` without ties: element `u` of the returned array is `P(U = u)`, for `u = 0 … m n`.
 *
 * Method: the recurrence of Mann & Whitney (1947), written for probabilities: the largest of the `m + n`
 * observations is an `x` with probability `m/(m+n)`, and then it exceeds all `n` values of `y`, so
 * `P_{m,n}(u) = m/(m+n) · P_{m−1,n}(u − n) + n/(m+n) · P_{m,n−1}(u)`. Only non-negative terms are added, so
 * tail probabilities keep full relative accuracy (`1/C(m+n, m)` at the ends). Cost about `m² n² / 4`.
 *
 * @example
 * mannWhitneyUDistribution(1, 2); // [1/3, 1/3, 1/3]
 */
export function mannWhitneyUDistribution(m: number, n: number): number[] {
  requireCount(m, 'm');
  requireCount(n, 'n');
  // rows[j] holds P_{i,j} for the current i; P_{0,j} is a point mass at 0.
  const rows: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    rows[0] = [1];
    for (let j = 1; j <= n; j++) {
      const previousX = rows[j] as number[]; // P_{i−1, j}
      const previousY = rows[j - 1] as number[]; // P_{i, j−1}
      const weightX = i / (i + j);
      const weightY = j / (i + j);
      const next = new Array<number>(i * j + 1).fill(0);
      for (let u = 0; u < previousY.length; u++) next[u] = weightY * (previousY[u] as number);
      for (let u = 0; u < previousX.length; u++) next[u + j] = (next[u + j] as number) + weightX * (previousX[u] as number);
      rows[j] = next;
    }
  }
  return rows[n] as number[];
}
