/**
 * The remote finetuning backends: Docker Engine (a GPU machine) and Kubernetes (a Job with GPU limits). Both
 * implement `TrainingBackend` (`../training-backend.ts`); see docs/finetuning-backends.md.
 */
export * from './docker.js';
export * from './kubernetes.js';
