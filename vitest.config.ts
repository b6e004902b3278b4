import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    env: { ECG_LLM_PROGRESS: 'off' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that start servers (Chroma, Jupyter, LLM protocol doubles) are isolated per file.
    pool: 'forks',
  },
});
