import { bleuFromStatistics } from './bleu-from-statistics.js';
import type { BleuStatistics } from './bleu-segment-statistics.js';
import { bleuSignature } from './bleu-signature.js';
import { corpusBleuStatistics } from './corpus-bleu-statistics.js';
import { bleuOptionsSchema, type BleuOptions, type BleuScore } from './metric-schemas.js';
import { parseMetricOptions } from './parse-metric-options.js';

/**
 * Corpus-level BLEU exactly as sacrebleu 2.x `corpus_bleu` / `BLEU().corpus_score` (Papineni et al., ACL 2002;
 * Post, WMT 2018): every segment is lowercased (optional), right-stripped and tokenized, n-gram statistics are
 * summed over the corpus, and BLEU is computed once from the sums. `references` are reference *streams*, each
 * parallel to `hypotheses` (`references[k][i]` is the k-th reference of segment i), as in sacrebleu.
 * Defaults are sacrebleu's: tokenizer `13a`, smoothing `exp`, case-sensitive, no effective order, 4-grams.
 * Unlike sacrebleu, streams of unequal length are refused rather than truncated.
 *
 * @example
 * // sacrebleu test/test_bleu.py test_corpus_bleu (default settings): 48.530827
 * corpusBleu(
 *   ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'],
 *   [['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
 *    ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.']],
 * ).score; // 48.53082...
 */
export function corpusBleu(hypotheses: string[], references: string[][], options?: BleuOptions): BleuScore {
  const parsed = parseMetricOptions(bleuOptionsSchema, options);
  const lowercase = parsed.lowercase ?? false;
  const tokenize = parsed.tokenize ?? '13a';
  const smoothMethod = parsed.smoothMethod ?? 'exp';
  const effectiveOrder = parsed.effectiveOrder ?? false;
  const maxNgramOrder = parsed.maxNgramOrder ?? 4;
  const sums: BleuStatistics = {
    hypothesisLength: 0,
    referenceLength: 0,
    counts: new Array<number>(maxNgramOrder).fill(0),
    totals: new Array<number>(maxNgramOrder).fill(0),
  };
  for (const statistics of corpusBleuStatistics(hypotheses, references, { lowercase, tokenize, maxNgramOrder })) {
    sums.hypothesisLength += statistics.hypothesisLength;
    sums.referenceLength += statistics.referenceLength;
    for (let index = 0; index < maxNgramOrder; index++) {
      sums.counts[index] = (sums.counts[index] as number) + (statistics.counts[index] as number);
      sums.totals[index] = (sums.totals[index] as number) + (statistics.totals[index] as number);
    }
  }
  const values = bleuFromStatistics(sums, { smoothMethod, smoothValue: parsed.smoothValue, effectiveOrder });
  return {
    ...values,
    signature: bleuSignature({
      numberOfReferences: references.length,
      lowercase,
      effectiveOrder,
      tokenize,
      smoothMethod,
      smoothValue: parsed.smoothValue,
    }),
  };
}
