/**
 * Ingest: a corpus folder → cleaned {@link CorpusDocument}s plus one {@link CleaningReport} each.
 *
 * For every document found by {@link discoverSources}: read its parts (markdown as UTF-8; MinerU markdown
 * aligned with its content list for pages; PDFs through the text layer), merge the parts (dropping the page
 * the authors' windows duplicated, see merge-parts.ts), clean (`default`: clean-markdown.ts; `legacy`: the
 * authors' regexes per part, parts stripped and joined with a blank line as they did — duplicate page
 * included; `none`: untouched), and describe: id, title, language, page count, offsets of the pages in the
 * cleaned text, characters and words.
 *
 * - **id**: `doc-` + the first 16 hex digits of the SHA-256 of the source bytes — every file of every part in
 *   order (for MinerU: markdown, then content list), concatenated. Renaming or moving files keeps the id;
 *   changing a byte changes it.
 * - **title**: the PDF's metadata title when it has a real one, else the first heading that is not boilerplate,
 *   else the file stem.
 * - **language**: stop-word profile of the cleaned text (detect-language.ts).
 *
 * A document that cannot be read (a broken PDF, invalid UTF-8, a malformed content list) stops the ingest
 * with an {@link InputFileError} naming the file — or, with `skipUnreadable`, is reported and skipped.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeUtf8 } from '../core/decode-utf8.js';
import { InputFileError, WorkspaceError } from '../core/errors.js';
import type { ProgressFactory } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import type { CorpusDocument, SourceKind } from '../schemas/corpus.js';
import { boilerplateTitles, defaultBoilerplateSet, effectiveSectionTitles, normalizeSectionTitle } from './boilerplate-titles.js';
import { cleanLikeAuthors } from './clean-like-authors.js';
import { cleanMarkdown, emptyNormalisationCounts } from './clean-markdown.js';
import type { CleaningMode, CleaningReport, DroppedOverlap, HyphenationDecision, NormalisationCounts, RemovedSection, SkippedInput } from './corpus-records.js';
import { detectLanguage } from './detect-language.js';
import { discoverSources, type SourceGroup, type SourceUnit } from './discover-sources.js';
import { findHeadings } from './markdown-headings.js';
import { mergeParts, type MergeablePart } from './merge-parts.js';
import { PAGE_MARK, countPageMarks, extractPageOffsets, joinPages, stripNoncharacters } from './page-marks.js';
import { alignMineruPages, parseContentList } from './read-mineru.js';
import { readPdf } from './read-pdf.js';

export interface IngestOptions {
  /** `default` (exact), `legacy` (the authors' regexes) or `none`. Default `default`. */
  cleaning?: CleaningMode;
  /** Boilerplate section titles; default {@link defaultBoilerplateSet} of the cleaning mode (legacy: the authors' list). */
  sectionTitles?: readonly string[];
  /** Remove Abstract/Keywords sections (the authors did). Default true. */
  removeAbstractAndKeywords?: boolean;
  /** Report and skip unreadable inputs instead of failing. */
  skipUnreadable?: boolean;
  progress?: ProgressFactory;
  /** Stops the work between documents when aborted (the run's signal); rejects with its reason. */
  signal?: AbortSignal;
}

export interface IngestResult {
  documents: CorpusDocument[];
  reports: CleaningReport[];
  /** Unreadable documents skipped (with `skipUnreadable`). */
  skipped: SkippedInput[];
  /** Files that are not documents. */
  ignored: string[];
}

/** One part after reading. */
export interface ReadPart extends MergeablePart {
  kind: SourceKind;
  bytes: Buffer[];
  softLineBreaks: boolean;
  metadataTitle: string | undefined;
  pageNumberLinesRemoved: number;
  notes: string[];
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new InputFileError({ file }, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {}, { cause: error });
  }
}

