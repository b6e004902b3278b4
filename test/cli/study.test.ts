/**
 * `ecg-llm study` on the command line: offline without the default model it fails within seconds, naming the
 * missing file and the command that downloads it; a wrong profile is a usage error. (The whole tiny study runs
 * in test/study/run-study.test.ts.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporary = useTemporaryDirectory('ecg-llm-study-cli-');

describe('ecg-llm study', () => {
  it('offline and without the default model, fails within seconds naming the file and `ecg-llm models fetch`', async () => {
    const root = await temporary();
    const began = performance.now();
    const result = await runCli(['study'], root, { ...process.env, ECG_LLM_OFFLINE: '1', ECG_LLM_CACHE_DIR: join(root, 'cache') });
    expect(performance.now() - began).toBeLessThan(20_000); // seconds, not a download: generous for a loaded 2-core CI machine
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBe(2);
    expect(result.stderr).toContain('Llama-3.2-1B-Instruct-Q4_K_M.gguf');
    expect(result.stderr).toContain('ecg-llm models fetch');
  });

  it('refuses an unknown profile as a usage error (exit 2) naming the choices', async () => {
    const result = await runCli(['study', '--profile', 'huge']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/demo, tiny, paper/);
  });
});
