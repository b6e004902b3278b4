/**
 * `ecg-llm evaluate qa` as a library call: every system answers every question of every Q&A dataset; each
 * answer is scored against the reference (sacrebleu BLEU, the authors' NLTK BLEU, ROUGE 1/2/L/Lsum, optionally
 * an absolute-grading judge); means with percentile bootstrap intervals per system × dataset × metric; paired
 * permutation tests between systems, Holm-adjusted; corpus BLEU with its sacrebleu signature — all computed
 * from the run's tidy records and replies.
 *
 * Files written to `outputDirectory`:
 * - `qa-summary.json`: `[{system, dataset, metric, n, mean, bootstrap95}]`;
 * - `qa-corpus-bleu.json`: `[{system, dataset, score, signature}]`;
 * - `qa-comparisons.json`: pairwise permutation tests of the main metrics (empty with one system);
 * - `qa-metrics.{csv,md,tex}`, `qa-comparisons.{csv,md}`, `qa-records.jsonl`, `qa-replies.jsonl`,
 *   `qa-report.html`, `run-manifest.json`.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../core/atomic-file.js';
import { resolveWorkspacePaths } from '../../core/paths.js';
import { createRandom } from '../../core/random.js';
import { writeHtmlReport } from '../../report/html-report.js';
import { toCsv, toLatexTable, toMarkdownTable, type TableColumn, type TableRow } from '../../report/table.js';
import type {
  CorpusBleuRow,
  EvaluationRecord,
  EvaluationReply,
  EvaluationSystemInput,
  PairwiseComparisonRow,
  QaEvaluationItem,
  QaSummaryRow,
} from '../../schemas/evaluation.js';
import { permutationComparisons } from '../compare-systems.js';
import { outputFiles, prepareDatasets, prepareRagContexts, prepareSystems, type EvaluationRunOptions } from '../evaluation-inputs.js';
import { metricDistributionFigure } from '../evaluation-figures.js';
import { comparisonTable, COMPARISON_TABLE_COLUMNS } from '../evaluation-tables.js';
import type { EvaluationSystemHandle } from '../evaluation-system.js';
import { bertScore } from '../metrics/bert-score.js';
import { corpusBleu } from '../metrics/corpus-bleu.js';
import { legacyBertScoreLabels } from '../metrics/legacy-bert-score-labels.js';
import type { BertScoreOptions } from '../metrics/metric-schemas.js';
import { runEvaluation } from '../run-evaluation.js';
import type { QuestionAnsweringPromptStyle } from './question-answering-prompt.js';
import { questionAnsweringScorer } from './score-question-answering.js';
import { questionAnsweringSummary } from './question-answering-summary.js';

export const QUESTION_ANSWERING_FILES = {
  summary: 'qa-summary.json',
  corpusBleu: 'qa-corpus-bleu.json',
  comparisons: 'qa-comparisons.json',
  csv: 'qa-metrics.csv',
  markdown: 'qa-metrics.md',
  latex: 'qa-metrics.tex',
  comparisonsCsv: 'qa-comparisons.csv',
  comparisonsMarkdown: 'qa-comparisons.md',
  records: 'qa-records.jsonl',
  replies: 'qa-replies.jsonl',
  report: 'qa-report.html',
  manifest: 'run-manifest.json',
} as const;

/** The metrics shown in the main table and compared between systems. */
export const QUESTION_ANSWERING_MAIN_METRICS = ['bleu', 'bleu_legacy', 'rouge1', 'rouge2', 'rougeL', 'rougeLsum', 'bertscore_f1', 'judge_score'] as const;

export interface QuestionAnsweringEvaluationOptions extends EvaluationRunOptions {
  style?: QuestionAnsweringPromptStyle;
  /** Prefix every hypothesis with the authors' literal `assistant` artefact before scoring (§5.3). */
  legacyAssistantPrefix?: boolean;
  /**
   * BERTScore settings (adds `bertscore_precision`, `bertscore_recall`, `bertscore_f1`, correctly labelled, and
   * the authors' mislabelled triple as `bertscore_legacy_f1/_precision/_recall`, §5.4). The paper's setting is
   * `PAPER_BERT_SCORE_SETTINGS` with an ONNX roberta-large (docs/bertscore.md).
   */
  bertScore?: BertScoreOptions;
  /** An absolute-grading judge with the reference answer (adds `judge_score`). */
  judge?: EvaluationSystemInput | EvaluationSystemHandle;
  /** Seed of the bootstrap and permutation resampling (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 2000) and permutation relabelings (default 9999). */
  bootstrapResamples?: number;
  permutationResamples?: number;
}

export interface QuestionAnsweringEvaluationResult {
  runId: string;
  runDirectory: string;
  resumed: boolean;
  evaluatedNow: number;
  summary: QaSummaryRow[];
  corpusBleu: CorpusBleuRow[];
  comparisons: PairwiseComparisonRow[];
  records: EvaluationRecord[];
  replies: EvaluationReply[];
  /** One row per system × dataset: each main metric's mean and interval (the paper-style table). */
  table: TableRow[];
  files: Record<keyof typeof QUESTION_ANSWERING_FILES, string>;
}

