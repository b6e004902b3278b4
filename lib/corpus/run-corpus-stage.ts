/**
 * The corpus stage as one recorded run: ingest → clean → chunk → profile, writing into an output folder
 *
 * - `documents.jsonl` — one {@link CorpusDocument} per line (cleaned text, page offsets);
 * - `chunks.jsonl` — one {@link Chunk} per line (span, pages, section path, splitter);
 * - `cleaning-report.jsonl` — one {@link CleaningReport} per document (what was removed and changed);
 * - `profile.json` — the {@link CorpusProfile} (counts, distributions, skipped inputs);
 *
 * and a run manifest `runs/<run-id>/manifest.json` (configuration, input folder hash, output hashes, counts,
 * timings). Files are written atomically: a failed run leaves no half-written output.
 */
import { join } from 'node:path';
import { pathExists, writeJsonAtomic, writeJsonlAtomic } from '../core/atomic-file.js';
import { InvalidArgumentError } from '../core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { withRun, type Run } from '../core/run.js';
import { uniqueRecords } from '../core/unique-records.js';
import type { Chunk, CorpusDocument } from '../schemas/corpus.js';
import { boilerplateTitles, defaultBoilerplateSet, type BoilerplateTitleSet } from './boilerplate-titles.js';
import { chunkDocuments, PAPER_RAG_SPLITTER, splitterId, type SplitterConfig } from './chunk-documents.js';
import { profileCorpus } from './corpus-profile.js';
import type { CleaningMode, CleaningReport, CorpusProfile, SkippedInput } from './corpus-records.js';
import { ingestCorpus } from './ingest-corpus.js';

/** The packaged demo corpus (the folder `ecg-llm corpus` reads by default): `data/demo-corpus/`, documents only. */
export function demoCorpusInput(paths: WorkspacePaths = resolveWorkspacePaths()): string {
  return paths.demoCorpus;
}

/**
 * Checks that `folder` is an output folder of the corpus stage (it holds `files`, default `documents.jsonl`).
 * A later stage given a folder of PDFs or markdown instead gets an {@link InvalidArgumentError} saying how to
 * turn it into one.
 *
 * @example
 * await assertCorpusOutput('corpus-out', 'corpus', ['documents.jsonl', 'chunks.jsonl']);
 */
export async function assertCorpusOutput(folder: string, argument: string, files: readonly string[] = ['documents.jsonl']): Promise<void> {
  for (const file of files) {
    if (!(await pathExists(join(folder, file)))) {
      throw new InvalidArgumentError(
        argument,
        `${folder} is not an output folder of \`ecg-llm corpus\` (it has no ${file}). For a folder of PDFs, markdown or MinerU ` +
          `output, run \`ecg-llm corpus --input ${folder} --out <dir>\` first and give <dir>.`,
      );
    }
  }
}

export interface CorpusStageOptions {
  /** Input folder (default: the demo corpus). */
  input?: string;
  /** Output folder (default: the run folder). */
  output?: string;
  splitter?: SplitterConfig;
  cleaning?: CleaningMode;
  removeAbstractAndKeywords?: boolean;
  /**
   * Boilerplate titles cleaning removes: the authors' 75, or those plus common declarations. Default
   * {@link defaultBoilerplateSet}: `authors` for legacy cleaning (to reproduce them), else `extended`.
   */
  boilerplate?: BoilerplateTitleSet;
  skipUnreadable?: boolean;
  paths?: WorkspacePaths;
  progress?: ProgressFactory;
  /** The command line, for the manifest. */
  command?: string[];
}

export interface CorpusStageResult {
  runId: string;
  runDirectory: string;
  outputDirectory: string;
  documents: CorpusDocument[];
  chunks: Chunk[];
  reports: CleaningReport[];
  skipped: SkippedInput[];
  ignored: string[];
  profile: CorpusProfile;
}

/** Runs the corpus stage (see module documentation). */
export async function runCorpusStage(options: CorpusStageOptions = {}): Promise<CorpusStageResult> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const input = options.input ?? demoCorpusInput(paths);
  const splitter = options.splitter ?? PAPER_RAG_SPLITTER;
  const cleaning = options.cleaning ?? 'default';
  const progress = options.progress ?? silentProgress;
  const config = {
    splitter,
    splitterId: splitterId(splitter),
    cleaning,
    removeAbstractAndKeywords: options.removeAbstractAndKeywords ?? true,
    boilerplate: options.boilerplate ?? defaultBoilerplateSet(cleaning),
    sectionTitles: boilerplateTitles(options.boilerplate ?? defaultBoilerplateSet(cleaning)),
    skipUnreadable: options.skipUnreadable ?? false,
  };
  const { value } = await withRun({ stage: 'corpus', config, paths, ...(options.command ? { command: options.command } : {}) }, async (run: Run) => {
    await run.addInput('corpus', input);
    const output = options.output ?? run.dir;
    const ingest = await run.phase('ingest', () =>
      ingestCorpus(input, {
        cleaning,
        removeAbstractAndKeywords: config.removeAbstractAndKeywords,
        sectionTitles: config.sectionTitles,
        skipUnreadable: config.skipUnreadable,
        progress,
        signal: run.signal,
      }),
    );
    const chunks = await run.phase('chunk', async () => chunkDocuments(ingest.documents, splitter, progress));
    const profile = await run.phase('profile', async () =>
      profileCorpus({ documents: ingest.documents, chunks, reports: ingest.reports, splitter: config.splitterId, cleaning, skipped: ingest.skipped }),
    );
    run.throwIfInterrupted();
    await run.phase('write', async () => {
      await writeJsonlAtomic(join(output, 'documents.jsonl'), uniqueRecords(ingest.documents, join(output, 'documents.jsonl')));
      await writeJsonlAtomic(join(output, 'chunks.jsonl'), uniqueRecords(chunks, join(output, 'chunks.jsonl')));
      await writeJsonlAtomic(join(output, 'cleaning-report.jsonl'), ingest.reports);
      await writeJsonAtomic(join(output, 'profile.json'), profile);
    });
    await run.addOutput('documents', join(output, 'documents.jsonl'), ingest.documents.length);
    await run.addOutput('chunks', join(output, 'chunks.jsonl'), chunks.length);
    await run.addOutput('cleaning-report', join(output, 'cleaning-report.jsonl'), ingest.reports.length);
    await run.addOutput('profile', join(output, 'profile.json'));
    run.count({ duplicatesRemoved: ingest.reports.reduce((total, report) => total + report.duplicatesRemoved.length, 0) });
    run.count({ documents: ingest.documents.length, chunks: chunks.length, words: profile.words, skipped: ingest.skipped.length, ignored: ingest.ignored.length });
    return { runId: run.id, runDirectory: run.dir, outputDirectory: output, ...ingest, chunks, profile };
  });
  return value;
}
