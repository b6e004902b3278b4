/**
 * The RAG stage as recorded runs — what `ecg-llm rag index|query|eval` and notebook 04 call. Each run writes
 * `runs/<run-id>/manifest.json` with the configuration, the corpus (and question set) content hashes, the
 * embedding model id with the SHA-256 of its ONNX file, the reranker and chat model where used, and the
 * vector store: Chroma server version, collection name and HNSW settings.
 *
 * Without a Chroma URL (`chromaUrl` or `CHROMA_URL`) every run starts its own local Chroma server on the
 * workspace's data folder (`resolveWorkspacePaths().chroma`) and stops it at the end; collections persist
 * there between runs, so `query` and `eval` find what `index` wrote, and indexing again writes nothing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashCanonical } from '../core/canonical-json.js';
import { writeFileAtomic, writeJsonAtomic } from '../core/atomic-file.js';
import { InvalidArgumentError } from '../core/errors.js';
import { readJsonl } from '../core/jsonl.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { withRun, type Run } from '../core/run.js';
import type { ChatRequest } from '../llm/chat-model.js';
import { createModelStack, type ModelStackOptions } from '../llm/model-stack.js';
import type { FigureSpec } from '../report/figure-spec.js';
import { renderFigure } from '../report/render-figure.js';
import { toCsv, toMarkdownTable, type TableRow } from '../report/table.js';
import { qaItemSchema } from '../schemas/synthesis.js';
import type { BootstrapMethod } from '../stats/bootstrap-interval-from-replicates.js';
import { answerWithContext, type RagAnswerRecord } from './answer-with-context.js';
import { contextSettings, selectContext, type ContextSettings } from './build-contexts.js';
import { withChroma, type ChromaConnection } from './chroma-connection.js';
import { openChunkCollection, type ChunkCollection, type HnswSettings } from './chunk-collection.js';
import { loadReranker, type Reranker } from './cross-encoder-reranker.js';
import { DEFAULT_EMBEDDING_MODEL, loadEmbeddingModel, type EmbeddingModel } from './embedding-model.js';
import { evaluateRankings, metricNames, type RankingEvaluation, type RetrievalQuestion } from './evaluate-rankings.js';
import { loadEvidenceQuestions } from './evidence-questions.js';
import { indexChunks, type IndexReport } from './index-chunks.js';
import { loadRagCorpus, type RagCorpus } from './rag-corpus.js';
import { ablationCollectionPrefix, ablationFigure, ablationTable, DEFAULT_ABLATION_GRID, runRetrievalAblation, type AblationGrid, type AblationRow } from './retrieval-ablation.js';
import { retrievePassages, searchChunks, type RetrievedPassage } from './retrieve-passages.js';
import type { ModelPrecision } from './transformers-model.js';

/** Settings every RAG run shares: corpus, models and the vector store. */
export interface RagCommonOptions {
  /** Corpus stage output folder (documents.jsonl, chunks.jsonl); default: the demo corpus. */
  corpus?: string;
  /** Embedding model: Hub id or local folder (default neuml/pubmedbert-base-embeddings). */
  embeddingModel?: string;
  /** Cross-encoder: Hub id or local folder (default cross-encoder/ms-marco-MiniLM-L-2-v2). */
  rerankerModel?: string;
  /** Allow model downloads (default true; false with ECG_LLM_OFFLINE=1). */
  allowRemoteModels?: boolean;
  modelCacheDirectory?: string;
  precision?: ModelPrecision;
  /** Chroma server URL; default CHROMA_URL, else a local server the run starts. */
  chromaUrl?: string;
  /** Data folder of a local server (default resolveWorkspacePaths().chroma). */
  chromaDataDirectory?: string;
  /** Collection name (default: derived from the corpus and the embedding model). */
  collection?: string;
  hnsw?: Partial<Omit<HnswSettings, 'space'>>;
  paths?: WorkspacePaths;
  progress?: ProgressFactory;
  environment?: NodeJS.ProcessEnv;
  /** The command line, for the manifest. */
  command?: string[];
}

