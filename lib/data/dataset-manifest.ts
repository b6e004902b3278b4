/**
 * The dataset manifest `data/datasets.json`: every external dataset the workspace can fetch, with the upstream
 * URL of each file (pinned to a commit), its SHA-256, the citation and the licence as stated upstream.
 * `ecg-llm data fetch|verify|list` read it; nothing is downloaded that is not listed here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NotFoundError } from '../core/errors.js';
import { readJson } from '../core/jsonl.js';
import type { WorkspacePaths } from '../core/paths.js';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal digits (a SHA-256)');

/** One file of a dataset. */
export const datasetFileSchema = z.object({
  /** The file name inside `data/external/<dataset>/` (a plain name, no folders). */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a plain file name (letters, digits, . _ -)'),
  /** The path of the file in the upstream repository. */
  upstreamPath: z.string().min(1),
  /** Where it is downloaded from (a URL pinned to a commit, so the content cannot change). */
  url: z.url({ protocol: /^https?$/ }),
  sha256: sha256Schema,
  bytes: z.number().int().nonnegative().optional(),
});
export type DatasetFile = z.infer<typeof datasetFileSchema>;

/** One dataset. */
export const datasetSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
  title: z.string().min(1),
  description: z.string().min(1),
  source: z.object({
    repository: z.url(),
    commit: z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-digit commit hash'),
    note: z.string().optional(),
  }),
  /** The licence as stated upstream; `spdx: null` with a statement when upstream states none. */
  licence: z.object({ spdx: z.string().min(1).nullable(), statement: z.string().min(1) }),
  citation: z.string().min(1),
  files: z.array(datasetFileSchema).min(1),
});
export type Dataset = z.infer<typeof datasetSchema>;

/** `data/datasets.json`. */
export const datasetManifestSchema = z
  .object({ schemaVersion: z.literal(1), datasets: z.array(datasetSchema) })
  .superRefine((manifest, context) => {
    const names = new Set<string>();
    manifest.datasets.forEach((dataset, index) => {
      if (names.has(dataset.name)) context.addIssue({ code: 'custom', path: ['datasets', index, 'name'], message: `duplicate dataset name "${dataset.name}"` });
      names.add(dataset.name);
      const files = new Set<string>();
      dataset.files.forEach((file, fileIndex) => {
        if (files.has(file.name)) context.addIssue({ code: 'custom', path: ['datasets', index, 'files', fileIndex, 'name'], message: `duplicate file name "${file.name}"` });
        files.add(file.name);
      });
    });
  });
export type DatasetManifest = z.infer<typeof datasetManifestSchema>;

/**
 * The manifest file used for `paths`: `<data>/datasets.json` in the workspace when it exists, otherwise the
 * one shipped with the package.
 */
export function datasetManifestPath(paths: WorkspacePaths): string {
  const workspace = join(paths.data, 'datasets.json');
  return existsSync(workspace) ? workspace : join(paths.packageRoot, 'data', 'datasets.json');
}

/** Reads and validates the dataset manifest (errors name the file and the field). */
export async function readDatasetManifest(paths: WorkspacePaths, manifestPath = datasetManifestPath(paths)): Promise<DatasetManifest> {
  return readJson(manifestPath, datasetManifestSchema);
}

/** Finds a dataset by name; an unknown name is a {@link NotFoundError} listing the known ones. */
export function findDataset(manifest: DatasetManifest, name: string): Dataset {
  const dataset = manifest.datasets.find((candidate) => candidate.name === name);
  if (!dataset) {
    throw new NotFoundError('dataset', name, `Known datasets: ${manifest.datasets.map((known) => known.name).join(', ') || 'none'}`);
  }
  return dataset;
}

/** The folder a dataset is fetched into: `data/external/<name>/`. */
export function datasetDirectory(paths: WorkspacePaths, name: string): string {
  return join(paths.externalData, name);
}
