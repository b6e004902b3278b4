/**
 * Runs once before the workspace tests:
 * 1. builds the package, because several tests run the real command line (`bin/ecg-llm.js`, which loads `dist/`)
 *    and real notebooks (which import `dist/index.js`) in child processes;
 * 2. obtains the authors' published human-evaluation CSVs the way a user does — the workspace's own dataset fetch
 *    (`ensureDataset('human-eval')`: reuse the verified copy in `data/external/`, else download from the pinned
 *    URLs, or from `ECG_LLM_DATA_MIRROR` when set — a folder or an http(s) mirror URL), every file checked against
 *    the sha256 in `data/datasets.json`.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveWorkspacePaths } from '../lib/core/paths.js';
import { ensureDataset } from '../lib/data/fetch-dataset.js';

export default async function setup(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.env.ECG_LLM_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const paths = resolveWorkspacePaths({ root, packageRoot: root }, {});
  try {
    await ensureDataset('human-eval', { paths, environment: process.env });
  } catch (error) {
    process.stderr.write(
      `\nThe tests need the authors' published human-evaluation CSVs, and fetching them failed:\n  ${(error as Error).message}\n` +
        'Run `npx ecg-llm data fetch human-eval` with a network connection, or set ECG_LLM_DATA_MIRROR to a folder or URL holding the two files.\n\n',
    );
    throw error;
  }
}
