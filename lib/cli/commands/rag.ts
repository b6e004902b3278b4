/**
 * `ecg-llm rag index|query|eval`: the RAG stage from the command line (lib/rag/run-rag-stage.ts).
 */
import { resolve } from 'node:path';
import type { ChatModelSettings } from '../../llm/providers/provider-definition.js';
import { contextSettings } from '../../rag/build-contexts.js';
import { DEFAULT_RERANKER_MODEL } from '../../rag/cross-encoder-reranker.js';
import { DEFAULT_EMBEDDING_MODEL } from '../../rag/embedding-model.js';
import { metricNames } from '../../rag/evaluate-rankings.js';
import { passageSourceLabel } from '../../rag/rag-prompt.js';
import { DEFAULT_ABLATION_GRID, type AblationGrid } from '../../rag/retrieval-ablation.js';
import { runRagEval, runRagIndex, runRagQuery, type RagCommonOptions } from '../../rag/run-rag-stage.js';
import { ensureTinyTestModels } from '../../rag/tiny-test-models.js';
import type { ModelPrecision } from '../../rag/transformers-model.js';
import { toMarkdownTable } from '../../report/table.js';
import {
  choiceOption,
  integerOption,
  numberOption,
  optionalString,
  UsageError,
  type Command,
  type CommandContext,
  type OptionSpec,
  type ParsedArguments,
} from '../command.js';

const PRECISIONS = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16'] as const;

const COMMON_OPTIONS: Record<string, OptionSpec> = {
  corpus: { type: 'string', valueName: 'DIR', description: 'corpus stage output (documents.jsonl, chunks.jsonl); default: the demo corpus' },
  'embedding-model': { type: 'string', valueName: 'ID|DIR', description: `embedding model: Hugging Face id or local folder (default ${DEFAULT_EMBEDDING_MODEL})` },
  offline: { type: 'boolean', description: 'never download models (also ECG_LLM_OFFLINE=1)' },
  'tiny-models': { type: 'boolean', description: 'use the tiny test encoder and cross-encoder the repository generates (offline, seconds; scores mean nothing)' },
  'model-cache': { type: 'string', valueName: 'DIR', description: 'where downloaded models are kept (default <workspace>/.cache/models)' },
  precision: { type: 'string', valueName: 'P', description: `ONNX weights: ${PRECISIONS.join(' | ')} (default fp32)` },
  'chroma-url': { type: 'string', valueName: 'URL', description: 'use this Chroma server (default CHROMA_URL; without either a local server is started and stopped)' },
  'chroma-dir': { type: 'string', valueName: 'DIR', description: 'data folder of the local Chroma server (default data/chroma)' },
  collection: { type: 'string', valueName: 'NAME', description: 'collection name (default: derived from corpus and embedding model)' },
  'ef-search': { type: 'string', valueName: 'N', description: 'HNSW search depth ef_search (default 2048)' },
};

const RERANKER_OPTION: Record<string, OptionSpec> = {
  'reranker-model': { type: 'string', valueName: 'ID|DIR', description: `cross-encoder: Hugging Face id or local folder (default ${DEFAULT_RERANKER_MODEL})` },
};

async function commonOptions(arguments_: ParsedArguments, path: string, context: CommandContext): Promise<RagCommonOptions> {
  if (arguments_.options['tiny-models'] === true) {
    if (optionalString(arguments_, 'embedding-model') || optionalString(arguments_, 'reranker-model')) {
      throw new UsageError(path, '--tiny-models replaces --embedding-model and --reranker-model; give one or the other');
    }
    const tiny = await ensureTinyTestModels(context.paths);
    arguments_.options['embedding-model'] = tiny.encoder;
    arguments_.options['reranker-model'] = tiny.crossEncoder;
    arguments_.options.offline = true;
  }
  const corpus = optionalString(arguments_, 'corpus');
  const embeddingModel = optionalString(arguments_, 'embedding-model');
  const rerankerModel = optionalString(arguments_, 'reranker-model');
  const cache = optionalString(arguments_, 'model-cache');
  const chromaUrl = optionalString(arguments_, 'chroma-url');
  const chromaDirectory = optionalString(arguments_, 'chroma-dir');
  const collection = optionalString(arguments_, 'collection');
  const efSearch = integerOption(arguments_, 'ef-search', path, { min: 1 });
  const precision = arguments_.options.precision === undefined ? undefined : choiceOption(arguments_, 'precision', path, PRECISIONS, 'fp32');
  return {
    ...(corpus ? { corpus: resolve(corpus) } : {}),
    // A local model folder given relative to the current directory; a Hub id stays as it is.
    ...(embeddingModel ? { embeddingModel: embeddingModel.startsWith('.') || embeddingModel.startsWith('/') ? resolve(embeddingModel) : embeddingModel } : {}),
    ...(rerankerModel ? { rerankerModel: rerankerModel.startsWith('.') || rerankerModel.startsWith('/') ? resolve(rerankerModel) : rerankerModel } : {}),
    ...(arguments_.options.offline === true ? { allowRemoteModels: false } : {}),
    ...(cache ? { modelCacheDirectory: resolve(cache) } : {}),
    ...(precision ? { precision: precision as ModelPrecision } : {}),
    ...(chromaUrl ? { chromaUrl } : {}),
    ...(chromaDirectory ? { chromaDataDirectory: resolve(chromaDirectory) } : {}),
    ...(collection ? { collection } : {}),
    ...(efSearch ? { hnsw: { efSearch } } : {}),
    paths: context.paths,
    progress: context.progress,
    environment: context.environment,
    command: context.argv,
  };
}