/** The paper-style table: one row per system × dataset, `<metric>`, `<metric>_low`, `<metric>_high` columns. */
export function questionAnsweringTable(summary: readonly QaSummaryRow[], corpus: readonly CorpusBleuRow[] = []): { rows: TableRow[]; columns: TableColumn[] } {
  const metrics = QUESTION_ANSWERING_MAIN_METRICS.filter((metric) => summary.some((row) => row.metric === metric));
  const rows = new Map<string, TableRow>();
  for (const row of summary) {
    if (!(metrics as readonly string[]).includes(row.metric)) continue;
    const key = JSON.stringify([row.system, row.dataset]);
    const entry = rows.get(key) ?? { system: row.system, dataset: row.dataset, n: row.n };
    entry[row.metric] = row.mean;
    entry[`${row.metric}_low`] = row.bootstrap95?.[0] ?? null;
    entry[`${row.metric}_high`] = row.bootstrap95?.[1] ?? null;
    rows.set(key, entry);
  }
  for (const row of corpus) {
    const entry = rows.get(JSON.stringify([row.system, row.dataset]));
    if (entry) entry.corpus_bleu = row.score;
  }
  const digits = (metric: string): number => (metric.startsWith('bleu') && metric !== 'bleu_legacy' ? 2 : 3);
  const columns: TableColumn[] = [
    { key: 'system' },
    { key: 'dataset' },
    { key: 'n' },
    ...metrics.flatMap((metric) => [
      { key: metric, digits: digits(metric) },
      { key: `${metric}_low`, label: `${metric} 95% low`, digits: digits(metric) },
      { key: `${metric}_high`, label: `${metric} 95% high`, digits: digits(metric) },
    ]),
    ...(corpus.length ? [{ key: 'corpus_bleu', label: 'corpus BLEU', digits: 2 }] : []),
  ];
  return { rows: [...rows.values()], columns };
}

/**
 * Runs a Q&A evaluation (see the module comment for the files).
 *
 * @example
 * const result = await runQuestionAnsweringEvaluation({
 *   datasets: ['data/demo-corpus-sources/questions.jsonl'],
 *   systems: [{ provider: 'ollama', model: 'llama3.1:8b' }],
 *   outputDirectory: 'results/evaluation/qa',
 * });
 */
