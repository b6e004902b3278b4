/**
 * `ecg-llm evaluate mc` as a library call: every system answers every item of every dataset; accuracy with
 * Wilson intervals per system × dataset; exact McNemar tests between systems, Holm-adjusted; tables, a figure
 * and an offline HTML report — all computed from the run's tidy records.
 *
 * Files written to `outputDirectory`:
 * - `mc-summary.json`: `[{system, dataset, n, correct, unparseable, accuracy, accuracyExcludingUnparseable, wilson95}]`;
 * - `mc-comparisons.json`: pairwise McNemar rows (empty with one system);
 * - `mc-accuracy.{csv,md,tex}`, `mc-comparisons.{csv,md}`;
 * - `mc-records.jsonl`, `mc-replies.jsonl`: copies of the run's per-item records and raw replies;
 * - `mc-report.html`: the offline report; `run-manifest.json`: the run's manifest.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../core/atomic-file.js';
import { resolveWorkspacePaths } from '../../core/paths.js';
import { writeHtmlReport } from '../../report/html-report.js';
import { toCsv, toLatexTable, toMarkdownTable } from '../../report/table.js';
import type { EvaluationRecord, EvaluationReply, McEvaluationItem, McSummaryRow, PairwiseComparisonRow } from '../../schemas/evaluation.js';
import { outputFiles, prepareDatasets, prepareRagContexts, prepareSystems, type EvaluationRunOptions } from '../evaluation-inputs.js';
import { mcnemarComparisons } from '../compare-systems.js';
import { multipleChoiceAccuracyFigure } from '../evaluation-figures.js';
import { comparisonTable, COMPARISON_TABLE_COLUMNS, multipleChoiceTable, MULTIPLE_CHOICE_TABLE_COLUMNS } from '../evaluation-tables.js';
import { runEvaluation } from '../run-evaluation.js';
import { multipleChoiceSummary } from './multiple-choice-summary.js';
import type { MultipleChoicePromptStyle } from './multiple-choice-prompt.js';
import { multipleChoiceScorer, type MultipleChoiceScoring } from './score-multiple-choice.js';

export const MULTIPLE_CHOICE_FILES = {
  summary: 'mc-summary.json',
  comparisons: 'mc-comparisons.json',
  csv: 'mc-accuracy.csv',
  markdown: 'mc-accuracy.md',
  latex: 'mc-accuracy.tex',
  comparisonsCsv: 'mc-comparisons.csv',
  comparisonsMarkdown: 'mc-comparisons.md',
  records: 'mc-records.jsonl',
  replies: 'mc-replies.jsonl',
  report: 'mc-report.html',
  manifest: 'run-manifest.json',
} as const;

export interface MultipleChoiceEvaluationOptions extends EvaluationRunOptions {
  scoring?: MultipleChoiceScoring;
  style?: MultipleChoicePromptStyle;
  seed?: number;
}

export interface MultipleChoiceEvaluationResult {
  runId: string;
  runDirectory: string;
  resumed: boolean;
  /** Items answered by this call (the rest were taken over from a killed run). */
  evaluatedNow: number;
  summary: McSummaryRow[];
  comparisons: PairwiseComparisonRow[];
  records: EvaluationRecord[];
  replies: EvaluationReply[];
  files: Record<keyof typeof MULTIPLE_CHOICE_FILES, string>;
}

/**
 * Runs a multiple-choice evaluation (see the module comment for the files).
 *
 * @example
 * const result = await runMultipleChoiceEvaluation({
 *   datasets: ['data/demo-mc/demo-mc.jsonl'],
 *   systems: [{ provider: 'ollama', model: 'llama3.1:8b' }],
 *   outputDirectory: 'results/evaluation/mc',
 * });
 * console.table(result.summary);
 */