function integerList(arguments_: ParsedArguments, name: string, path: string, fallback: number[], minimum: number): number[] {
  const raw = optionalString(arguments_, name);
  if (raw === undefined) return fallback;
  const values = raw.split(',').map((part) => part.trim());
  if (values.some((value) => !/^\d+$/.test(value) || Number(value) < minimum)) {
    throw new UsageError(path, `--${name} must be a comma-separated list of integers ≥ ${minimum}, got "${raw}"`, { option: name });
  }
  return values.map(Number);
}

const indexCommand: Command = {
  name: 'index',
  summary: 'embed the corpus chunks into a Chroma collection (only new or changed chunks are written)',
  description: `
Embeds every chunk of the corpus (default: the demo corpus, cut with the paper's 1024/100 character splitter)
with the embedding model and upserts it into a cosine-distance Chroma collection. Chunk ids are content hashes,
so running it again on an unchanged corpus writes nothing; chunks no longer in the corpus are deleted.

Examples:
  ecg-llm rag index
  ecg-llm rag index --tiny-models            (offline, with the generated test encoder)
  ecg-llm rag index --corpus corpus-out --chroma-url http://127.0.0.1:8000 --rebuild`,
  options: {
    ...COMMON_OPTIONS,
    rebuild: { type: 'boolean', description: 'delete the collection first and build it anew' },
    'batch-size': { type: 'string', valueName: 'N', description: 'records per upsert request (default 256)' },
  },
  async run(arguments_, context) {
    const path = 'ecg-llm rag index';
    const batchSize = integerOption(arguments_, 'batch-size', path, { min: 1 });
    const result = await runRagIndex({
      ...(await commonOptions(arguments_, path, context)),
      rebuild: arguments_.options.rebuild === true,
      ...(batchSize ? { batchSize } : {}),
    });
    const report = result.report;
    context.stdout.write(
      `collection ${result.collection} (Chroma ${result.serverVersion}): ${report.chunks} chunks, ${report.written} written, ` +
        `${report.unchanged} unchanged, ${report.deleted} deleted, ${report.total} in the collection\nrun: ${result.runDirectory}\n`,
    );
    return 0;
  },
};

