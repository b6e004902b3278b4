/**
 * `lib/synth`: stage 2 — synthetic Q&A and multiple-choice items from the corpus, validated, deduplicated,
 * split by source document, with a leakage report and every failure on record.
 */
export * from './assemble-datasets.js';
export * from './build-items.js';
export * from './chat-records.js';
export * from './content-words.js';
export * from './dataset-splits.js';
export * from './deduplicate-items.js';
export * from './demo-corpus-input.js';
export * from './failure-record.js';
export * from './find-resumable-run.js';
export * from './generation-unit.js';
export * from './generator-model.js';
export * from './item-flags.js';
export * from './leakage-report.js';
export * from './letter-distribution.js';
export * from './min-hash.js';
export * from './multiple-choice.js';
export * from './near-duplicates.js';
export * from './prompts.js';
export * from './reply-schemas.js';
export * from './supporting-span.js';
export * from './synthesis-figures.js';
export * from './synthesis-outputs.js';
export * from './synthesize.js';
export * from './unit-result.js';
export * from './synthesis-notebook.js';