/** The default collection of a corpus for an embedding model: stable across runs, distinct per model. */
export function defaultCollectionName(corpus: string | undefined, embeddingModelId: string, dimension: number): string {
  return `ecg-llm-${hashCanonical({ corpus: corpus ?? 'demo', embeddingModelId, dimension }).slice(0, 12)}`;
}

function commonConfig(options: RagCommonOptions): Record<string, unknown> {
  return {
    corpus: options.corpus ?? 'demo',
    embeddingModel: options.embeddingModel ?? DEFAULT_EMBEDDING_MODEL,
    precision: options.precision ?? 'fp32',
    chroma: options.chromaUrl ?? (options.environment ?? process.env).CHROMA_URL ?? 'local server started by the workspace',
    collection: options.collection ?? 'default (derived from corpus and embedding model)',
    hnsw: options.hnsw ?? {},
  };
}

/** The model-loading settings shared by the embedding model and the reranker. */
function modelLoadSettings(options: RagCommonOptions, run: Run) {
  return {
    ...(options.allowRemoteModels === undefined ? {} : { allowRemoteModels: options.allowRemoteModels }),
    ...(options.modelCacheDirectory ? { cacheDirectory: options.modelCacheDirectory } : {}),
    ...(options.precision ? { precision: options.precision } : {}),
    paths: run.paths,
  };
}

async function openEmbeddingModel(options: RagCommonOptions, run: Run): Promise<EmbeddingModel> {
  const model = await run.phase('load embedding model', () =>
    loadEmbeddingModel({ model: options.embeddingModel ?? DEFAULT_EMBEDDING_MODEL, ...modelLoadSettings(options, run) }),
  );
  await run.addModel(model.describe());
  return model;
}

async function openReranker(options: RagCommonOptions, run: Run): Promise<Reranker> {
  const reranker = await run.phase('load reranker', () =>
    loadReranker({ ...(options.rerankerModel ? { model: options.rerankerModel } : {}), ...modelLoadSettings(options, run) }),
  );
  await run.addModel(reranker.describe());
  return reranker;
}