const queryCommand: Command = {
  name: 'query',
  summary: 'retrieve (and rerank) passages for questions; answer them with --provider/--model',
  positionals: '<question...>',
  description: `
Retrieves the top-k chunks by embedding similarity and reranks them with the cross-encoder to top-n (the paper's
configuration: 20 → 5). --legacy-no-rerank reproduces what the authors' code actually did: the top-20 chunks,
unreranked. With --provider and --model the passages and the question go to that chat model, which answers
citing passages by number; the run records the cited chunk ids.

Examples:
  ecg-llm rag query "Which QT correction formula overcorrects at high heart rates?"
  ecg-llm rag query --legacy-no-rerank --provider ollama --model llama3.1:8b "What does a delta wave indicate?"`,
  options: {
    ...COMMON_OPTIONS,
    ...RERANKER_OPTION,
    'top-k': { type: 'string', valueName: 'K', description: 'chunks retrieved by vector search', default: '20' },
    'top-n': { type: 'string', valueName: 'N', description: 'chunks in the context (default 5; with --legacy-no-rerank: top-k)' },
    'legacy-no-rerank': { type: 'boolean', description: "the authors' effective setting: top-k chunks in vector order, no reranking" },
    provider: { type: 'string', valueName: 'NAME', description: 'answer with this LLM provider: ollama | anthropic | openai-compatible' },
    model: { type: 'string', valueName: 'ID', description: 'the chat model id (with --provider)' },
    host: { type: 'string', valueName: 'URL', description: 'Ollama server (default OLLAMA_HOST or http://127.0.0.1:11434)' },
    'base-url': { type: 'string', valueName: 'URL', description: 'API base URL (Anthropic, OpenAI-compatible)' },
    temperature: { type: 'string', valueName: 'T', description: 'sampling temperature of the answer (default 0)' },
    'max-tokens': { type: 'string', valueName: 'N', description: 'answer length limit (default 300)' },
    json: { type: 'boolean', description: 'print the results as JSON' },
  },
  async run(arguments_, context) {
    const path = 'ecg-llm rag query';
    if (arguments_.positionals.length === 0) throw new UsageError(path, `give at least one question. See \`${path} --help\`.`);
    const topK = integerOption(arguments_, 'top-k', path, { min: 1, fallback: 20 })!;
    const topN = integerOption(arguments_, 'top-n', path, { min: 1 });
    if (topN !== undefined && topN > topK) throw new UsageError(path, `--top-n (${topN}) must not exceed --top-k (${topK})`);
    const settings = contextSettings({ legacyNoRerank: arguments_.options['legacy-no-rerank'] === true, topK, ...(topN ? { topN } : {}) });
    const provider = optionalString(arguments_, 'provider');
    const model = optionalString(arguments_, 'model');
    if ((provider === undefined) !== (model === undefined)) throw new UsageError(path, '--provider and --model go together');
    const host = optionalString(arguments_, 'host');
    const baseUrl = optionalString(arguments_, 'base-url');
    const temperature = numberOption(arguments_, 'temperature', path, { min: 0, max: 2 });
    const maxTokens = integerOption(arguments_, 'max-tokens', path, { min: 1 });
    const chat: ChatModelSettings | undefined =
      provider && model ? { provider, model, ...(host ? { host } : {}), ...(baseUrl ? { baseUrl } : {}) } : undefined;
    const result = await runRagQuery({
      ...(await commonOptions(arguments_, path, context)),
      questions: arguments_.positionals,
      settings,
      ...(chat ? { chat } : {}),
      ...(temperature !== undefined || maxTokens !== undefined
        ? { request: { ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}) } }
        : {}),
    });
    if (arguments_.options.json === true) {
      context.stdout.write(`${JSON.stringify(result.results.map(({ question, context: passages, answer }) => ({ question, context: passages, answer })), null, 2)}\n`);
      return 0;
    }
    for (const { question, context: passages, answer } of result.results) {
      context.stdout.write(`\nQuestion: ${question}\n`);
      passages.forEach((passage, index) => {
        const scores = `similarity ${passage.similarity.toFixed(3)}${passage.rerankScore === undefined ? '' : `, rerank ${passage.rerankScore.toFixed(3)}`}, retrieval rank ${passage.retrievalRank}`;
        const snippet = passage.text.replace(/\s+/g, ' ').slice(0, 160);
        context.stdout.write(`[${index + 1}] ${passageSourceLabel(passage)} (${passage.chunkId}; ${scores})\n    ${snippet}${passage.text.length > 160 ? '…' : ''}\n`);
      });
      if (answer) context.stdout.write(`Answer (${answer.model.reported}): ${answer.answer}\nCited chunks: ${answer.citedChunkIds.join(', ') || 'none'}\n`);
    }
    context.stdout.write(`\nrun: ${result.runDirectory}\n`);
    return 0;
  },
};

