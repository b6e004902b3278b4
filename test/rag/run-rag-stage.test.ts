import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../../lib/core/paths.js';
import { ingestCorpus } from '../../lib/corpus/ingest-corpus.js';
import { demoCorpusInput } from '../../lib/corpus/run-corpus-stage.js';
import { loadEvidenceQuestions } from '../../lib/rag/evidence-questions.js';
import { defaultCollectionName, runRagEval, runRagQuery } from '../../lib/rag/run-rag-stage.js';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { chromaServersStartedBy } from '../helpers/processes.js';
import { repositoryRoot } from '../helpers/temporary-directory.js';
import { useTinyModels } from '../helpers/tiny-models.js';

const tiny = useTinyModels();
let root = '';
let paths: WorkspacePaths;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ecg-llm-rag-stage-'));
  paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  expect(chromaServersStartedBy(process.pid)).toEqual([]);
});

const models = () => ({ embeddingModel: tiny.encoder, rerankerModel: tiny.crossEncoder, allowRemoteModels: false, paths, environment: {} });

describe('runRagQuery', () => {
  it('refuses to query a collection that was never indexed, and records the failed run', async () => {
    const attempt = runRagQuery({ ...models(), questions: ['What is a delta wave?'] });
    // A missing collection is a NotFoundError (the CLI exits 1), not an argument error (issue 9).
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toThrow(/Chroma collection not found: ".+" at http:\/\/.+\. Run `ecg-llm rag index` first/);
    const { readdir } = await import('node:fs/promises');
    const runs = await readdir(paths.runs);
    const manifests = await Promise.all(runs.map(async (run) => runManifestSchema.parse(JSON.parse(await readFile(join(paths.runs, run, 'manifest.json'), 'utf8')))));
    expect(manifests.every((manifest) => manifest.status === 'failed' && manifest.error?.code === 'NOT_FOUND')).toBe(true);
  });
});

describe('runRagEval', () => {
  it('scores synthetic Q&A items exactly as the hand-written evidence questions they were made from', async () => {
    // Twelve hand-written questions, once as the evidence file, once as QaItems of the synthesis stage's shape
    // (the loader's output, written as JSONL): the two evaluations must agree to the last digit.
    const lines = (await readFile(join(repositoryRoot, 'data', 'demo-corpus-sources', 'questions.jsonl'), 'utf8')).split('\n').filter(Boolean).slice(0, 12);
    const evidenceFile = join(root, 'evidence.jsonl');
    await writeFile(evidenceFile, `${lines.join('\n')}\n`);
    const { documents } = await ingestCorpus(demoCorpusInput(paths));
    const { questions } = await loadEvidenceQuestions(evidenceFile, documents);
    const itemsFile = join(root, 'qa-items.jsonl');
    await writeFile(itemsFile, questions.map((question) => JSON.stringify(question.item)).join('\n'));

    const settings = { ...models(), ablation: false as const, rerank: false, resamples: 300 };
    const fromEvidence = await runRagEval({ ...settings, questions: evidenceFile });
    const fromItems = await runRagEval({ ...settings, questions: itemsFile });
    expect(fromEvidence.questions).toBe(12);
    expect(fromItems.main.vector.summary).toEqual(fromEvidence.main.vector.summary);
    expect(fromItems.main.vector.perQuestion).toEqual(fromEvidence.main.vector.perQuestion);
    expect(fromItems.collection).toBe(defaultCollectionName(undefined, 'local:tiny-bert-encoder', 64));
    expect(fromItems.table).toHaveLength(1);

    // An item from a document that is not in the corpus: an error, or skipped and reported on request.
    const stray = { ...questions[0]!.item, id: 'qa-00000000000000ff', source: { ...questions[0]!.item.source, documentId: 'doc-00000000000000ff' } };
    await writeFile(itemsFile, [...questions.map((question) => JSON.stringify(question.item)), JSON.stringify(stray)].join('\n'));
    await expect(runRagEval({ ...settings, questions: itemsFile })).rejects.toThrow(/1 question\(s\) .* refer to documents not in the corpus \(first: line 13\)/);
    const skipping = await runRagEval({ ...settings, questions: itemsFile, skipUnresolved: true });
    expect(skipping.skippedQuestions).toEqual([{ handle: 'qa-00000000000000ff', line: 13, reason: 'document doc-00000000000000ff is not in the corpus' }]);
    expect(skipping.main.vector.summary).toEqual(fromEvidence.main.vector.summary);
  });
});
