export * from './check-environment.js';
export * from './list-runs.js';
