import { InvalidArgumentError } from '../../core/errors.js';
import { pythonFsum } from './python-fsum.js';
import { splitOnPythonWhitespace } from './python-whitespace.js';

/** Python's `sys.float_info.min`, the smallest normal double, which NLTK's method0 puts in place of a zero precision. */
const FLOAT_MIN = 2.2250738585072014e-308;
const ORDERS = 4;

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + n <= tokens.length; start++) {
    // Tokens contain no whitespace, so the space-joined key is unambiguous.
    const key = tokens.slice(start, start + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The authors' legacy BLEU (authors-pipeline §5.4, docs/authors-pipeline.md): NLTK's
 * `sentence_bleu([reference.split() for reference in references], hypothesis.split())` with the default
 * weights (¼, ¼, ¼, ¼) and no smoothing (`SmoothingFunction().method0`), on the 0–1 scale. Tokens are split on
 * whitespace only, so case and attached punctuation count ("prolonged." ≠ "prolonged").
 * What NLTK does at the edges, reproduced here:
 * - no unigram matches at all: exactly 0 (NLTK returns the integer 0);
 * - some unigrams match but an order has no match, or the hypothesis is shorter than that order: that precision
 *   becomes `sys.float_info.min` ≈ 2.2e−308 and NLTK warns, so BLEU is tiny but not 0 (≈ 1.2e−77 for an exact
 *   three-word match, ≈ 1.5e−154 for two words);
 * - brevity penalty `exp(1 − r/c)` with r the reference length closest to c (shorter on a tie), 0 for an empty
 *   hypothesis; the weighted log precisions are summed with `math.fsum`.
 * Reference: NLTK 3.8 `nltk/translate/bleu_score.py` (`corpus_bleu`, `modified_precision`, `closest_ref_length`,
 * `brevity_penalty`, `SmoothingFunction.method0`); Papineni et al., ACL 2002. Prefer {@link sentenceBleu}
 * (sacrebleu) for new work.
 *
 * @example
 * nltkSentenceBleu('the cat sat on the mat', ['the cat sat on the mat']); // 1
 * nltkSentenceBleu('the cat sat', ['the cat sat']); // 1.2213386697554703e-77 (no 4-gram)
 */
export function nltkSentenceBleu(hypothesis: string, references: string[]): number {
  if (references.length === 0) throw new InvalidArgumentError('references', 'at least one reference is needed');
  const hypothesisTokens = splitOnPythonWhitespace(hypothesis);
  const referenceTokens = references.map(splitOnPythonWhitespace);
  const numerators: number[] = [];
  const denominators: number[] = [];
  for (let order = 1; order <= ORDERS; order++) {
    const counts = ngramCounts(hypothesisTokens, order);
    const referenceCounts = referenceTokens.map((tokens) => ngramCounts(tokens, order));
    let clipped = 0;
    let total = 0;
    for (const [ngram, count] of counts) {
      let maximum = 0;
      for (const each of referenceCounts) maximum = Math.max(maximum, each.get(ngram) ?? 0);
      clipped += Math.min(count, maximum);
      total += count;
    }
    numerators.push(clipped);
    denominators.push(Math.max(1, total));
  }
  const hypothesisLength = hypothesisTokens.length;
  let closest = referenceTokens[0]!.length;
  for (const tokens of referenceTokens) {
    const length = tokens.length;
    const distance = Math.abs(length - hypothesisLength);
    const best = Math.abs(closest - hypothesisLength);
    if (distance < best || (distance === best && length < closest)) closest = length;
  }
  let brevityPenalty: number;
  if (hypothesisLength > closest) brevityPenalty = 1;
  else if (hypothesisLength === 0) brevityPenalty = 0;
  else brevityPenalty = Math.exp(1 - closest / hypothesisLength);
  if (numerators[0] === 0) return 0;
  const terms = numerators.map((numerator, index) => 0.25 * Math.log(numerator !== 0 ? numerator / (denominators[index] as number) : FLOAT_MIN));
  return brevityPenalty * Math.exp(pythonFsum(terms));
}
