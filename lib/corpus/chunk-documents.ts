/**
 * Cutting cleaned documents into {@link Chunk}s with one of four splitters:
 *
 * | kind | what | id |
 * |---|---|---|
 * | `recursive-character` | the paper's RAG chunker: LangChain recursive splitting by characters (1024 / 100) | `recursive-character:1024/100` |
 * | `recursive-token` | the same algorithm measuring cl100k tokens | `recursive-token:cl100k_base:512/64` |
 * | `section-groups` | heading-sections grouped greedily under a token budget (generation units) | `section-groups:cl100k_base:50000` |
 * | `legacy-section-groups` | the authors' halving scheme 10→5→2→1 sections (§1.4) | `legacy-section-groups:cl100k_base:50000` |
 *
 * Every chunk has its exact span in the document's cleaned text (`text === document.text.slice(start, end)`),
 * its page range (from `pageOffsets`), and the heading path it starts in. Whitespace-only pieces are skipped,
 * as in the authors' indexing. Legacy groups carry their exact span too; their text is the document slice,
 * not the authors' re-joined text with its extra blank lines (see {@link legacySectionGroups} for that).
 */
import { z } from 'zod';
import { hashCanonical } from '../core/canonical-json.js';
import type { ProgressFactory } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import type { Chunk, CorpusDocument } from '../schemas/corpus.js';
import { CL100K_BASE, countCl100kTokens } from './cl100k-tokenizer.js';
import { legacySectionGroups } from './legacy-section-groups.js';
import { headingOutline, sectionPathAt } from './markdown-headings.js';
import { pageAt } from './page-marks.js';
import { splitRecursive } from './recursive-split.js';
import { groupSectionsByTokens } from './section-groups.js';

export const splitterConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recursive-character'), chunkSize: z.number().int().positive(), chunkOverlap: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('recursive-token'), chunkSize: z.number().int().positive(), chunkOverlap: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('section-groups'), tokenBudget: z.number().int().positive() }),
  z.object({ kind: z.literal('legacy-section-groups'), tokenBudget: z.number().int().positive() }),
]);
export type SplitterConfig = z.infer<typeof splitterConfigSchema>;

/** The paper's RAG setting: 1024 characters, 100 overlap. */
export const PAPER_RAG_SPLITTER: SplitterConfig = { kind: 'recursive-character', chunkSize: 1024, chunkOverlap: 100 };

/** The authors' Q&A generation budget (50 000 cl100k tokens; 48 000 for multiple choice). */
export const PAPER_QA_TOKEN_BUDGET = 50_000;
/** The authors' multiple-choice generation budget. */
export const PAPER_MC_TOKEN_BUDGET = 48_000;

/** The splitter id recorded on every chunk. */
export function splitterId(config: SplitterConfig): string {
  switch (config.kind) {
    case 'recursive-character':
      return `recursive-character:${config.chunkSize}/${config.chunkOverlap}`;
    case 'recursive-token':
      return `recursive-token:${CL100K_BASE}:${config.chunkSize}/${config.chunkOverlap}`;
    case 'section-groups':
      return `section-groups:${CL100K_BASE}:${config.tokenBudget}`;
    case 'legacy-section-groups':
      return `legacy-section-groups:${CL100K_BASE}:${config.tokenBudget}`;
  }
}

/** Offsets of the start of each line of `text`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The spans (and token counts where the splitter counts them) a splitter cuts from `text`. */
export function splitSpans(text: string, config: SplitterConfig): Array<{ start: number; end: number; tokens?: number }> {
  switch (config.kind) {
    case 'recursive-character':
      return splitRecursive(text, { chunkSize: config.chunkSize, chunkOverlap: config.chunkOverlap });
    case 'recursive-token':
      return splitRecursive(text, { chunkSize: config.chunkSize, chunkOverlap: config.chunkOverlap, length: countCl100kTokens }).map((piece) => ({
        ...piece,
        tokens: countCl100kTokens(piece.text),
      }));
    case 'section-groups':
      return groupSectionsByTokens(text, { tokenBudget: config.tokenBudget });
    case 'legacy-section-groups': {
      // The authors split with Python's splitlines; the cleaned text only has \n line ends, so lines agree.
      const starts = lineStarts(text);
      return legacySectionGroups(text, config.tokenBudget).map((group) => {
        const start = starts[group.startLine] ?? text.length;
        const end = group.endLine < starts.length ? starts[group.endLine]! : text.length;
        const raw = text.slice(start, end);
        const leading = raw.length - raw.trimStart().length;
        return { start: start + leading, end: end - (raw.length - raw.trimEnd().length), tokens: countCl100kTokens(raw.trim()) };
      });
    }
  }
}

/** Chunk id: `chunk-` + 16 hex digits of the SHA-256 of the canonical JSON of (documentId, span, text). */
export function chunkId(documentId: string, start: number, end: number, text: string): string {
  return `chunk-${hashCanonical({ documentId, span: { start, end }, text }).slice(0, 16)}`;
}

/** Cuts one document into chunks (see module documentation). */
export function chunkDocument(document: CorpusDocument, config: SplitterConfig): Chunk[] {
  const id = splitterId(config);
  const outline = headingOutline(document.text);
  const chunks: Chunk[] = [];
  for (const span of splitSpans(document.text, config)) {
    const text = document.text.slice(span.start, span.end);
    if (text.trim() === '') continue;
    const pages = document.pageOffsets && document.pageOffsets.length > 0
      ? { start: pageAt(document.pageOffsets, span.start), end: pageAt(document.pageOffsets, Math.max(span.start, span.end - 1)) }
      : null;
    chunks.push({
      id: chunkId(document.id, span.start, span.end, text),
      documentId: document.id,
      index: chunks.length,
      text,
      sectionPath: sectionPathAt(outline, span.start),
      span: { start: span.start, end: span.end },
      pages,
      ...(span.tokens === undefined ? {} : { tokens: span.tokens }),
      splitter: id,
    });
  }
  return chunks;
}

/** Chunks every document, with progress. */
export function chunkDocuments(documents: readonly CorpusDocument[], config: SplitterConfig, progress: ProgressFactory = silentProgress): Chunk[] {
  const task = progress('chunking documents', documents.length);
  const chunks: Chunk[] = [];
  for (const document of documents) {
    chunks.push(...chunkDocument(document, config));
    task.tick();
  }
  task.done(`${chunks.length} chunks`);
  return chunks;
}
