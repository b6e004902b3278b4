import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/plain-summary-reporter.ts'],
    env: { ECG_LLM_PROGRESS: 'off' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
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