/** Reads one unit (a markdown file, a MinerU folder or a PDF) into a part. */
export async function readSourceUnit(inputDirectory: string, unit: SourceUnit): Promise<ReadPart> {
  const file = join(inputDirectory, unit.path);
  const main = await readBytes(file);
  const base = { path: unit.path, kind: unit.kind, pageRangeStart: unit.pageRangeStart, metadataTitle: undefined, pageNumberLinesRemoved: 0, notes: [] as string[] };
  if (unit.kind === 'markdown') {
    return { ...base, text: stripNoncharacters(decodeUtf8(main, file)), paged: false, bytes: [main], softLineBreaks: false };
  }
  if (unit.kind === 'mineru') {
    const contentListFile = join(inputDirectory, unit.contentList!);
    const contentList = await readBytes(contentListFile);
    const aligned = alignMineruPages(decodeUtf8(main, file), parseContentList(decodeUtf8(contentList, contentListFile), contentListFile));
    const notes = aligned.unlocatedBlocks > 0 ? [`${unit.path}: ${aligned.unlocatedBlocks} content-list blocks not found in the markdown; page starts near them are approximate`] : [];
    if (aligned.levelledHeadings > 0) notes.push(`${unit.path}: ${aligned.levelledHeadings} heading levels taken from content_list text_level`);
    return { ...base, text: aligned.text, paged: true, bytes: [main, contentList], softLineBreaks: false, notes };
  }
  const pdf = await readPdf(main, file);
  const textlessPages = pdf.pages.flatMap((page, index) => (page.trim() === '' ? [index + 1] : []));
  return {
    ...base,
    notes: textlessPages.length > 0 ? [`${unit.path}: no text on page${textlessPages.length === 1 ? '' : 's'} ${textlessPages.join(', ')} (blank, or scanned without OCR)`] : [],
    text: joinPages(pdf.pages),
    paged: true,
    bytes: [main],
    softLineBreaks: true,
    metadataTitle: pdf.metadataTitle,
    pageNumberLinesRemoved: pdf.pageNumberLinesRemoved,
  };
}

/** `doc-` + 16 hex digits of the SHA-256 of the concatenated source bytes. */
export function documentId(bytes: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const chunk of bytes) hash.update(chunk);
  return `doc-${hash.digest('hex').slice(0, 16)}`;
}

/** Number of words: runs of letters and digits, with inner hyphens and apostrophes. */
export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? []).length;
}

