/**
 * A generation unit: one piece of a document's cleaned text that is sent to the generator model in one
 * request, with a target number of items. Units are corpus {@link Chunk}s cut by the corpus stage's splitters
 * (same ids, spans, pages and section paths), so `text === document.text.slice(span.start, span.end)` and
 * every item's provenance (`source.chunkId`, `source.span`) points into the corpus.
 *
 * | `--units` | splitter | what |
 * |---|---|---|
 * | `fixed-tokens` (default) | `recursive-token`, `unitTokens` cl100k tokens, no overlap | small units: many items per document, each from a passage the model can cover |
 * | `sections` | `section-groups`, budget `unitTokens` | whole heading-sections grouped under the budget |
 * | `sections-legacy` | `legacy-section-groups`, 50 000 (Q&A) / 48 000 (MC) tokens | the authors' scheme (docs/authors-pipeline.md §1.4): most articles go whole in one request |
 */
import { z } from 'zod';
import { chunkDocument, PAPER_MC_TOKEN_BUDGET, PAPER_QA_TOKEN_BUDGET, type SplitterConfig } from '../corpus/chunk-documents.js';
import { countCl100kTokens } from '../corpus/cl100k-tokenizer.js';
import { chunkSchema, languageSchema, type CorpusDocument } from '../schemas/corpus.js';
import type { ItemKind } from './reply-schemas.js';

export const generationUnitSchema = chunkSchema.extend({
  /** cl100k_base token count of `text`. */
  tokens: z.number().int().nonnegative(),
  /** The document's language (sources not in English are not support-checked lexically). */
  language: languageSchema,
});
export type GenerationUnit = z.infer<typeof generationUnitSchema>;

export const unitModeSchema = z.enum(['fixed-tokens', 'sections', 'sections-legacy']);
export type UnitMode = z.infer<typeof unitModeSchema>;

/** Default size of a fixed-token unit (cl100k tokens). */
export const DEFAULT_UNIT_TOKENS = 1500;

/** The corpus splitter that cuts the units of a mode for an item kind. */
export function unitSplitter(mode: UnitMode, kind: ItemKind, unitTokens = DEFAULT_UNIT_TOKENS): SplitterConfig {
  switch (mode) {
    case 'fixed-tokens':
      return { kind: 'recursive-token', chunkSize: unitTokens, chunkOverlap: 0 };
    case 'sections':
      return { kind: 'section-groups', tokenBudget: unitTokens };
    case 'sections-legacy':
      return { kind: 'legacy-section-groups', tokenBudget: kind === 'qa' ? PAPER_QA_TOKEN_BUDGET : PAPER_MC_TOKEN_BUDGET };
  }
}

/** The generation units of one document under a splitter. */
export function documentUnits(document: CorpusDocument, splitter: SplitterConfig): GenerationUnit[] {
  return chunkDocument(document, splitter).map((chunk) => ({
    ...chunk,
    tokens: chunk.tokens ?? countCl100kTokens(chunk.text),
    language: document.language,
  }));
}