/** Loads the embedding model and, when asked, the reranker; `dispose` releases both. */
async function openModels(options: RagCommonOptions, run: Run, withReranker: boolean): Promise<{ model: EmbeddingModel; reranker?: Reranker; dispose(): Promise<void> }> {
  const model = await openEmbeddingModel(options, run);
  if (!withReranker) return { model, dispose: () => model.dispose() };
  try {
    const reranker = await openReranker(options, run);
    return {
      model,
      reranker,
      dispose: async () => {
        await model.dispose();
        await reranker.dispose();
      },
    };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}

function chromaOptions(options: RagCommonOptions, paths: WorkspacePaths): Parameters<typeof withChroma>[0] {
  return {
    paths,
    ...(options.chromaUrl ? { url: options.chromaUrl } : {}),
    ...(options.chromaDataDirectory ? { dataDirectory: options.chromaDataDirectory } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
  };
}

/** Records the vector store (server, collection, index settings) in the manifest. */
async function recordVectorStore(run: Run, connection: ChromaConnection, collection: ChunkCollection): Promise<void> {
  await run.addModel({
    role: 'vector-store',
    provider: 'chroma',
    id: collection.name,
    digest: `chroma-server:${connection.serverVersion}`,
    parameters: {
      serverVersion: connection.serverVersion,
      server: connection.server ? 'local server started by the workspace' : connection.url,
      ...(connection.server ? { dataDirectory: connection.server.dataDirectory } : {}),
      hnsw: collection.hnsw,
      embedding: collection.embedding,
    },
  });
}

async function openCollection(options: RagCommonOptions, connection: ChromaConnection, model: EmbeddingModel, extra: { rebuild?: boolean; mustExist?: boolean } = {}): Promise<ChunkCollection> {
  return openChunkCollection(connection, {
    name: options.collection ?? defaultCollectionName(options.corpus, model.identity.model, model.dimension),
    embedding: model.identity,
    ...(options.hnsw ? { hnsw: options.hnsw } : {}),
    ...extra,
  });
}

async function loadCorpusInto(options: RagCommonOptions, run: Run): Promise<RagCorpus> {
  const corpus = await run.phase('load corpus', () =>
    loadRagCorpus({ paths: run.paths, ...(options.corpus ? { folder: options.corpus } : {}), ...(options.progress ? { progress: options.progress } : {}) }),
  );
  await run.addInput('corpus', corpus.source.path);
  run.count({ documents: corpus.documents.length, chunks: corpus.chunks.length });
  return corpus;
}

// ---------------------------------------------------------------------------------------------------- index

export interface RagIndexOptions extends RagCommonOptions {
  /** Delete the collection and build it anew. */
  rebuild?: boolean;
  /** Records per upsert request. */
  batchSize?: number;
}

export interface RagIndexResult {
  runId: string;
  runDirectory: string;
  collection: string;
  serverVersion: string;
  report: IndexReport;
}

/** Embeds the corpus's chunks into the collection (only new or changed ones). */
export async function runRagIndex(options: RagIndexOptions = {}): Promise<RagIndexResult> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const config = { ...commonConfig(options), rebuild: options.rebuild ?? false, batchSize: options.batchSize ?? 256 };
  const { value } = await withRun({ stage: 'rag-index', config, paths, ...(options.command ? { command: options.command } : {}) }, async (run) => {
    // The server first: an unreachable one fails the run at once, before any model is loaded.
    return withChroma(chromaOptions(options, paths), async (connection) => {
      const model = await openEmbeddingModel(options, run);
      try {
        // The collection before the corpus: a mismatched model fails before the corpus is read.
        const collection = await openCollection(options, connection, model, { rebuild: options.rebuild ?? false });
        await recordVectorStore(run, connection, collection);
        const corpus = await loadCorpusInto(options, run);
        const report = await run.phase('index', () =>
          indexChunks({
            collection,
            embeddingModel: model,
            chunks: corpus.chunks,
            documents: corpus.documents,
            ...(options.batchSize ? { batchSize: options.batchSize } : {}),
            ...(options.progress ? { progress: options.progress } : {}),
          }),
        );
        run.count({ written: report.written, unchanged: report.unchanged, deleted: report.deleted, upsertRequests: report.upsertRequests });
        await writeJsonAtomic(run.file('index-report.json'), report);
        await run.addOutput('index-report', run.file('index-report.json'));
        return { runId: run.id, runDirectory: run.dir, collection: collection.name, serverVersion: connection.serverVersion, report };
      } finally {
        await model.dispose();
      }
    });
  });
  return value;
}

// ---------------------------------------------------------------------------------------------------- query

export interface RagQueryOptions extends RagCommonOptions {
  questions: string[];
  /** Context settings (default: retrieve 20, rerank to 5). */
  settings?: ContextSettings;
  /**
   * When given, each question is answered by this chat model from its context. It is built by
   * {@link createModelStack}, like every stage's model: response cache (`ECG_LLM_CACHE`, also `replay`), usage and
   * cost (in the manifest), limits and retry; its options (`cache`, `retry`, `limits`, ...) may be given here.
   */
  chat?: ModelStackOptions;
  /** Sampling settings of the answer (default temperature 0, 300 tokens). */
  request?: Omit<ChatRequest, 'messages'>;
}

export interface RagQueryResult {
  runId: string;
  runDirectory: string;
  collection: string;
  results: Array<{ question: string; retrieved: RetrievedPassage[]; context: RetrievedPassage[]; answer?: RagAnswerRecord }>;
}

/** Retrieves (and reranks) passages for each question, and answers them when a chat model is given. */
export async function runRagQuery(options: RagQueryOptions): Promise<RagQueryResult> {
  if (options.questions.length === 0 || options.questions.some((question) => question.trim() === '')) {
    throw new InvalidArgumentError('questions', 'give at least one non-empty question');
  }
  const paths = options.paths ?? resolveWorkspacePaths();
  const settings = options.settings ?? contextSettings();
  const config = { ...commonConfig(options), settings, chat: options.chat ? { provider: options.chat.provider, model: options.chat.model } : null, request: options.request ?? null };
  const { value } = await withRun({ stage: 'rag-query', config, paths, ...(options.command ? { command: options.command } : {}) }, async (run) => {
    return withChroma(chromaOptions(options, paths), async (connection) => {
      const { model, reranker, dispose } = await openModels(options, run, settings.mode === 'rerank');
      try {
        // The answering model is built like every other stage's: cache (and replay), usage and cost, limits, retry.
        const stack = options.chat ? createModelStack({ paths, ...options.chat, ...(options.environment ? { environment: options.environment } : {}) }) : undefined;
        const chatModel = stack?.model;
        if (stack) await run.addModel({ ...(await stack.describe()), role: 'answer' });
        const collection = await openCollection(options, connection, model, { mustExist: true });
        await recordVectorStore(run, connection, collection);
        const retrieved = await run.phase('retrieve', () => retrievePassages(collection, model, options.questions, { topK: settings.topK }));
        const records = await run.openRecords(chatModel ? 'answers' : 'contexts');
        const results: RagQueryResult['results'] = [];
        for (const [index, question] of options.questions.entries()) {
          const passages = retrieved[index] ?? [];
          const context = await run.phase('rerank', () => selectContext(question, passages, settings, reranker));
          let answer: RagAnswerRecord | undefined;
          if (chatModel) {
            answer = await run.phase('answer', () => answerWithContext({ chatModel, question, passages: context, settings, ...(options.request ? { request: options.request } : {}) }));
            records.append(answer);
            run.count({ inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens });
          } else {
            records.append({ question, settings, context: context.map(({ text: _text, ...rest }) => rest) });
          }
          results.push({ question, retrieved: passages, context, ...(answer ? { answer } : {}) });
        }
        await records.publish();
        if (stack) run.setUsage(stack.report());
        await run.addOutput(chatModel ? 'answers' : 'contexts', run.file(chatModel ? 'answers.jsonl' : 'contexts.jsonl'), results.length);
        run.count({ questions: results.length });
        return { runId: run.id, runDirectory: run.dir, collection: collection.name, results };
      } finally {
        await dispose();
      }
    });
  });
  return value;
}

// ----------------------------------------------------------------------------------------------------- eval

export interface RagEvalOptions extends RagCommonOptions {
  /**
   * Questions: a hand-written evidence-question file (like data/demo-corpus-sources/questions.jsonl) or Q&A items of
   * the synthesis stage (qa JSONL with source spans). Default: the demo question set.
   */
  questions?: string;
  /** Skip questions whose evidence is not in the corpus instead of failing (reported in the manifest). */
  skipUnresolved?: boolean;
  /** Retrieval depth of the main evaluation (default 20). */
  topK?: number;
  /** The ablation grid, or false to skip it (default {@link DEFAULT_ABLATION_GRID}). */
  ablation?: AblationGrid | false;
  /** Rerank in the main evaluation and the grid (default true). */
  rerank?: boolean;
  seed?: number | string;
  resamples?: number;
  bootstrapMethod?: BootstrapMethod;
  /** Also render the ablation figure to PNG and SVG in figures/ (needs Chromium). */
  renderFigure?: boolean;
}

export interface RagEvalResult {
  runId: string;
  runDirectory: string;
  collection: string;
  questions: number;
  skippedQuestions: Array<{ handle: string; line: number; reason: string }>;
  /** The indexed corpus chunks, ranked by vector similarity (and reranked), top-k. */
  main: { vector: RankingEvaluation; rerank?: RankingEvaluation };
  ablation: AblationRow[];
  /** Main evaluation and ablation rows as one table. */
  table: TableRow[];
  figure: FigureSpec | null;
}

async function loadQuestions(options: RagEvalOptions, corpus: RagCorpus, run: Run): Promise<{ questions: RetrievalQuestion[]; skipped: RagEvalResult['skippedQuestions'] }> {
  const file = options.questions ?? join(run.paths.demoCorpusSources, 'questions.jsonl');
  await run.addInput('questions', file);
  const firstLine = (await readFile(file, 'utf8')).split('\n').find((line) => line.trim() !== '') ?? '{}';
  let isEvidenceFile = true;
  try {
    isEvidenceFile = 'evidence' in (JSON.parse(firstLine) as Record<string, unknown>);
  } catch {
    isEvidenceFile = true; // let the evidence loader report the bad line
  }
  if (isEvidenceFile) {
    const loaded = await loadEvidenceQuestions(file, corpus.documents, { onUnresolved: options.skipUnresolved ? 'skip' : 'error' });
    return { questions: loaded.questions.map((question) => question.item), skipped: loaded.skipped };
  }
  const items = await readJsonl(file, qaItemSchema);
  const known = new Set(corpus.documents.map((document) => document.id));
  const skipped: RagEvalResult['skippedQuestions'] = [];
  const questions = items.filter((item, index) => {
    if (known.has(item.source.documentId)) return true;
    skipped.push({ handle: item.id, line: index + 1, reason: `document ${item.source.documentId} is not in the corpus` });
    return false;
  });
  if (skipped.length > 0 && !options.skipUnresolved) {
    throw new InvalidArgumentError('questions', `${skipped.length} question(s) of ${file} refer to documents not in the corpus (first: line ${skipped[0]!.line}); use the corpus they were written from, or skip them`);
  }
  return { questions, skipped };
}

function mainRows(main: RagEvalResult['main'], corpus: RagCorpus, topK: number): TableRow[] {
  const metrics = metricNames().filter((metric) => !/@(\d+)$/.test(metric) || Number(/@(\d+)$/.exec(metric)![1]) <= topK);
  const rows: AblationRow[] = [];
  for (const [mode, evaluation] of [['vector', main.vector], ['rerank', main.rerank]] as const) {
    if (!evaluation) continue;
    rows.push({
      chunkSize: Number.NaN,
      chunkOverlap: Number.NaN,
      chunks: corpus.chunks.length,
      topK,
      rerank: mode === 'rerank',
      questions: evaluation.questions,
      unanswerable: evaluation.unanswerable.length,
      metrics: Object.fromEntries(evaluation.summary.map((summary) => [summary.metric, summary])),
    });
  }
  return ablationTable(rows, metrics).map((row) => ({ setting: `indexed corpus (${corpus.splitters.join(', ')})`, ...row, chunk_size: null, chunk_overlap: null }));
}

/** Evaluates retrieval on the indexed corpus and runs the ablation grid (see module documentation). */
export async function runRagEval(options: RagEvalOptions = {}): Promise<RagEvalResult> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const topK = options.topK ?? 20;
  const rerank = options.rerank ?? true;
  const grid = options.ablation === false ? false : { ...(options.ablation ?? DEFAULT_ABLATION_GRID), ...(rerank ? {} : { rerank: [false] }) };
  const seed = options.seed ?? 42;
  const bootstrap = { seed, resamples: options.resamples ?? 2000, method: options.bootstrapMethod ?? 'percentile' } as const;
  const config = { ...commonConfig(options), questions: options.questions ?? 'demo', skipUnresolved: options.skipUnresolved ?? false, topK, rerank, ablation: grid, bootstrap, rerankerModel: rerank ? (options.rerankerModel ?? 'default') : null };
  const progress = options.progress ?? silentProgress;
  const { value } = await withRun({ stage: 'rag-eval', config, seed, paths, ...(options.command ? { command: options.command } : {}) }, async (run) => {
    return withChroma(chromaOptions(options, paths), async (connection) => {
      const corpus = await loadCorpusInto(options, run);
      const { questions, skipped } = await run.phase('load questions', () => loadQuestions(options, corpus, run));
      if (questions.length < 2) throw new InvalidArgumentError('questions', `need at least 2 questions with located evidence, got ${questions.length}`);
      run.count({ questions: questions.length, skippedQuestions: skipped.length });
      const { model, reranker, dispose } = await openModels(options, run, rerank);
      try {
        // The main evaluation: the corpus as `rag index` indexed it (indexing here is a no-op when it has).
        const collection = await openCollection(options, connection, model);
        await recordVectorStore(run, connection, collection);
        const indexReport = await run.phase('index', () => indexChunks({ collection, embeddingModel: model, chunks: corpus.chunks, documents: corpus.documents, progress }));
        run.count({ written: indexReport.written });
        const vectors = await model.embed(questions.map((question) => question.question), { progress, label: 'embedding questions' });
        const retrieved = await run.phase('retrieve', () => searchChunks(collection, vectors, { topK }));
        const vectorRankings = new Map(questions.map((question, index) => [question.id, (retrieved[index] ?? []).map((passage) => passage.chunkId)]));
        const settings = { recallAt: [1, 5, 10, 20].filter((k) => k <= topK), ndcgAt: [5, 10].filter((k) => k <= topK), bootstrap };
        const main: RagEvalResult['main'] = { vector: evaluateRankings({ questions, chunks: corpus.chunks, rankings: vectorRankings, ...settings }) };
        if (reranker) {
          const rerankedRankings = new Map<string, string[]>();
          await run.phase('rerank', async () => {
            for (const [index, question] of questions.entries()) {
              const reranked = await reranker.rerank(question.question, retrieved[index] ?? [], { topN: topK });
              rerankedRankings.set(question.id, reranked.map((passage) => passage.chunkId));
            }
          });
          main.rerank = evaluateRankings({ questions, chunks: corpus.chunks, rankings: rerankedRankings, ...settings });
        }
        const perQuestion = await run.openRecords('per-question');
        for (const [index, scores] of main.vector.perQuestion.entries()) {
          perQuestion.append({ ...scores, reranked: main.rerank?.perQuestion[index] ?? null, question: questions.find((question) => question.id === scores.questionId)?.question });
        }
        await perQuestion.publish();

        let ablation: AblationRow[] = [];
        if (grid) {
          const result = await run.phase('ablation', () =>
            runRetrievalAblation({
              documents: corpus.documents,
              questions,
              embeddingModel: model,
              ...(reranker ? { reranker } : {}),
              connection,
              collectionPrefix: ablationCollectionPrefix(model.identity.model, model.dimension),
              grid,
              ...(options.hnsw ? { hnsw: options.hnsw } : {}),
              bootstrap,
              progress,
            }),
          );
          ablation = result.rows;
          run.count({ ablationSettings: ablation.length, ablationChunksWritten: result.indexReports.reduce((sum, report) => sum + report.written, 0) });
        }
        const table = [...mainRows(main, corpus, topK), ...ablationTable(ablation).map((row) => ({ setting: 'ablation', ...row }))];
        const figure = ablation.length > 0 ? ablationFigure(ablation, { metric: 'recall@5', topK: Math.max(...ablation.map((row) => row.topK)) }) : null;
        await writeJsonAtomic(run.file('evaluation.json'), { questions: questions.length, skippedQuestions: skipped, unanswerable: main.vector.unanswerable, main: { vector: main.vector.summary, rerank: main.rerank?.summary ?? null }, ablation });
        await writeFileAtomic(run.file('retrieval-table.csv'), toCsv(table));
        await writeFileAtomic(run.file('retrieval-table.md'), toMarkdownTable(table));
        await run.addOutput('evaluation', run.file('evaluation.json'));
        await run.addOutput('retrieval-table', run.file('retrieval-table.csv'), table.length);
        if (figure) {
          await writeJsonAtomic(run.file('ablation-figure.json'), figure);
          await run.addOutput('ablation-figure', run.file('ablation-figure.json'));
          if (options.renderFigure) {
            const rendered = await renderFigure(figure, { name: `rag-ablation-${run.id}`, directory: paths.figures });
            for (const [format, path] of Object.entries(rendered)) if (path) await run.addOutput(`ablation-figure-${format}`, path);
          }
        }
        return { runId: run.id, runDirectory: run.dir, collection: collection.name, questions: questions.length, skippedQuestions: skipped, main, ablation, table, figure };
      } finally {
        await dispose();
      }
    });
  });
  return value;
}
