/**
 * The corpus a synthesis run reads when none is given: the workspace's demo corpus, processed through the
 * corpus stage (ingest and default cleaning) into `<output>/corpus/documents.jsonl`, so the exact documents
 * the items were generated from sit beside them.
 */
import { join } from 'node:path';
import { writeJsonlAtomic } from '../core/atomic-file.js';
import type { WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { ingestCorpus } from '../corpus/ingest-corpus.js';

/** Processes the demo corpus texts into `directory/documents.jsonl`; returns `directory`. */
export async function prepareDemoCorpus(paths: WorkspacePaths, directory: string, progress: ProgressFactory = silentProgress): Promise<string> {
  const { documents } = await ingestCorpus(join(paths.demoCorpus, 'texts'), { progress });
  await writeJsonlAtomic(join(directory, 'documents.jsonl'), documents);
  return directory;
}
