/**
 * Finds an unfinished run of a stage with exactly the same configuration, so that a restarted command
 * continues it (same run id, same journals) instead of starting over.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runManifestSchema } from '../schemas/run-manifest.js';

/**
 * The id of the most recently started run in `runsDirectory` of `stage` whose manifest has `configHash` and a
 * status other than `succeeded` (running — killed without a chance to say so —, interrupted or failed), or
 * undefined. Unreadable or foreign folders are ignored.
 */
export async function findResumableRun(runsDirectory: string, stage: string, configHash: string): Promise<string | undefined> {
  let entries: string[];
  try {
    entries = await readdir(runsDirectory);
  } catch {
    return undefined;
  }
  let best: { id: string; startedAt: string } | undefined;
  for (const entry of entries) {
    if (!entry.startsWith(`${stage}-`)) continue;
    let manifest;
    try {
      manifest = runManifestSchema.parse(JSON.parse(await readFile(join(runsDirectory, entry, 'manifest.json'), 'utf8')));
    } catch {
      continue;
    }
    if (manifest.stage !== stage || manifest.configHash !== configHash || manifest.status === 'succeeded') continue;
    if (!best || manifest.timings.startedAt > best.startedAt) best = { id: manifest.runId, startedAt: manifest.timings.startedAt };
  }
  return best?.id;
}
