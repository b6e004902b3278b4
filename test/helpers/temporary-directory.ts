import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Creates a fresh temporary directory for each test and removes it afterwards. */
export function useTemporaryDirectory(prefix = 'ecg-llm-test-'): () => Promise<string> {
  const created: string[] = [];
  afterEach(async () => {
    await Promise.all(created.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
  });
  return async () => {
    const directory = await mkdtemp(join(tmpdir(), prefix));
    created.push(directory);
    return directory;
  };
}

/** The repository root. */
export const repositoryRoot = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
