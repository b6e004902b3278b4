/**
 * ECG-LLM Workspace: the package root. Notebooks and the command line import everything from here.
 */
// core
export * from './core/atomic-file.js';
export * from './core/canonical-json.js';
export * from './core/content-hash.js';
export * from './core/decode-utf8.js';
export * from './core/errors.js';
export * from './core/jsonl.js';
export * from './core/paths.js';
export * from './core/process-alive.js';
export * from './core/progress.js';
export * from './core/random.js';
export * from './core/result.js';
export * from './core/run.js';
export * from './core/secrets.js';
export * from './core/unique-records.js';
export * from './core/validate.js';
// schemas
export * from './schemas/run-manifest.js';
export * from './schemas/corpus.js';
export * from './llm/chat-model.js';
export * from './schemas/synthesis.js';
export * from './schemas/evaluation.js';
export * from './report/index.js';
export * from './notebooks/index.js';
export * from './workspace/index.js';
// stages (each stage adds one line here)
export * from './corpus/index.js';
export * from './data/index.js';
export * from './llm/index.js';
export * from './rag/index.js';
export * from './study/index.js';
export * from './evaluation/index.js';
export * from './evaluation/metrics/index.js';
export * from './stats/index.js';
export * from './synth/index.js';
export * from './finetune/index.js';
