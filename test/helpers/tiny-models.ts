import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeTinyModels } from '../../scripts/make-tiny-models.mjs';

export interface TinyModels {
  /** Root temporary folder (also usable as a cache directory). */
  root: string;
  encoder: string;
  crossEncoder: string;
}

/**
 * Generates the tiny test encoder and cross-encoder (scripts/make-tiny-models.mjs) into a fresh temporary
 * folder before the file's tests and removes it afterwards. Read the returned object inside tests.
 */
export function useTinyModels(): TinyModels {
  const models: TinyModels = { root: '', encoder: '', crossEncoder: '' };
  beforeAll(async () => {
    models.root = await mkdtemp(join(tmpdir(), 'ecg-llm-tiny-models-'));
    Object.assign(models, await makeTinyModels(join(models.root, 'models')));
  });
  afterAll(async () => {
    if (models.root) await rm(models.root, { recursive: true, force: true });
  });
  return models;
}

/** Copies a model folder to `destination` without its onnx/ folder (a model that has no ONNX export). */
export async function copyWithoutOnnx(source: string, destination: string): Promise<string> {
  await cp(source, destination, { recursive: true });
  await rm(join(destination, 'onnx'), { recursive: true });
  return destination;
}
