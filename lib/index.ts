/**
 * ECG-LLM Workspace: the package root. Notebooks and the command line import everything from here.
 */
export * from './core/errors.js';
export * from './core/random.js';
