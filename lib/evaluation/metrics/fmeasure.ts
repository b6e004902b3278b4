/**
 * The balanced F-measure (F1), the harmonic mean of precision and recall, 2PR / (P + R), and 0 when P + R = 0
 * (van Rijsbergen, Information Retrieval, 1979; rouge-score `rouge/scoring.py` `fmeasure`).
 *
 * @example
 * fmeasure(1, 1 / 3); // 0.5
 */
export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}