function titleOf(parts: readonly ReadPart[], text: string, key: string, titles: readonly string[]): string {
  const metadataTitle = parts.find((part) => part.metadataTitle)?.metadataTitle;
  if (metadataTitle) return metadataTitle;
  const boilerplate = new Set(titles.map(normalizeSectionTitle));
  const heading = findHeadings(text.split(PAGE_MARK).join('')).find((candidate) => candidate.title !== '' && !boilerplate.has(normalizeSectionTitle(candidate.title)));
  if (heading) return heading.title.replace(/[*_`]/g, '').trim();
  return key.split('/').pop()!.replace(/[-_]+/g, ' ').trim() || key;
}

/** Builds one document and its cleaning report from its read parts. */
export function buildDocument(
  key: string,
  parts: readonly ReadPart[],
  options: Pick<IngestOptions, 'cleaning' | 'sectionTitles' | 'removeAbstractAndKeywords'> = {},
): { document: CorpusDocument; report: CleaningReport } {
  const mode = options.cleaning ?? 'default';
  const titles = effectiveSectionTitles(options.sectionTitles ?? boilerplateTitles(defaultBoilerplateSet(mode)), options.removeAbstractAndKeywords ?? true);
  const paged = parts.every((part) => part.paged);
  let removedSections: RemovedSection[] = [];
  let normalisation: NormalisationCounts = emptyNormalisationCounts();
  let hyphenationExamples: HyphenationDecision[] = [];
  let droppedOverlaps: DroppedOverlap[] = [];
  let cleaned: string;
  let charactersBefore: number;
  if (mode === 'legacy') {
    const cleanedParts = parts.map((part) => {
      const result = cleanLikeAuthors(part.text, titles);
      removedSections.push(...result.removed);
      return result.text.trim();
    });
    charactersBefore = parts.reduce((sum, part) => sum + part.text.length - countPageMarks(part.text), 0);
    cleaned = cleanedParts.join('\n\n');
  } else {
    const merged = mergeParts(parts, { dedupe: true });
    droppedOverlaps = merged.droppedOverlaps;
    charactersBefore = merged.text.length - countPageMarks(merged.text);
    if (mode === 'default') {
      const result = cleanMarkdown(merged.text, { sectionTitles: titles, removeAbstractAndKeywords: true, softLineBreaks: parts.some((part) => part.softLineBreaks) });
      cleaned = result.text;
      removedSections = result.removedSections;
      normalisation = result.normalisation;
      hyphenationExamples = result.hyphenationExamples;
    } else cleaned = merged.text;
  }
  const { text, pageOffsets } = extractPageOffsets(cleaned);
  const title = titleOf(parts, cleaned, key, titles);
  const id = documentId(parts.flatMap((part) => part.bytes));
  const document: CorpusDocument = {
    id,
    title,
    language: detectLanguage(text),
    pageCount: paged ? pageOffsets.length : null,
    sourceKind: parts[0]!.kind,
    sourcePaths: parts.map((part) => part.path),
    text,
    ...(paged ? { pageOffsets } : {}),
    characters: text.length,
    words: countWords(text),
  };
  const notes = parts.flatMap((part) => part.notes);
  if (mode === 'legacy' && parts.length > 1) notes.push('legacy: parts cleaned separately and joined as the authors did; a page duplicated between parts is kept');
  const report: CleaningReport = {
    documentId: id,
    title,
    sourcePaths: document.sourcePaths,
    mode,
    charactersBefore,
    charactersAfter: text.length,
    removedSections,
    normalisation,
    hyphenationExamples,
    droppedOverlaps,
    pageNumberLinesRemoved: parts.reduce((sum, part) => sum + part.pageNumberLinesRemoved, 0),
    notes,
    duplicatesRemoved: [],
  };
  return { document, report };
}

/** Reads and cleans every document of `inputDirectory` (see module documentation). */
export async function ingestCorpus(inputDirectory: string, options: IngestOptions = {}): Promise<IngestResult> {
  const progress = options.progress ?? silentProgress;
  const { groups, ignored } = await discoverSources(inputDirectory);
  const documents: CorpusDocument[] = [];
  const reports: CleaningReport[] = [];
  const skipped: SkippedInput[] = [];
  const task = progress('reading and cleaning documents', groups.length);
  // The same document twice — the same bytes under two names (same id), or two files whose cleaned text is the
  // same (e.g. a re-saved PDF) — is kept once, the first in input order; the copies are named in its report.
  const keptById = new Map<string, number>();
  const keptByText = new Map<string, number>();
  for (const group of groups) {
    options.signal?.throwIfAborted();
    try {
      const parts = await readGroup(inputDirectory, group);
      const { document, report } = buildDocument(group.key, parts, options);
      const textKey = createHash('sha256').update(document.text).digest('hex');
      const sameId = keptById.get(document.id);
      const earlier = sameId ?? (document.text.trim() === '' ? undefined : keptByText.get(textKey));
      if (earlier !== undefined) {
        reports[earlier]!.duplicatesRemoved.push({ sourcePaths: document.sourcePaths, reason: sameId !== undefined ? 'same-id' : 'same-text' });
        task.tick();
        continue;
      }
      keptById.set(document.id, documents.length);
      if (!keptByText.has(textKey)) keptByText.set(textKey, documents.length);
      documents.push(document);
      reports.push(report);
    } catch (error) {
      if (!options.skipUnreadable || !(error instanceof WorkspaceError)) throw error;
      skipped.push({ path: (error instanceof InputFileError && error.location.file) || group.key, reason: error.message });
    }
    task.tick();
  }
  const duplicates = reports.reduce((total, report) => total + report.duplicatesRemoved.length, 0);
  task.done(`${documents.length} documents${duplicates ? `, ${duplicates} duplicate${duplicates === 1 ? '' : 's'} left out` : ''}${skipped.length ? `, ${skipped.length} skipped` : ''}`);
  return { documents, reports, skipped, ignored };
}

async function readGroup(inputDirectory: string, group: SourceGroup): Promise<ReadPart[]> {
  const parts: ReadPart[] = [];
  for (const unit of group.units) parts.push(await readSourceUnit(inputDirectory, unit));
  return parts;
}
