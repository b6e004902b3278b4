/**
 * Retrieval ablations — the seed study's first suggested experiment: how chunk size, chunk overlap, the
 * retrieval depth top-k and cross-encoder reranking change whether the evidence is retrieved. For each
 * chunking of the documents a Chroma collection is built (idempotently, so a second run writes nothing), the
 * questions are embedded once and searched in every collection, and each (top-k, rerank) setting is scored
 * with {@link evaluateRankings}. With reranking, the top-k retrieved chunks are re-ordered by the cross-encoder
 * (so recall@k for k = top-k is unchanged by reranking; recall at smaller cut-offs, MRR and nDCG measure it).
 */
import { hashCanonical } from '../core/canonical-json.js';
import { InvalidArgumentError } from '../core/errors.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import type { CorpusDocument } from '../schemas/corpus.js';
import type { FigureSpec } from '../report/figure-spec.js';
import type { TableRow } from '../report/table.js';
import type { BootstrapMethod } from '../stats/bootstrap-interval-from-replicates.js';
import type { ChromaConnection } from './chroma-connection.js';
import { openChunkCollection, type HnswSettings } from './chunk-collection.js';
import type { Reranker } from './cross-encoder-reranker.js';
import type { EmbeddingModel } from './embedding-model.js';
import { evaluateRankings, metricNames, type MetricName, type MetricSummary, type RetrievalQuestion } from './evaluate-rankings.js';
import { indexChunks, type IndexReport } from './index-chunks.js';
import { rechunkCorpus } from './rag-corpus.js';
import { searchChunks } from './retrieve-passages.js';

export interface AblationGrid {
  chunkSizes: number[];
  chunkOverlaps: number[];
  topKs: number[];
  rerank: boolean[];
}

/** Chunk sizes around the paper's 1024 characters, overlaps around its 100, and top-k up to its 20. */
export const DEFAULT_ABLATION_GRID: AblationGrid = { chunkSizes: [512, 1024, 2048], chunkOverlaps: [0, 100, 200], topKs: [5, 10, 20], rerank: [false, true] };

/** One setting's scores. */
export interface AblationRow {
  chunkSize: number;
  chunkOverlap: number;
  /** Chunks of this chunking. */
  chunks: number;
  topK: number;
  rerank: boolean;
  questions: number;
  unanswerable: number;
  metrics: Partial<Record<MetricName, MetricSummary>>;
}

export interface RetrievalAblationOptions {
  documents: readonly CorpusDocument[];
  questions: readonly RetrievalQuestion[];
  embeddingModel: EmbeddingModel;
  /** Needed when the grid's `rerank` includes true. */
  reranker?: Reranker;
  connection: ChromaConnection;
  /** Collections are named `<prefix>-c<size>-o<overlap>`. */
  collectionPrefix: string;
  grid?: AblationGrid;
  hnsw?: Partial<Omit<HnswSettings, 'space'>>;
  recallAt?: number[];
  ndcgAt?: number[];
  bootstrap?: { seed?: number | string; resamples?: number; level?: number; method?: BootstrapMethod };
  progress?: ProgressFactory;
}

export interface RetrievalAblationResult {
  rows: AblationRow[];
  indexReports: IndexReport[];
}

/** A collection-name prefix that identifies the embedding model (so different models never share one). */
export function ablationCollectionPrefix(embeddingModelId: string, dimension: number): string {
  return `ablation-${hashCanonical({ embeddingModelId, dimension }).slice(0, 10)}`;
}

