/**
 * Text metrics for Q&A answers (stage 5): BLEU exactly as sacrebleu 2.x, the authors' legacy NLTK sentence BLEU,
 * ROUGE exactly as Google's rouge-score with NLTK's Porter stemmer, and BERTScore with transformers.js. Each
 * metric is one function in one file, with its reference in the JSDoc and a test against the reference values.
 */
export * from './metric-schemas.js';
export * from './parse-metric-options.js';
export * from './python-whitespace.js';
export * from './bleu-tokenize.js';
export * from './preprocess-bleu-segment.js';
export * from './bleu-segment-statistics.js';
export * from './bleu-from-statistics.js';
export * from './bleu-signature.js';
export * from './corpus-bleu-statistics.js';
export * from './corpus-bleu.js';
export * from './sentence-bleu.js';
export * from './porter-stem.js';
export * from './rouge-tokenize.js';
export * from './fmeasure.js';
export * from './longest-common-subsequence.js';
export * from './summary-level-lcs.js';
export * from './rouge-score.js';
export * from './python-fsum.js';
export * from './nltk-sentence-bleu.js';
export * from './legacy-mean-sentence-bleu.js';
export * from './greedy-cosine-match.js';
export * from './bert-score-idf.js';
export * from './bert-score.js';
export * from './legacy-bert-score-labels.js';
