/**
 * When a retrieved chunk counts as relevant to a question: it comes from the same document as the
 * question's evidence and its character span shares at least one character with the evidence span. Spans are
 * half-open `[start, end)` offsets into the document's cleaned text (lib/schemas/corpus.ts), so `[0, 10)` and
 * `[10, 20)` do not overlap.
 *
 * The rule is deliberately lenient: a chunk holding only part of a quote that straddles a chunk boundary
 * counts, so with overlapping chunks a question can have two or more relevant chunks. Metrics that divide by
 * the number of relevant chunks (recall, nDCG) account for that.
 *
 * @example
 * spansOverlap({ start: 0, end: 10 }, { start: 9, end: 12 }); // true
 * spansOverlap({ start: 0, end: 10 }, { start: 10, end: 12 }); // false
 */
import type { CharacterSpan } from '../schemas/corpus.js';

/** True when two half-open spans share at least one character. */
export function spansOverlap(left: CharacterSpan, right: CharacterSpan): boolean {
  return Math.min(left.end, right.end) - Math.max(left.start, right.start) > 0;
}

/** A chunk's or an evidence's location. */
export interface DocumentSpan {
  documentId: string;
  span: CharacterSpan;
}

/** True when `chunk` is relevant to `evidence`: same document, overlapping spans. */
export function isRelevantChunk(chunk: DocumentSpan, evidence: DocumentSpan): boolean {
  return chunk.documentId === evidence.documentId && spansOverlap(chunk.span, evidence.span);
}
