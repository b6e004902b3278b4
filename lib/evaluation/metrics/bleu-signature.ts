import { BLEU_SMOOTH_DEFAULTS } from './bleu-from-statistics.js';
import type { BleuSmoothMethod, BleuTokenizer } from './metric-schemas.js';

/**
 * The sacrebleu release whose BLEU this workspace reproduces and whose public test cases
 * (`test/test_bleu.py`, `test/test_sentence_bleu.py`) the tests in `test/evaluation/metrics/` check. It is the
 * `version:` field of the signature because the signature's job is to say which implementation and settings
 * produced a number: a score printed with it is meant to be the score sacrebleu 2.6.0 prints for the same input.
 */
export const SACREBLEU_COMPATIBLE_VERSION = '2.6.0';

/** What the BLEU signature records. */
export interface BleuSignatureFields {
  /** Number of references per segment. */
  numberOfReferences: number;
  lowercase: boolean;
  effectiveOrder: boolean;
  tokenize: BleuTokenizer;
  smoothMethod: BleuSmoothMethod;
  smoothValue?: number | undefined;
}

/**
 * The reproducibility signature of a BLEU score in sacrebleu 2.x's long form (`BLEUSignature.format()`):
 * `nrefs:N|case:mixed|lc|eff:no|yes|tok:T|smooth:S|version:V`, where `floor` and `add-k` carry their value with
 * two decimals (`smooth:floor[0.10]`). Reference: Post, "A Call for Clarity in Reporting BLEU Scores", WMT 2018;
 * sacrebleu 2.6.0 `sacrebleu/metrics/bleu.py` (BLEUSignature) and `metrics/base.py` (Signature.format).
 *
 * @example
 * bleuSignature({ numberOfReferences: 1, lowercase: false, effectiveOrder: false, tokenize: '13a', smoothMethod: 'exp' });
 * // 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0'
 */
export function bleuSignature(fields: BleuSignatureFields): string {
  let smooth: string = fields.smoothMethod;
  const smoothDefault = BLEU_SMOOTH_DEFAULTS[fields.smoothMethod];
  if (smoothDefault !== undefined) smooth += `[${(fields.smoothValue ?? smoothDefault).toFixed(2)}]`;
  return [
    `nrefs:${fields.numberOfReferences}`,
    `case:${fields.lowercase ? 'lc' : 'mixed'}`,
    `eff:${fields.effectiveOrder ? 'yes' : 'no'}`,
    `tok:${fields.tokenize}`,
    `smooth:${smooth}`,
    `version:${SACREBLEU_COMPATIBLE_VERSION}`,
  ].join('|');
}
