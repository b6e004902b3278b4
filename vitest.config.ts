import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // No test downloads a model (transformers.js runs with allowRemoteModels false).
    env: { ECG_LLM_PROGRESS: 'off', ECG_LLM_OFFLINE: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two test files at a time at least. vitest's default (cores - 1) runs the files one by one on a 2-core CI
    // machine, yet most of the workspace tests' time is spent waiting for child processes and servers (Jupyter
    // kernels, Chroma, Chromium, the Slurm cluster's jobs, LLM protocol servers), which a second file can use.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'stats',
          include: ['test/stats/**/*.test.ts'],
          // Pure in-memory computations (no servers, child processes, dist/ or shared state): one file's tests
          // cannot disturb another's, so they share worker threads instead of paying a fresh process per file.
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'workspace',
          include: ['test/**/*.test.ts'],
          exclude: ['test/stats/**', '**/node_modules/**'],
          globalSetup: ['test/global-setup.ts'],
          // Tests that start servers (Chroma, Jupyter, LLM protocol doubles) are isolated per file.
          pool: 'forks',
        },
      },
    ],
  },
});
