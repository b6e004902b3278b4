import { corpusBleu } from './corpus-bleu.js';
import type { BleuOptions, BleuScore } from './metric-schemas.js';

/**
 * Sentence-level BLEU exactly as sacrebleu 2.x `sentence_bleu` / `BLEU(effective_order=True).sentence_score`:
 * corpus BLEU of a one-segment corpus with one or more references. Defaults are sacrebleu's for sentences:
 * tokenizer `13a`, smoothing `exp` and effective order on (so a short hypothesis without 4-grams is not
 * zeroed). Reference: Post, WMT 2018; sacrebleu 2.6.0 `sacrebleu/compat.py` `sentence_bleu`.
 *
 * @example
 * // sacrebleu test/test_sentence_bleu.py test_api_sentence_bleu ('exp', 13a): 8.493
 * sentenceBleu('Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;',
 *   ['producţia de zahăr brut se exprimă în zahăr alb;']).score; // 8.493...
 */
export function sentenceBleu(hypothesis: string, references: string[], options?: BleuOptions): BleuScore {
  return corpusBleu(
    [hypothesis],
    references.map((reference) => [reference]),
    { ...options, effectiveOrder: options?.effectiveOrder ?? true },
  );
}
