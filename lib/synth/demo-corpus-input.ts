/**
 * The corpus a synthesis run reads when none is given: the workspace's demo corpus, processed through the
 * corpus stage ({@link runCorpusStage}: ingest, default cleaning, chunks, profile, its own run manifest) into
 * `<output>/corpus/`, so the exact documents the items were generated from sit beside them.
 */
import type { WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { runCorpusStage } from '../corpus/run-corpus-stage.js';

/** Runs the corpus stage on the demo corpus with `directory` as its output folder; returns `directory`. */
export async function prepareDemoCorpus(paths: WorkspacePaths, directory: string, progress: ProgressFactory = silentProgress): Promise<string> {
  await runCorpusStage({ output: directory, paths, progress });
  return directory;
}
