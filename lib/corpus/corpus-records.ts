/**
 * Schemas of the corpus stage's own records, beside the shared contract in `lib/schemas/corpus.ts`:
 * the per-document cleaning report (`cleaning-report.jsonl`) that lets a researcher audit what cleaning
 * removed or changed, and the corpus profile (`profile.json`).
 */
import { z } from 'zod';
import { languageSchema, sourceKindSchema } from '../schemas/corpus.js';

export const cleaningModeSchema = z.enum(['default', 'legacy', 'none']);
/** `default`: exact section removal and normalisation; `legacy`: the authors' regexes only; `none`: nothing. */
export type CleaningMode = z.infer<typeof cleaningModeSchema>;

/** One removed stretch of text. */
export const removedSectionSchema = z.object({
  /**
   * `section-title`: a boilerplate heading and its section; `abstract-keywords`: the same for Abstract /
   * Keywords / Zusammenfassung / Schlüsselwörter; `running-header`: a page header or footer line left in the
   * text by the converter; `legacy-regex`: a match of the authors' regex.
   */
  rule: z.enum(['section-title', 'abstract-keywords', 'running-header', 'legacy-regex']),
  /** The list title that matched. */
  title: z.string(),
  /** The heading as it stood in the text (for legacy: the start of the match). */
  heading: z.string(),
  /** Heading level (null for legacy matches). */
  level: z.number().int().positive().nullable(),
  /** Characters removed. */
  characters: z.number().int().nonnegative(),
  /** First page of the removed text, where the document has pages. */
  page: z.number().int().positive().nullable(),
  /** The first characters of the removed text. */
  preview: z.string(),
});
export type RemovedSection = z.infer<typeof removedSectionSchema>;

export const hyphenationDecisionSchema = z.object({
  before: z.string(),
  after: z.string(),
  /** Why: `joined` (word broken across a line), `kept` (a real compound), `suspended` ("Herz- und"). */
  decision: z.enum(['joined', 'kept', 'suspended']),
  reason: z.string(),
});
export type HyphenationDecision = z.infer<typeof hyphenationDecisionSchema>;

/** Counts of normalisation edits (characters or occurrences, as named). */
export const normalisationCountsSchema = z.object({
  lineEndings: z.number().int().nonnegative(),
  byteOrderMarks: z.number().int().nonnegative(),
  nfcChanges: z.number().int().nonnegative(),
  ligatures: z.number().int().nonnegative(),
  specialSpaces: z.number().int().nonnegative(),
  softHyphens: z.number().int().nonnegative(),
  zeroWidthCharacters: z.number().int().nonnegative(),
  relevelledHeadings: z.number().int().nonnegative(),
  hyphenationsJoined: z.number().int().nonnegative(),
  hyphenationsKept: z.number().int().nonnegative(),
  softLineBreaksJoined: z.number().int().nonnegative(),
  whitespaceRemoved: z.number().int().nonnegative(),
});
export type NormalisationCounts = z.infer<typeof normalisationCountsSchema>;

/** A page that appeared in two parts of a split book and was dropped from one of them. */
export const droppedOverlapSchema = z.object({
  /** The part the duplicate was dropped from. */
  part: z.string(),
  /** The duplicated page (absolute, 1-based), where known. */
  page: z.number().int().positive().nullable(),
  characters: z.number().int().nonnegative(),
  /** Whether the two copies were identical after whitespace normalisation. */
  identical: z.boolean(),
  /** `page-range` (from the part names) or `text-overlap` (end of one part repeats at the start of the next). */
  method: z.enum(['page-range', 'text-overlap']),
});
export type DroppedOverlap = z.infer<typeof droppedOverlapSchema>;

/** A document of the input that was left out because it duplicates a kept one. */
export const duplicateDocumentSchema = z.object({
  /** Source path(s) of the copy that was left out. */
  sourcePaths: z.array(z.string()),
  /** `same-id`: identical source bytes; `same-text`: different files whose cleaned text is identical. */
  reason: z.enum(['same-id', 'same-text']),
});
export type DuplicateDocument = z.infer<typeof duplicateDocumentSchema>;

/** `cleaning-report.jsonl`: one record per document. */
export const cleaningReportSchema = z.object({
  documentId: z.string(),
  title: z.string(),
  sourcePaths: z.array(z.string()),
  mode: cleaningModeSchema,
  charactersBefore: z.number().int().nonnegative(),
  charactersAfter: z.number().int().nonnegative(),
  removedSections: z.array(removedSectionSchema),
  normalisation: normalisationCountsSchema,
  hyphenationExamples: z.array(hyphenationDecisionSchema),
  droppedOverlaps: z.array(droppedOverlapSchema),
  /** Lines dropped by the PDF reader as running page numbers. */
  pageNumberLinesRemoved: z.number().int().nonnegative(),
  notes: z.array(z.string()),
  /** Copies of this document elsewhere in the input, left out so that every document id occurs once. */
  duplicatesRemoved: z.array(duplicateDocumentSchema).default([]),
});
export type CleaningReport = z.infer<typeof cleaningReportSchema>;

/** A file of the input folder that was skipped (unreadable with `--skip-unreadable`, or not a document). */
export const skippedInputSchema = z.object({
  path: z.string(),
  reason: z.string(),
});
export type SkippedInput = z.infer<typeof skippedInputSchema>;

/** Summary statistics of a numeric column. */
export const distributionSummarySchema = z.object({
  count: z.number().int().nonnegative(),
  min: z.number(),
  median: z.number(),
  mean: z.number(),
  max: z.number(),
  total: z.number(),
});
export type DistributionSummary = z.infer<typeof distributionSummarySchema>;

/** `profile.json`: what the corpus run produced. */
export const corpusProfileSchema = z.object({
  documents: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  words: z.number().int().nonnegative(),
  characters: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  splitter: z.string(),
  cleaning: cleaningModeSchema,
  byLanguage: z.partialRecord(languageSchema, z.number().int().nonnegative()),
  bySourceKind: z.partialRecord(sourceKindSchema, z.number().int().nonnegative()),
  documentTokens: distributionSummarySchema,
  chunkCharacters: distributionSummarySchema,
  chunkTokens: distributionSummarySchema,
  chunksPerDocument: distributionSummarySchema,
  removedCharacters: z.number().int().nonnegative(),
  removedSections: z.number().int().nonnegative(),
  skipped: z.array(skippedInputSchema),
  perDocument: z.array(
    z.object({
      documentId: z.string(),
      title: z.string(),
      language: languageSchema,
      sourceKind: sourceKindSchema,
      pages: z.number().int().nonnegative().nullable(),
      words: z.number().int().nonnegative(),
      tokens: z.number().int().nonnegative(),
      chunks: z.number().int().nonnegative(),
      removedCharacters: z.number().int().nonnegative(),
    }),
  ),
});
export type CorpusProfile = z.infer<typeof corpusProfileSchema>;
