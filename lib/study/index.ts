/** The whole study in one call (`ecg-llm study`). */
export * from './run-study.js';
