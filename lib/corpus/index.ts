/**
 * Stage 1, corpus: PDFs / MinerU output / markdown → cleaned documents → chunks.
 */
export * from './boilerplate-titles.js';
export * from './chunk-documents.js';
export * from './cl100k-tokenizer.js';
export * from './clean-like-authors.js';
export * from './clean-markdown.js';
export * from './corpus-profile.js';
export * from './corpus-records.js';
export * from './detect-language.js';
export * from './discover-sources.js';
export * from './ingest-corpus.js';
export * from './legacy-section-groups.js';
export * from './markdown-headings.js';
export * from './merge-parts.js';
export * from './page-marks.js';
export * from './read-mineru.js';
export * from './read-pdf.js';
export * from './recursive-split.js';
export * from './run-corpus-stage.js';
export * from './section-groups.js';
