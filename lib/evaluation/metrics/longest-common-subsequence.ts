/**
 * One longest common subsequence of `reference` and `candidate`, as the sorted indices into `reference` of its
 * elements, read back from the dynamic-programming table exactly as rouge-score does (`_lcs_table` and
 * `_backtrack_norec`: on a tie it moves up in the reference), so that the union LCS of ROUGE-Lsum picks the same
 * tokens. Cormen et al., Introduction to Algorithms, §15.4; Lin, "ROUGE", WAS 2004, §3.
 * Reference: google-research/google-research `rouge/rouge_scorer.py` (rouge-score 0.1.2).
 *
 * @example
 * // rouge_scorer_test.py testLcsTable: ref [1,2,3,4,5], candidate [2,5,3,4] -> indices [1,2,3] (values 2,3,4)
 * longestCommonSubsequence([1, 2, 3, 4, 5], [2, 5, 3, 4]); // [1, 2, 3]
 */
export function longestCommonSubsequence<Token>(reference: readonly Token[], candidate: readonly Token[]): number[] {
  const rows = reference.length;
  const columns = candidate.length;
  const width = columns + 1;
  const table = new Uint32Array((rows + 1) * width);
  for (let row = 1; row <= rows; row++) {
    for (let column = 1; column <= columns; column++) {
      table[row * width + column] =
        reference[row - 1] === candidate[column - 1]
          ? (table[(row - 1) * width + column - 1] as number) + 1
          : Math.max(table[(row - 1) * width + column] as number, table[row * width + column - 1] as number);
    }
  }
  const indices: number[] = [];
  let row = rows;
  let column = columns;
  while (row > 0 && column > 0) {
    if (reference[row - 1] === candidate[column - 1]) {
      indices.push(row - 1);
      row -= 1;
      column -= 1;
    } else if ((table[row * width + column - 1] as number) > (table[(row - 1) * width + column] as number)) {
      column -= 1;
    } else {
      row -= 1;
    }
  }
  return indices.reverse();
}
