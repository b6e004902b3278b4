/**
 * The corpus stage's outputs, read by synthesis (generation units and provenance) and RAG (indexing and
 * citations). `documents.jsonl` holds one {@link CorpusDocument} per source document with its cleaned text;
 * `chunks.jsonl` holds {@link Chunk}s whose character spans point into that cleaned text.
 */
import { z } from 'zod';

export const languageSchema = z.enum(['en', 'de', 'unknown']);
export type Language = z.infer<typeof languageSchema>;

/** A half-open character range [start, end) in a document's cleaned text (UTF-16 code units). */
export const characterSpanSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((span) => span.end >= span.start, { message: 'end must not be before start' });
export type CharacterSpan = z.infer<typeof characterSpanSchema>;

/** An inclusive 1-based page range, where the source has pages (PDF, MinerU). */
export const pageSpanSchema = z
  .object({ start: z.number().int().positive(), end: z.number().int().positive() })
  .refine((span) => span.end >= span.start, { message: 'end must not be before start' });
export type PageSpan = z.infer<typeof pageSpanSchema>;

export const sourceKindSchema = z.enum(['pdf', 'mineru', 'markdown']);
export type SourceKind = z.infer<typeof sourceKindSchema>;

/** One source document after ingest and cleaning. */
export const corpusDocumentSchema = z.object({
  /** Stable id: `doc-` + the first 16 hex digits of the SHA-256 of the source bytes (all parts, in order). */
  id: z.string().regex(/^doc-[0-9a-f]{16}$/),
  title: z.string().min(1),
  language: languageSchema,
  /** Number of pages, where the source has pages; null for plain markdown. */
  pageCount: z.number().int().nonnegative().nullable(),
  sourceKind: sourceKindSchema,
  /** Source path(s) relative to the corpus input folder; several for a book split into parts. */
  sourcePaths: z.array(z.string().min(1)).min(1),
  /** The cleaned, normalised markdown text. */
  text: z.string(),
  /** Character offsets in `text` where each page starts (index 0 = page 1), where the source has pages. */
  pageOffsets: z.array(z.number().int().nonnegative()).optional(),
  characters: z.number().int().nonnegative(),
  words: z.number().int().nonnegative(),
});
export type CorpusDocument = z.infer<typeof corpusDocumentSchema>;

/** A piece of a document, for generation or retrieval. */
export const chunkSchema = z.object({
  /** Stable id: `chunk-` + first 16 hex digits of SHA-256 of (documentId, span, text). */
  id: z.string().regex(/^chunk-[0-9a-f]{16}$/),
  documentId: z.string().regex(/^doc-[0-9a-f]{16}$/),
  /** Position of the chunk within its document (0-based). */
  index: z.number().int().nonnegative(),
  text: z.string().min(1),
  /** Heading titles from the document root down to the section the chunk starts in. */
  sectionPath: z.array(z.string()),
  span: characterSpanSchema,
  pages: pageSpanSchema.nullable(),
  /** Token count under the splitter's tokenizer, when it counts tokens. */
  tokens: z.number().int().nonnegative().optional(),
  /** Which splitter made it, e.g. `recursive-character:1024/100`. */
  splitter: z.string().min(1),
});
export type Chunk = z.infer<typeof chunkSchema>;
