/**
 * The runs recorded under `runs/`, newest first, read from their manifests. A folder whose manifest is missing
 * or unreadable is listed with status `unreadable` rather than hidden.
 */
import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { isProcessAlive } from '../core/process-alive.js';
import { runManifestSchema } from '../schemas/run-manifest.js';

export interface RunSummary {
  runId: string;
  stage: string;
  status: string;
  startedAt: string;
  seconds: number | null;
  commit: string | null;
  error: string | null;
}

/** Summaries of the recorded runs, newest first; optionally only one stage. */
export async function listRuns(options: { paths?: WorkspacePaths; stage?: string } = {}): Promise<RunSummary[]> {
  const paths = options.paths ?? resolveWorkspacePaths();
  let folders: string[];
  try {
    folders = (await readdir(paths.runs, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
  const summaries: RunSummary[] = [];
  for (const folder of folders) {
    try {
      const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(paths.runs, folder, 'manifest.json'), 'utf8')));
      summaries.push({
        runId: manifest.runId,
        stage: manifest.stage,
        // A run whose process is gone from this machine while its manifest still says `running` was killed
        // (SIGKILL, power loss): no handler could record it.
        status:
          manifest.status === 'running' && manifest.process && manifest.process.host === hostname() && !isProcessAlive(manifest.process.pid)
            ? 'killed'
            : manifest.status,
        startedAt: manifest.timings.startedAt,
        seconds: manifest.timings.durationMs === undefined ? null : manifest.timings.durationMs / 1000,
        commit: manifest.git.commit ? manifest.git.commit.slice(0, 10) + (manifest.git.dirty ? '+dirty' : '') : null,
        error: manifest.error?.message ?? null,
      });
    } catch {
      summaries.push({ runId: folder, stage: '?', status: 'unreadable', startedAt: '', seconds: null, commit: null, error: 'manifest.json missing or invalid' });
    }
  }
  return summaries
    .filter((summary) => !options.stage || summary.stage === options.stage)
    .sort((left, right) => right.startedAt.localeCompare(left.startedAt));
}
