import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeTinyGguf } from '../../scripts/make-tiny-gguf.mjs';

export interface TinyGguf {
  /** Root temporary folder (also usable as a workspace cache). */
  root: string;
  /** The tiny chat model (scripts/make-tiny-gguf.mjs). */
  model: string;
  /** The tiny LoRA adapter for it. */
  adapter: string;
}

/**
 * Generates the tiny GGUF chat model and LoRA adapter into a fresh temporary folder before the file's tests and
 * removes it afterwards. Read the returned object inside tests.
 */
export function useTinyGguf(): TinyGguf {
  const files: TinyGguf = { root: '', model: '', adapter: '' };
  beforeAll(async () => {
    files.root = await mkdtemp(join(tmpdir(), 'ecg-llm-tiny-gguf-'));
    Object.assign(files, await makeTinyGguf(join(files.root, 'models')));
  });
  afterAll(async () => {
    if (files.root) await rm(files.root, { recursive: true, force: true });
  });
  return files;
}
