export * from './run-notebooks.js';