export async function runMultipleChoiceEvaluation(options: MultipleChoiceEvaluationOptions): Promise<MultipleChoiceEvaluationResult> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const datasets = await prepareDatasets(options.datasets, 'mc', options.limit);
  const systems = prepareSystems(options.systems, { ...options, paths });
  const scoring = options.scoring ?? 'generative';
  const style = options.style ?? 'default';
  const context = await prepareRagContexts(systems, datasets, options, paths);
  const outputDirectory = resolve(options.outputDirectory);
  await mkdir(outputDirectory, { recursive: true });
  const files = outputFiles(outputDirectory, MULTIPLE_CHOICE_FILES);
  const { value, run, resumed } = await runEvaluation<McEvaluationItem, Omit<MultipleChoiceEvaluationResult, 'runId' | 'runDirectory' | 'resumed' | 'files'>>(
    {
      stage: 'evaluate-mc',
      config: { scoring, style, ...(options.limit ? { limit: options.limit } : {}) },
      systems,
      datasets: datasets.map((dataset) => ({ name: dataset.name, file: resolve(dataset.file), sha256: dataset.sha256, items: dataset.items })),
      scorer: multipleChoiceScorer({ scoring, style, ...context }),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      paths,
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.command ? { command: options.command } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.resume !== undefined ? { resume: options.resume } : {}),
    },
    async ({ run, records, replies, evaluatedNow }) => {
      const summary = multipleChoiceSummary(records);
      const comparisons = mcnemarComparisons(records);
      const table = multipleChoiceTable(summary);
      const pairs = comparisonTable(comparisons);
      await writeJsonAtomic(files.summary, summary);
      await writeJsonAtomic(files.comparisons, comparisons);
      await writeFileAtomic(files.csv, toCsv(table, { columns: MULTIPLE_CHOICE_TABLE_COLUMNS }));
      await writeFileAtomic(files.markdown, toMarkdownTable(table, { columns: MULTIPLE_CHOICE_TABLE_COLUMNS }));
      await writeFileAtomic(
        files.latex,
        toLatexTable(table, { columns: MULTIPLE_CHOICE_TABLE_COLUMNS, caption: 'Multiple-choice accuracy with Wilson 95\\% intervals', label: 'tab:mc-accuracy' }),
      );
      await writeFileAtomic(files.comparisonsCsv, toCsv(pairs, { columns: COMPARISON_TABLE_COLUMNS }));
      await writeFileAtomic(files.comparisonsMarkdown, toMarkdownTable(pairs, { columns: COMPARISON_TABLE_COLUMNS }));
      await copyFile(run.file('records.jsonl'), files.records);
      await copyFile(run.file('replies.jsonl'), files.replies);
      await writeHtmlReport(
        {
          title: 'Multiple-choice evaluation',
          subtitle: `${systems.length} system(s) × ${datasets.length} dataset(s); ${scoring} scoring, ${style} prompt. Run ${run.id}.`,
          sections: [
            {
              title: 'Accuracy with Wilson 95% intervals',
              paragraphs: [
                'An unparseable reply counts as wrong. The last column is the figure the paper\'s code reported: it leaves unparseable replies out of the denominator and so rewards models that fail to answer.',
              ],
              figure: multipleChoiceAccuracyFigure(summary),
              table: { rows: table, options: { columns: MULTIPLE_CHOICE_TABLE_COLUMNS } },
            },
            ...(pairs.length
              ? [
                  {
                    title: 'Systems compared on the same items (exact McNemar, Holm-adjusted)',
                    paragraphs: ['Only the items one system got right and the other wrong carry information; the exact binomial test asks whether they split evenly.'],
                    table: { rows: pairs, options: { columns: COMPARISON_TABLE_COLUMNS } },
                  },
                ]
              : []),
          ],
          manifest: run.current,
        },
        files.report,
      );
      for (const [name, path] of Object.entries(files)) if (name !== 'manifest') await run.addOutput(`mc-${name}`, path);
      return { summary, comparisons, records, replies, evaluatedNow };
    },
  );
  await writeFileAtomic(files.manifest, await readFile(run.file('manifest.json')));
  return { ...value, runId: run.id, runDirectory: run.dir, resumed, files };
}
