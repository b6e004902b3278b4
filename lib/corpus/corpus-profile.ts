/**
 * What a corpus run produced, as numbers ({@link profileCorpus}) and as plotly figure specs (plain
 * `{ data, layout }` objects that `displayFigure` / `renderFigure` of lib/report draw): documents per
 * language, token lengths of documents and chunks, chunks per document, and what cleaning removed.
 */
import type { FigureSpec } from '../report/figure-spec.js';
import type { Chunk, CorpusDocument, Language, SourceKind } from '../schemas/corpus.js';
import { countCl100kTokens } from './cl100k-tokenizer.js';
import type { CleaningMode, CleaningReport, CorpusProfile, DistributionSummary, SkippedInput } from './corpus-records.js';

/** count / min / median / mean / max / total of a list of numbers (zeros for an empty list). */
export function summarize(values: readonly number[]): DistributionSummary {
  if (values.length === 0) return { count: 0, min: 0, median: 0, mean: 0, max: 0, total: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return { count: sorted.length, min: sorted[0]!, median, mean: total / sorted.length, max: sorted[sorted.length - 1]!, total };
}

/** Profiles documents, chunks and cleaning reports. Token counts are cl100k_base. */
export function profileCorpus(input: {
  documents: readonly CorpusDocument[];
  chunks: readonly Chunk[];
  reports: readonly CleaningReport[];
  splitter: string;
  cleaning: CleaningMode;
  skipped?: readonly SkippedInput[];
}): CorpusProfile {
  const byLanguage: Partial<Record<Language, number>> = {};
  const bySourceKind: Partial<Record<SourceKind, number>> = {};
  const chunksPerDocument = new Map<string, number>();
  for (const chunk of input.chunks) chunksPerDocument.set(chunk.documentId, (chunksPerDocument.get(chunk.documentId) ?? 0) + 1);
  const removedByDocument = new Map(input.reports.map((report) => [report.documentId, report.removedSections.reduce((sum, section) => sum + section.characters, 0)]));
  const perDocument = input.documents.map((document) => {
    byLanguage[document.language] = (byLanguage[document.language] ?? 0) + 1;
    bySourceKind[document.sourceKind] = (bySourceKind[document.sourceKind] ?? 0) + 1;
    return {
      documentId: document.id,
      title: document.title,
      language: document.language,
      sourceKind: document.sourceKind,
      pages: document.pageCount,
      words: document.words,
      tokens: countCl100kTokens(document.text),
      chunks: chunksPerDocument.get(document.id) ?? 0,
      removedCharacters: removedByDocument.get(document.id) ?? 0,
    };
  });
  return {
    documents: input.documents.length,
    chunks: input.chunks.length,
    words: input.documents.reduce((sum, document) => sum + document.words, 0),
    characters: input.documents.reduce((sum, document) => sum + document.characters, 0),
    pages: input.documents.reduce((sum, document) => sum + (document.pageCount ?? 0), 0),
    splitter: input.splitter,
    cleaning: input.cleaning,
    byLanguage,
    bySourceKind,
    documentTokens: summarize(perDocument.map((document) => document.tokens)),
    chunkCharacters: summarize(input.chunks.map((chunk) => chunk.text.length)),
    chunkTokens: summarize(input.chunks.map((chunk) => chunk.tokens ?? countCl100kTokens(chunk.text))),
    chunksPerDocument: summarize(perDocument.map((document) => document.chunks)),
    removedCharacters: perDocument.reduce((sum, document) => sum + document.removedCharacters, 0),
    removedSections: input.reports.reduce((sum, report) => sum + report.removedSections.length, 0),
    skipped: [...(input.skipped ?? [])],
    perDocument,
  };
}

const shortTitle = (title: string): string => (title.length > 40 ? `${title.slice(0, 37)}…` : title);

/** Bar chart: documents per language. */
export function languageFigure(profile: CorpusProfile): FigureSpec {
  const entries = Object.entries(profile.byLanguage);
  return {
    data: [{ type: 'bar', x: entries.map(([language]) => language), y: entries.map(([, count]) => count), name: 'documents' }],
    layout: { title: { text: 'Documents per language' }, xaxis: { title: { text: 'language' } }, yaxis: { title: { text: 'documents' } } },
  };
}

/** Histogram: cl100k token length of the chunks. */
export function chunkTokenFigure(chunks: readonly Chunk[]): FigureSpec {
  return {
    data: [{ type: 'histogram', x: chunks.map((chunk) => chunk.tokens ?? countCl100kTokens(chunk.text)), name: 'chunks' }],
    layout: { title: { text: 'Chunk length (cl100k tokens)' }, xaxis: { title: { text: 'tokens' } }, yaxis: { title: { text: 'chunks' } } },
  };
}

/** Bar chart: tokens per document (log scale), coloured by language. */
export function documentTokenFigure(profile: CorpusProfile): FigureSpec {
  const languages = [...new Set(profile.perDocument.map((document) => document.language))];
  return {
    data: languages.map((language) => {
      const documents = profile.perDocument.filter((document) => document.language === language);
      return { type: 'bar', name: language, x: documents.map((document) => shortTitle(document.title)), y: documents.map((document) => document.tokens) };
    }),
    layout: { title: { text: 'Document length (cl100k tokens)' }, yaxis: { title: { text: 'tokens' }, type: 'log' }, xaxis: { automargin: true } },
  };
}

/** Bar chart: chunks per document. */
export function chunksPerDocumentFigure(profile: CorpusProfile): FigureSpec {
  return {
    data: [{ type: 'bar', x: profile.perDocument.map((document) => shortTitle(document.title)), y: profile.perDocument.map((document) => document.chunks), name: 'chunks' }],
    layout: { title: { text: `Chunks per document (${profile.splitter})` }, yaxis: { title: { text: 'chunks' } }, xaxis: { automargin: true } },
  };
}

/** Stacked bars: characters removed per document, by rule. */
export function cleaningFigure(reports: readonly CleaningReport[]): FigureSpec {
  const rules = [...new Set(reports.flatMap((report) => report.removedSections.map((section) => section.rule)))];
  return {
    data: rules.map((rule) => ({
      type: 'bar',
      name: rule,
      x: reports.map((report) => shortTitle(report.title)),
      y: reports.map((report) => report.removedSections.filter((section) => section.rule === rule).reduce((sum, section) => sum + section.characters, 0)),
    })),
    layout: { barmode: 'stack', title: { text: 'Characters removed by cleaning' }, yaxis: { title: { text: 'characters' } }, xaxis: { automargin: true } },
  };
}

/** One row per removed section, for a table. */
export function removedSectionRows(reports: readonly CleaningReport[]): Array<{ document: string; rule: string; title: string; heading: string; characters: number; page: number | null }> {
  return reports.flatMap((report) =>
    report.removedSections.map((section) => ({
      document: shortTitle(report.title),
      rule: section.rule,
      title: section.title,
      heading: section.heading,
      characters: section.characters,
      page: section.page,
    })),
  );
}
