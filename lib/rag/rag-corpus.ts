/**
 * The corpus the RAG stage indexes: the output folder of the corpus stage (`documents.jsonl` and
 * `chunks.jsonl`, from `ecg-llm corpus --out DIR`), or — by default — the packaged demo corpus, ingested,
 * cleaned and cut with the paper's splitter (LangChain-identical recursive splitting, 1024/100 characters) by
 * the corpus stage's own functions.
 */
import { join, resolve } from 'node:path';
import { hashPath } from '../core/content-hash.js';
import { InvalidArgumentError } from '../core/errors.js';
import { readJsonl } from '../core/jsonl.js';
import type { WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { chunkDocuments, PAPER_RAG_SPLITTER } from '../corpus/chunk-documents.js';
import { ingestCorpus } from '../corpus/ingest-corpus.js';
import { assertCorpusOutput, demoCorpusInput } from '../corpus/run-corpus-stage.js';
import { chunkSchema, corpusDocumentSchema, type Chunk, type CorpusDocument } from '../schemas/corpus.js';

/** A corpus ready for indexing. */
export interface RagCorpus {
  /** `demo` for the packaged demo corpus, otherwise the corpus output folder. */
  source: { kind: 'demo' | 'folder'; path: string };
  /** Content hash of the source folder (the demo's sources, or documents.jsonl + chunks.jsonl). */
  sha256: string;
  documents: CorpusDocument[];
  chunks: Chunk[];
  /** The distinct splitter ids of the chunks. */
  splitters: string[];
}

/** Loads a corpus stage output folder, or the demo corpus when `folder` is undefined. */
export async function loadRagCorpus(options: { folder?: string; paths: WorkspacePaths; progress?: ProgressFactory }): Promise<RagCorpus> {
  const progress = options.progress ?? silentProgress;
  let corpus: Omit<RagCorpus, 'splitters'>;
  if (options.folder === undefined) {
    const input = demoCorpusInput(options.paths);
    const { documents } = await ingestCorpus(input, { progress });
    corpus = { source: { kind: 'demo', path: input }, sha256: (await hashPath(input)).sha256, documents, chunks: chunkDocuments(documents, PAPER_RAG_SPLITTER, progress) };
  } else {
    const folder = resolve(options.folder);
    await assertCorpusOutput(folder, 'corpus', ['documents.jsonl', 'chunks.jsonl']);
    const documents = await readJsonl(join(folder, 'documents.jsonl'), corpusDocumentSchema);
    const chunks = await readJsonl(join(folder, 'chunks.jsonl'), chunkSchema);
    const known = new Set(documents.map((document) => document.id));
    const stray = chunks.find((chunk) => !known.has(chunk.documentId));
    if (stray) throw new InvalidArgumentError('corpus', `${join(folder, 'chunks.jsonl')}: chunk ${stray.id} belongs to document ${stray.documentId}, which is not in documents.jsonl`);
    const hash = await hashPath(join(folder, 'chunks.jsonl'));
    corpus = { source: { kind: 'folder', path: folder }, sha256: hash.sha256, documents, chunks };
  }
  return { ...corpus, splitters: [...new Set(corpus.chunks.map((chunk) => chunk.splitter))].sort() };
}

/** The corpus cut again with the recursive character splitter at another size and overlap (for ablations). */
export function rechunkCorpus(documents: readonly CorpusDocument[], chunkSize: number, chunkOverlap: number, progress?: ProgressFactory): Chunk[] {
  return chunkDocuments(documents, { kind: 'recursive-character', chunkSize, chunkOverlap }, progress);
}