const evalCommand: Command = {
  name: 'eval',
  summary: 'measure retrieval (recall@k, MRR, nDCG with bootstrap intervals) and run the ablation grid',
  description: `
Every question knows the span of text its answer comes from; a retrieved chunk is relevant when it comes from the
same document and its span overlaps that evidence. Without an LLM this measures recall@k, MRR and nDCG (means
over questions with seeded 95% bootstrap intervals) on the indexed corpus, with and without reranking, then over
an ablation grid of chunk size, overlap, top-k and reranking. Default questions: the 93 hand-written questions of
the demo corpus (data/demo-corpus-sources/questions.jsonl); --questions also takes Q&A items of the synthesis stage.
Writes evaluation.json, per-question.jsonl, retrieval-table.csv/.md and ablation-figure.json (a plotly spec) to the
run folder; --render-figure also writes PNG/SVG to figures/.

Examples:
  ecg-llm rag eval
  ecg-llm rag eval --no-ablation --questions runs/synthesis-…/qa-test.jsonl --corpus corpus-out
  ecg-llm rag eval --chunk-sizes 512,1024 --overlaps 0,100 --top-ks 5,20 --seed 7`,
  options: {
    ...COMMON_OPTIONS,
    ...RERANKER_OPTION,
    questions: { type: 'string', valueName: 'FILE', description: 'question file (default: the demo question set)' },
    'skip-unresolved': { type: 'boolean', description: 'skip questions whose evidence is not in the corpus (default: fail)' },
    'top-k': { type: 'string', valueName: 'K', description: 'retrieval depth of the main evaluation', default: '20' },
    'no-rerank': { type: 'boolean', description: 'leave out reranking (main evaluation and grid)' },
    'no-ablation': { type: 'boolean', description: 'only the main evaluation' },
    'chunk-sizes': { type: 'string', valueName: 'LIST', description: `ablation chunk sizes (default ${DEFAULT_ABLATION_GRID.chunkSizes.join(',')})` },
    overlaps: { type: 'string', valueName: 'LIST', description: `ablation chunk overlaps (default ${DEFAULT_ABLATION_GRID.chunkOverlaps.join(',')})` },
    'top-ks': { type: 'string', valueName: 'LIST', description: `ablation retrieval depths (default ${DEFAULT_ABLATION_GRID.topKs.join(',')})` },
    seed: { type: 'string', valueName: 'N', description: 'bootstrap seed', default: '42' },
    resamples: { type: 'string', valueName: 'N', description: 'bootstrap resamples', default: '2000' },
    'render-figure': { type: 'boolean', description: 'render the ablation figure to PNG and SVG in figures/ (needs Chromium)' },
  },
  async run(arguments_, context) {
    const path = 'ecg-llm rag eval';
    const rerank = arguments_.options['no-rerank'] !== true;
    const grid: AblationGrid | false =
      arguments_.options['no-ablation'] === true
        ? false
        : {
            chunkSizes: integerList(arguments_, 'chunk-sizes', path, DEFAULT_ABLATION_GRID.chunkSizes, 1),
            chunkOverlaps: integerList(arguments_, 'overlaps', path, DEFAULT_ABLATION_GRID.chunkOverlaps, 0),
            topKs: integerList(arguments_, 'top-ks', path, DEFAULT_ABLATION_GRID.topKs, 1),
            rerank: rerank ? [false, true] : [false],
          };
    const questions = optionalString(arguments_, 'questions');
    const result = await runRagEval({
      ...(await commonOptions(arguments_, path, context)),
      ...(questions ? { questions: resolve(questions) } : {}),
      skipUnresolved: arguments_.options['skip-unresolved'] === true,
      topK: integerOption(arguments_, 'top-k', path, { min: 1, fallback: 20 })!,
      rerank,
      ablation: grid,
      seed: integerOption(arguments_, 'seed', path, { fallback: 42 })!,
      resamples: integerOption(arguments_, 'resamples', path, { min: 2, fallback: 2000 })!,
      renderFigure: arguments_.options['render-figure'] === true,
    });
    const metrics = metricNames().filter((metric) => !/@(\d+)$/.test(metric) || Number(/@(\d+)$/.exec(metric)![1]) <= 20);
    const shown = result.table.slice(0, result.main.rerank ? 2 : 1).map((row) => {
      const cells: Record<string, string | number | null | undefined | boolean> = { rerank: row.rerank, top_k: row.top_k };
      for (const metric of metrics) {
        const mean = row[metric];
        if (typeof mean === 'number') cells[metric] = `${mean.toFixed(3)} [${(row[`${metric}_lower`] as number).toFixed(3)}, ${(row[`${metric}_upper`] as number).toFixed(3)}]`;
      }
      return cells;
    });
    context.stdout.write(`retrieval on collection ${result.collection}: ${result.questions} questions${result.skippedQuestions.length ? `, ${result.skippedQuestions.length} skipped` : ''}\n`);
    context.stdout.write(toMarkdownTable(shown));
    if (result.ablation.length > 0) context.stdout.write(`ablation: ${result.ablation.length} settings → retrieval-table.csv, ablation-figure.json\n`);
    context.stdout.write(`run: ${result.runDirectory}\n`);
    return 0;
  },
};

export const ragCommand: Command = {
  name: 'rag',
  summary: 'retrieval-augmented generation: index the corpus in Chroma, query with reranking, evaluate retrieval',
  subcommands: [indexCommand, queryCommand, evalCommand],
};