export async function runQuestionAnsweringEvaluation(options: QuestionAnsweringEvaluationOptions): Promise<QuestionAnsweringEvaluationResult> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const datasets = await prepareDatasets(options.datasets, 'qa', options.limit);
  const modelOptions = { ...options, paths };
  const systems = prepareSystems(options.systems, modelOptions);
  const judge = options.judge ? prepareSystems([options.judge], modelOptions)[0] : undefined;
  const style = options.style ?? 'default';
  const seed = options.seed ?? 42;
  const context = await prepareRagContexts(systems, datasets, options, paths);
  const outputDirectory = resolve(options.outputDirectory);
  await mkdir(outputDirectory, { recursive: true });
  const files = outputFiles(outputDirectory, QUESTION_ANSWERING_FILES);
  const references = new Map(datasets.map((dataset) => [dataset.name, new Map(dataset.items.map((item) => [item.id, item.answer]))]));
  const { value, run, resumed } = await runEvaluation<QaEvaluationItem, Omit<QuestionAnsweringEvaluationResult, 'runId' | 'runDirectory' | 'resumed' | 'files'>>(
    {
      stage: 'evaluate-qa',
      config: {
        style,
        legacyAssistantPrefix: options.legacyAssistantPrefix ?? false,
        judge: judge ? { id: judge.id, provider: judge.system.provider, model: judge.system.model } : null,
        bertScore: options.bertScore ?? null,
        ...(options.limit ? { limit: options.limit } : {}),
      },
      systems,
      datasets: datasets.map((dataset) => ({ name: dataset.name, file: resolve(dataset.file), sha256: dataset.sha256, items: dataset.items })),
      scorer: questionAnsweringScorer({ style, ...context, ...(options.legacyAssistantPrefix ? { legacyAssistantPrefix: true } : {}), ...(judge ? { judge } : {}) }),
      seed,
      paths,
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.command ? { command: options.command } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.resume !== undefined ? { resume: options.resume } : {}),
      ...(options.bertScore
        ? {
            afterItems: async ({ records: soFar, replies: answered }) => {
              // One batch over every reply that has no BERTScore yet (the model is loaded once).
              const done = new Set(soFar.filter((record) => record.metric === 'bertscore_f1').map((record) => JSON.stringify([record.system, record.dataset, record.item])));
              const missing = answered.filter((reply) => !done.has(JSON.stringify([reply.system, reply.dataset, reply.item])));
              if (missing.length === 0) return [];
              const result = await bertScore(
                missing.map((reply) => reply.parse?.value ?? reply.reply),
                missing.map((reply) => references.get(reply.dataset)!.get(reply.item)!),
                options.bertScore!,
              );
              const legacy = legacyBertScoreLabels(result);
              return missing.flatMap((reply, index) => {
                const base = { system: reply.system, dataset: reply.dataset, item: reply.item };
                return [
                  { ...base, metric: 'bertscore_precision', value: result.precision[index]! },
                  { ...base, metric: 'bertscore_recall', value: result.recall[index]! },
                  { ...base, metric: 'bertscore_f1', value: result.f1[index]! },
                  { ...base, metric: 'bertscore_legacy_f1', value: legacy.f1[index]! },
                  { ...base, metric: 'bertscore_legacy_precision', value: legacy.precision[index]! },
                  { ...base, metric: 'bertscore_legacy_recall', value: legacy.recall[index]! },
                ];
              });
            },
          }
        : {}),
    },
    async ({ run, records, replies, evaluatedNow }) => {
      const summary = questionAnsweringSummary(records, { random: createRandom(seed, 'qa-bootstrap'), resamples: options.bootstrapResamples ?? 2000 });
      const mainMetrics = QUESTION_ANSWERING_MAIN_METRICS.filter((metric) => records.some((record) => record.metric === metric));
      const comparisons = permutationComparisons(records, mainMetrics, { random: createRandom(seed, 'qa-permutation'), resamples: options.permutationResamples ?? 9999 });
      // Corpus BLEU from the hypotheses kept in the replies and the datasets' references.
      const corpus: CorpusBleuRow[] = [];
      for (const system of systems) {
        for (const dataset of datasets) {
          const answered = replies.filter((reply) => reply.system === system.id && reply.dataset === dataset.name);
          if (answered.length === 0) continue;
          const hypotheses = answered.map((reply) => reply.parse?.value ?? reply.reply);
          const stream = answered.map((reply) => references.get(dataset.name)!.get(reply.item)!);
          const bleu = corpusBleu(hypotheses, [stream]);
          corpus.push({ system: system.id, dataset: dataset.name, score: bleu.score, signature: bleu.signature });
        }
      }
      const table = questionAnsweringTable(summary, corpus);
      const pairs = comparisonTable(comparisons);
      await writeJsonAtomic(files.summary, summary);
      await writeJsonAtomic(files.corpusBleu, corpus);
      await writeJsonAtomic(files.comparisons, comparisons);
      await writeFileAtomic(files.csv, toCsv(table.rows, { columns: table.columns }));
      await writeFileAtomic(files.markdown, toMarkdownTable(table.rows, { columns: table.columns }));
      await writeFileAtomic(files.latex, toLatexTable(table.rows, { columns: table.columns, caption: 'Q\\&A metrics with bootstrap 95\\% intervals', label: 'tab:qa-metrics' }));
      await writeFileAtomic(files.comparisonsCsv, toCsv(pairs, { columns: COMPARISON_TABLE_COLUMNS }));
      await writeFileAtomic(files.comparisonsMarkdown, toMarkdownTable(pairs, { columns: COMPARISON_TABLE_COLUMNS }));
      await copyFile(run.file('records.jsonl'), files.records);
      await copyFile(run.file('replies.jsonl'), files.replies);
      await writeHtmlReport(
        {
          title: 'Q&A evaluation',
          subtitle: `${systems.length} system(s) × ${datasets.length} dataset(s); ${style} prompt${options.legacyAssistantPrefix ? ', legacy "assistant" prefix' : ''}. Run ${run.id}.`,
          sections: [
            {
              title: 'Metrics with percentile bootstrap 95% intervals',
              paragraphs: [
                'BLEU is sacrebleu\'s sentence BLEU (13a tokenizer, exp smoothing, 0–100); bleu_legacy is the authors\' NLTK sentence BLEU (whitespace tokens, no smoothing, 0–1). ROUGE is rouge-score with the Porter stemmer. Each value is the mean over items.',
              ],
              figure: metricDistributionFigure(records, 'rougeL'),
              table: { rows: table.rows, options: { columns: table.columns } },
            },
            ...(pairs.length
              ? [{ title: 'Systems compared on the same items (paired permutation test, Holm-adjusted)', table: { rows: pairs, options: { columns: COMPARISON_TABLE_COLUMNS } } }]
              : []),
            { title: 'Corpus BLEU', paragraphs: corpus.map((row) => `${row.system} on ${row.dataset}: ${row.score.toFixed(2)} (${row.signature})`) },
          ],
          manifest: run.current,
        },
        files.report,
      );
      for (const [name, path] of Object.entries(files)) if (name !== 'manifest') await run.addOutput(`qa-${name}`, path);
      return { summary, corpusBleu: corpus, comparisons, records, replies, evaluatedNow, table: table.rows };
    },
  );
  await writeFileAtomic(files.manifest, await readFile(run.file('manifest.json')));
  return { ...value, runId: run.id, runDirectory: run.dir, resumed, files };
}
