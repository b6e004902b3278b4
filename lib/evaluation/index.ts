/**
 * Stage 5: evaluation — the seam (dataset × system × scorer, tidy per-item records), dataset import,
 * multiple-choice and Q&A evaluation, pairwise comparisons, tables and figures; and the analysis of the
 * authors' human expert ratings (human-evaluation/).
 */
export * from './human-evaluation/index.js';
export * from './datasets/read-evaluation-dataset.js';
export * from './evaluation-system.js';
export * from './run-evaluation.js';
export * from './compare-systems.js';
export * from './evaluation-tables.js';
export * from './evaluation-figures.js';
export * from './multiple-choice/multiple-choice-prompt.js';
export * from './multiple-choice/parse-choice-letter.js';
export * from './multiple-choice/legacy-parse-choice-letter.js';
export * from './multiple-choice/letter-loglikelihood.js';
export * from './multiple-choice/score-multiple-choice.js';
export * from './multiple-choice/multiple-choice-summary.js';
export * from './multiple-choice/run-multiple-choice-evaluation.js';
export * from './judge/index.js';
export * from './evaluation-inputs.js';
export * from './question-answering/question-answering-prompt.js';
export * from './question-answering/score-question-answering.js';
export * from './question-answering/question-answering-summary.js';
export * from './question-answering/run-question-answering-evaluation.js';
export * from './evaluation-notebook.js';
export * from './rag-contexts.js';
