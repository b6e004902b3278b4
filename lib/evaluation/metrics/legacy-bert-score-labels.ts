import type { BertScoreResult } from './metric-schemas.js';

/** The three BERTScore columns as the authors' logs label them. */
export interface LegacyBertScoreLabels {
  /** Logged as `bertscore_f1`; holds BERTScore PRECISION. */
  f1: number[];
  /** Logged as `bertscore_precision`; holds BERTScore RECALL. */
  precision: number[];
  /** Logged as `bertscore_recall`; holds BERTScore F1. */
  recall: number[];
}

/**
 * The authors' mislabelled BERTScore triple (authors-pipeline §5.4 and §7.3, docs/authors-pipeline.md):
 * bert-score's `score()` returns (P, R, F1), but their code unpacks it as (f1, precision, recall), so the
 * values logged as `bertscore_f1`, `bertscore_precision` and `bertscore_recall` are P, R and F1. Use this only
 * to compare with the paper's numbers: its "BERTScore F1" is BERTScore precision.
 *
 * @example
 * legacyBertScoreLabels(result).f1; // === result.precision
 */
export function legacyBertScoreLabels(result: Pick<BertScoreResult, 'precision' | 'recall' | 'f1'>): LegacyBertScoreLabels {
  return { f1: [...result.precision], precision: [...result.recall], recall: [...result.f1] };
}
