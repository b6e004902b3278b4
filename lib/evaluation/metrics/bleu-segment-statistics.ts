import { InvalidArgumentError } from '../../core/errors.js';
import { splitOnPythonWhitespace } from './python-whitespace.js';

/** The sufficient statistics of BLEU for one segment (or, summed, for a corpus). */
export interface BleuStatistics {
  hypothesisLength: number;
  /** The reference length closest to the hypothesis length (the shorter one on a tie). */
  referenceLength: number;
  /** Clipped matches per n-gram order 1..maxNgramOrder. */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
}

function countNgrams(tokens: readonly string[], maxNgramOrder: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let order = 1; order <= maxNgramOrder; order++) {
    for (let start = 0; start + order <= tokens.length; start++) {
      // Tokens never contain whitespace, so a space-joined key is unambiguous; the order is the key's word count.
      const key = tokens.slice(start, start + order).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * BLEU's sufficient statistics for one already tokenized segment against one or more already tokenized
 * references (Papineni et al., "BLEU: a method for automatic evaluation of machine translation", ACL 2002):
 * n-gram matches clipped by the maximum count of that n-gram in any one reference, hypothesis n-gram totals, the
 * hypothesis length and the closest reference length (ties go to the shorter reference), exactly as sacrebleu
 * 2.x `BLEU._compute_segment_statistics` and `_get_closest_ref_len`. Tokens are the whitespace-separated parts
 * (Python `str.split()`). Summing these over segments and passing the sums to {@link bleuFromStatistics} gives
 * corpus BLEU, which is what a paired bootstrap over segments needs.
 *
 * @example
 * bleuSegmentStatistics('the cat sat', ['the cat sat down'], 4);
 * // { hypothesisLength: 3, referenceLength: 4, counts: [3, 2, 1, 0], totals: [3, 2, 1, 0] }
 */
export function bleuSegmentStatistics(hypothesis: string, references: readonly string[], maxNgramOrder: number): BleuStatistics {
  if (references.length === 0) throw new InvalidArgumentError('references', 'at least one reference is needed');
  if (!Number.isInteger(maxNgramOrder) || maxNgramOrder < 1) {
    throw new InvalidArgumentError('maxNgramOrder', `must be a positive integer, got ${maxNgramOrder}`);
  }
  const referenceCounts = new Map<string, number>();
  const referenceLengths: number[] = [];
  for (const reference of references) {
    const tokens = splitOnPythonWhitespace(reference);
    referenceLengths.push(tokens.length);
    for (const [ngram, count] of countNgrams(tokens, maxNgramOrder)) {
      if (count > (referenceCounts.get(ngram) ?? 0)) referenceCounts.set(ngram, count);
    }
  }
  const hypothesisTokens = splitOnPythonWhitespace(hypothesis);
  const hypothesisLength = hypothesisTokens.length;
  let referenceLength = -1;
  let closestDifference = -1;
  for (const length of referenceLengths) {
    const difference = Math.abs(hypothesisLength - length);
    if (closestDifference === -1 || difference < closestDifference) {
      closestDifference = difference;
      referenceLength = length;
    } else if (difference === closestDifference && length < referenceLength) {
      referenceLength = length;
    }
  }
  const counts = new Array<number>(maxNgramOrder).fill(0);
  const totals = new Array<number>(maxNgramOrder).fill(0);
  for (const [ngram, count] of countNgrams(hypothesisTokens, maxNgramOrder)) {
    const order = ngram.split(' ').length - 1;
    totals[order] = (totals[order] ?? 0) + count;
    const available = referenceCounts.get(ngram);
    if (available !== undefined) counts[order] = (counts[order] ?? 0) + Math.min(count, available);
  }
  return { hypothesisLength, referenceLength, counts, totals };
}