/** Runs the ablation grid (see module documentation). */
export async function runRetrievalAblation(options: RetrievalAblationOptions): Promise<RetrievalAblationResult> {
  const grid = options.grid ?? DEFAULT_ABLATION_GRID;
  const progress = options.progress ?? silentProgress;
  const recallAt = options.recallAt ?? [1, 5, 10, 20];
  const ndcgAt = options.ndcgAt ?? [5, 10];
  if (grid.rerank.includes(true) && !options.reranker) throw new InvalidArgumentError('reranker', 'the grid includes reranking but no reranker was given');
  for (const list of [grid.chunkSizes, grid.topKs]) {
    if (list.length === 0 || list.some((value) => !Number.isInteger(value) || value < 1)) throw new InvalidArgumentError('grid', 'chunk sizes and top-k values must be positive integers');
  }
  const maxK = Math.max(...grid.topKs);
  const questionVectors = await options.embeddingModel.embed(
    options.questions.map((question) => question.question),
    { progress, label: 'embedding questions' },
  );
  const settings = grid.chunkSizes.flatMap((chunkSize) => grid.chunkOverlaps.filter((overlap) => overlap < chunkSize).map((chunkOverlap) => ({ chunkSize, chunkOverlap })));
  const rows: AblationRow[] = [];
  const indexReports: IndexReport[] = [];
  const task = progress('ablation chunkings', settings.length);
  for (const { chunkSize, chunkOverlap } of settings) {
    const chunks = rechunkCorpus(options.documents, chunkSize, chunkOverlap);
    const collection = await openChunkCollection(options.connection, {
      name: `${options.collectionPrefix}-c${chunkSize}-o${chunkOverlap}`,
      embedding: options.embeddingModel.identity,
      ...(options.hnsw ? { hnsw: options.hnsw } : {}),
    });
    indexReports.push(await indexChunks({ collection, embeddingModel: options.embeddingModel, chunks, documents: options.documents }));
    const retrieved = await searchChunks(collection, questionVectors, { topK: maxK });
    // Cross-encoder scores of the top-max(k) candidates, computed once; smaller k reuse the first k of them.
    const rerankScores: number[][] = [];
    if (grid.rerank.includes(true)) {
      for (const [index, passages] of retrieved.entries()) {
        rerankScores.push(await (options.reranker as Reranker).score(options.questions[index]!.question, passages.map((passage) => passage.text)));
      }
    }
    for (const topK of grid.topKs) {
      for (const rerank of grid.rerank) {
        const rankings = new Map<string, string[]>();
        options.questions.forEach((question, index) => {
          const candidates = (retrieved[index] ?? []).slice(0, topK).map((passage, position) => ({ id: passage.chunkId, position, score: rerankScores[index]?.[position] ?? 0 }));
          if (rerank) candidates.sort((left, right) => right.score - left.score || left.position - right.position);
          rankings.set(question.id, candidates.map((candidate) => candidate.id));
        });
        const evaluation = evaluateRankings({
          questions: options.questions,
          chunks,
          rankings,
          recallAt: recallAt.filter((k) => k <= topK),
          ndcgAt: ndcgAt.filter((k) => k <= topK),
          ...(options.bootstrap ? { bootstrap: options.bootstrap } : {}),
        });
        rows.push({
          chunkSize,
          chunkOverlap,
          chunks: chunks.length,
          topK,
          rerank,
          questions: evaluation.questions,
          unanswerable: evaluation.unanswerable.length,
          metrics: Object.fromEntries(evaluation.summary.map((summary) => [summary.metric, summary])),
        });
      }
    }
    task.tick();
  }
  task.done();
  return { rows, indexReports };
}

/**
 * The rows as a flat table: settings, then for each metric its mean and bootstrap interval bounds
 * (`recall@5`, `recall@5_lower`, `recall@5_upper`); cut-offs beyond a row's top-k are empty.
 */
export function ablationTable(rows: readonly AblationRow[], metrics: readonly MetricName[] = metricNames()): TableRow[] {
  return rows.map((row) => {
    const table: TableRow = {
      chunk_size: row.chunkSize,
      chunk_overlap: row.chunkOverlap,
      chunks: row.chunks,
      top_k: row.topK,
      rerank: row.rerank ? 'yes' : 'no',
      questions: row.questions,
    };
    for (const metric of metrics) {
      const summary = row.metrics[metric];
      table[metric] = summary?.mean ?? null;
      table[`${metric}_lower`] = summary?.lower ?? null;
      table[`${metric}_upper`] = summary?.upper ?? null;
    }
    return table;
  });
}

/**
 * A plotly figure of one metric across chunk sizes: one line per (overlap, reranking) at a fixed top-k,
 * with bootstrap interval error bars; dashed lines are reranked.
 */
export function ablationFigure(rows: readonly AblationRow[], options: { metric?: MetricName; topK?: number } = {}): FigureSpec {
  const metric = options.metric ?? 'recall@5';
  const topK = options.topK ?? Math.max(...rows.map((row) => row.topK));
  const selected = rows.filter((row) => row.topK === topK && row.metrics[metric]);
  const groups = new Map<string, AblationRow[]>();
  for (const row of selected) {
    const key = `overlap ${row.chunkOverlap}${row.rerank ? ', reranked' : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const data = [...groups.entries()].map(([name, group]) => {
    const sorted = [...group].sort((left, right) => left.chunkSize - right.chunkSize);
    const summaries = sorted.map((row) => row.metrics[metric] as MetricSummary);
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name,
      x: sorted.map((row) => row.chunkSize),
      y: summaries.map((summary) => summary.mean),
      error_y: {
        type: 'data',
        symmetric: false,
        array: summaries.map((summary) => summary.upper - summary.mean),
        arrayminus: summaries.map((summary) => summary.mean - summary.lower),
        thickness: 1,
      },
      line: { dash: group[0]?.rerank ? 'dash' : 'solid' },
    };
  });
  return {
    data,
    layout: {
      title: { text: `Retrieval ${metric} by chunk size (top-${topK} retrieved; 95% bootstrap intervals)` },
      xaxis: { title: { text: 'chunk size (characters)' }, type: 'log', tickvals: [...new Set(selected.map((row) => row.chunkSize))].sort((a, b) => a - b) },
      yaxis: { title: { text: metric }, range: [0, 1.05] },
      legend: { title: { text: 'chunk overlap' } },
    },
  };
}
