/**
 * `ecg-llm reproduce human-eval`: the whole human-evaluation reproduction in one call — import both CSVs
 * with the anomaly report, the counts table, Wilson intervals, the blocked rank tests and the paper-style
 * figure — recorded as a run (runs/<id>/manifest.json with input checksums and every output's hash).
 */
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../core/atomic-file.js';
import { hashFile } from '../../core/content-hash.js';
import { ChecksumMismatchError, ConfigurationError, InvalidArgumentError } from '../../core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../../core/paths.js';
import { silentProgress, type ProgressFactory } from '../../core/progress.js';
import { withRun } from '../../core/run.js';
import { describeHumanRatingSystem } from '../../data/human-rating-system.js';
import { datasetDirectory, findDataset, readDatasetManifest } from '../../data/dataset-manifest.js';
import { ensureDataset } from '../../data/fetch-dataset.js';
import { importHumanRatings, type HumanRatingAnomaly, type HumanRatingsFile } from '../../data/import-human-ratings.js';
// The report modules themselves, not report/index.js: the barrel also loads danfojs (notebooks' DataFrames), which
// would add a second to the start-up of every command.
import type { FigureSpec } from '../../report/figure-spec.js';
import { writeHtmlReport } from '../../report/html-report.js';
import { renderFigure } from '../../report/render-figure.js';
import { toCsv, toLatexTable, toMarkdownTable } from '../../report/table.js';
import { compareHumanRatings, PAIRWISE_WILCOXON_OPTIONS, type HumanRatingComparison } from './compare-human-ratings.js';
import { countHumanRatings, HUMAN_RATING_COUNT_COLUMNS, type HumanRatingCount } from './count-human-ratings.js';
import { humanEvaluationFigure } from './human-evaluation-figure.js';
import { anomalyRows, intervalDisplayRows, intervalRows, omnibusDisplayRows, pairwiseDisplayRows, testRows } from './human-evaluation-tables.js';
import { humanRatingIntervals, type HumanRatingInterval } from './human-rating-intervals.js';

/** The dataset of the authors' human ratings in `data/datasets.json`. */
export const HUMAN_EVALUATION_DATASET = 'human-eval';

/** The figure's file name (without extension). */
export const HUMAN_EVALUATION_FIGURE_NAME = 'human-eval-categories';

export interface ReproduceHumanEvaluationOptions {
  /** Where the tables, tests and figures are written. */
  outDirectory: string;
  /**
   * A folder holding the CSVs. Default: `data/external/human-eval/`, fetched first (download, or copy from
   * `ECG_LLM_DATA_MIRROR`) when absent.
   */
  dataDirectory?: string;
  /** The CSV file names to analyse (default: every file of the `human-eval` dataset). */
  files?: string[];
  /**
   * Reference systems for the pairwise tests. Each file uses the first of these it contains (verbatim string
   * or label, case-insensitive), else its default (40 questions: Claude 3.7 Sonnet; 10 questions:
   * LLama 3.1 70B + RAG). A name that is in no file is an error.
   */
  reference?: string | string[];
  /** Check each CSV's SHA-256 against the dataset manifest before use (default true). */
  verifyChecksums?: boolean;
  /** Render the figure to PNG and SVG with headless Chromium (default true); the spec is always written. */
  renderFigures?: boolean;
  /** Where figures and the run's HTML report go (default: the workspace's `figures/` folder). */
  figuresDirectory?: string;
  /** Confidence level of the Wilson intervals (default 0.95). */
  level?: number;
  paths?: WorkspacePaths;
  progress?: ProgressFactory;
  /** For fetching the data: the environment (`ECG_LLM_DATA_MIRROR`) and an explicit mirror folder. */
  environment?: NodeJS.ProcessEnv;
  mirror?: string;
  /** The command line, recorded in the run manifest. */
  command?: string[];
}

/** The files written. */
export interface HumanEvaluationOutputs {
  counts: string;
  anomalies: string;
  intervalsCsv: string;
  intervalsMarkdown: string;
  intervalsLatex: string;
  testsCsv: string;
  testsJson: string;
  testsMarkdown: string;
  figureSpec: string;
  figurePng?: string;
  figureSvg?: string;
  /** Standalone HTML report of the run (opens offline): `<figures>/<run-id>.html`. */
  report: string;
}

/** A one-line-per-file summary (also printed by the CLI). */
export interface HumanEvaluationFileSummary {
  file: string;
  rows: number;
  ratings: number;
  systems: number;
  questions: number;
  anomalies: Record<string, number>;
  normalisations: number;
  completeBlocks: number;
  reference: string;
  friedmanStatistic: number;
  friedmanPValue: number;
  kendallW: number;
}

export interface ReproduceHumanEvaluationResult {
  runId: string;
  runDirectory: string;
  outDirectory: string;
  dataDirectory: string;
  outputs: HumanEvaluationOutputs;
  imports: HumanRatingsFile[];
  counts: HumanRatingCount[];
  anomalies: HumanRatingAnomaly[];
  intervals: HumanRatingInterval[];
  comparisons: HumanRatingComparison[];
  figure: FigureSpec;
  summary: HumanEvaluationFileSummary[];
}

function referenceFor(imported: HumanRatingsFile, references: readonly string[]): string | undefined {
  const normalise = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();
  for (const wanted of references) {
    const match = imported.systems.find(
      (system) => normalise(system) === normalise(wanted) || normalise(describeHumanRatingSystem(system).label) === normalise(wanted),
    );
    if (match) return match;
  }
  return undefined;
}

function summarise(imported: HumanRatingsFile, comparison: HumanRatingComparison): HumanEvaluationFileSummary {
  const anomalies: Record<string, number> = {};
  for (const anomaly of imported.anomalies) anomalies[anomaly.kind] = (anomalies[anomaly.kind] ?? 0) + 1;
  return {
    file: imported.file,
    rows: imported.rows.length,
    ratings: imported.ratings.length,
    systems: imported.systems.length,
    questions: imported.questions.length,
    anomalies,
    normalisations: imported.normalisations.length,
    completeBlocks: comparison.blocks.used,
    reference: comparison.reference,
    friedmanStatistic: comparison.omnibus.statistic,
    friedmanPValue: comparison.omnibus.pValue,
    kendallW: comparison.omnibus.kendallW,
  };
}

/**
 * Reproduces the human evaluation of ECG-LLM (issue #3 §3): writes into `outDirectory`
 * - `human-eval-counts.csv`: `file,system,n,incorrect,partially_incorrect,correct_incomplete,correct,unmarked,multi_marked,duplicates_removed`;
 * - `human-eval-anomalies.csv`: every anomaly (file, line, system, question, kind, detail);
 * - `human-eval-intervals.{csv,md,tex}`: Wilson intervals for "correct" and "correct or correct but incomplete";
 * - `human-eval-tests.{csv,json,md}`: Friedman + Kendall's W, Wilcoxon vs the reference with Holm and
 *   rank-biserial r, Cochran's Q and McNemar on "correct";
 * - `figures/human-eval-categories.{json,png,svg}`: the stacked-share figure;
 * and a run manifest under `runs/`.
 *
 * @throws {ChecksumMismatchError} a CSV differs from the published file (unless `verifyChecksums: false`).
 * @throws {InputFileError} a CSV is malformed (file, line, column named).
 * @example
 * const result = await reproduceHumanEvaluation({ outDirectory: 'results/human-eval' });
 * result.outputs.counts;  // results/human-eval/human-eval-counts.csv
 * result.summary[1];      // { file: '40_questions.csv', rows: 509, ratings: 470, completeBlocks: 37, ... }
 */
export async function reproduceHumanEvaluation(options: ReproduceHumanEvaluationOptions): Promise<ReproduceHumanEvaluationResult> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const progress = options.progress ?? silentProgress;
  const references = options.reference === undefined ? [] : Array.isArray(options.reference) ? options.reference : [options.reference];
  const verifyChecksums = options.verifyChecksums ?? true;
  const level = options.level ?? 0.95;
  const manifest = await readDatasetManifest(paths);
  const dataset = findDataset(manifest, HUMAN_EVALUATION_DATASET);
  const fileNames = options.files ?? dataset.files.map((file) => file.name);
  if (fileNames.length === 0) throw new InvalidArgumentError('files', 'name at least one CSV file');
  // The default folder is fetched inside the run, so that a failed download or a corrupt copy is recorded in a
  // run manifest like any other failure.
  const dataDirectory = options.dataDirectory ?? datasetDirectory(paths, HUMAN_EVALUATION_DATASET);
  const figuresDirectory = options.figuresDirectory ?? paths.figures;
  const renderFigures = options.renderFigures ?? true;

  const config = {
    dataset: HUMAN_EVALUATION_DATASET,
    dataDirectory,
    files: fileNames,
    references,
    verifyChecksums,
    level,
    ordinalScores: { incorrect: 0, partially_incorrect: 1, correct_incomplete: 2, correct: 3 },
    omnibus: 'Friedman (tie-corrected) over complete question blocks',
    pairwise: { test: 'Wilcoxon signed-rank', ...PAIRWISE_WILCOXON_OPTIONS, adjustment: 'holm', effectSize: 'matched-pairs rank-biserial' },
    binary: { outcome: 'correct', omnibus: "Cochran's Q", pairwise: 'McNemar exact', adjustment: 'holm' },
    outDirectory: options.outDirectory,
    figuresDirectory,
    renderFigures,
  };

  const { value, run } = await withRun(
    { stage: 'reproduce-human-eval', config, paths, ...(options.command ? { command: options.command } : {}) },
    async (current) => {
      if (options.dataDirectory === undefined) {
        await current.phase('fetch', () =>
          ensureDataset(HUMAN_EVALUATION_DATASET, {
            paths,
            manifest,
            progress,
            ...(options.environment ? { environment: options.environment } : {}),
            ...(options.mirror ? { mirror: options.mirror } : {}),
          }),
        );
      }
      const imports: HumanRatingsFile[] = [];
      const importing = progress('importing human ratings', fileNames.length);
      await current.phase('import', async () => {
        for (const name of fileNames) {
          const path = join(dataDirectory, name);
          if (verifyChecksums) {
            const expected = dataset.files.find((file) => file.name === name);
            if (!expected) {
              throw new ConfigurationError(
                'files',
                `${name} is not a file of the ${HUMAN_EVALUATION_DATASET} dataset, so its checksum cannot be verified; turn checksum verification off to analyse other files`,
              );
            }
            const actual = await hashFile(path);
            if (actual.sha256 !== expected.sha256) {
              const hint = 'To analyse a changed copy on purpose, turn checksum verification off (--skip-checksums).';
              throw new ChecksumMismatchError(path, expected.sha256, actual.sha256, 'sha256', hint);
            }
          }
          await current.addInput(name, path);
          imports.push(await importHumanRatings(path));
          importing.tick();
        }
      });
      importing.done();

      for (const wanted of references) {
        if (!imports.some((imported) => referenceFor(imported, [wanted]) !== undefined)) {
          throw new InvalidArgumentError(
            'reference',
            `"${wanted}" is not a system of ${fileNames.join(' or ')}; systems: ${[...new Set(imports.flatMap((imported) => imported.systems))].join('; ')}`,
          );
        }
      }
      const comparisons = await current.phase('tests', async () =>
        imports.map((imported) => {
          const reference = referenceFor(imported, references);
          return compareHumanRatings(imported, reference ? { reference } : {});
        }),
      );
      const counts = imports.flatMap((imported) => countHumanRatings(imported));
      const anomalies = imports.flatMap((imported) => imported.anomalies);
      const intervals = humanRatingIntervals(counts, level);
      const figure = humanEvaluationFigure(counts);

      const out = options.outDirectory;
      const outputs: HumanEvaluationOutputs = {
        counts: join(out, 'human-eval-counts.csv'),
        anomalies: join(out, 'human-eval-anomalies.csv'),
        intervalsCsv: join(out, 'human-eval-intervals.csv'),
        intervalsMarkdown: join(out, 'human-eval-intervals.md'),
        intervalsLatex: join(out, 'human-eval-intervals.tex'),
        testsCsv: join(out, 'human-eval-tests.csv'),
        testsJson: join(out, 'human-eval-tests.json'),
        testsMarkdown: join(out, 'human-eval-tests.md'),
        figureSpec: join(figuresDirectory, `${HUMAN_EVALUATION_FIGURE_NAME}.json`),
        report: join(figuresDirectory, `${current.id}.html`),
      };
      await current.phase('write', async () => {
        await writeFileAtomic(outputs.counts, toCsv(counts, { columns: [...HUMAN_RATING_COUNT_COLUMNS] }));
        await writeFileAtomic(outputs.anomalies, toCsv(anomalyRows(anomalies), { columns: ['file', 'line', 'system', 'question', 'kind', 'detail'] }));
        await writeFileAtomic(outputs.intervalsCsv, toCsv(intervalRows(intervals)));
        const display = intervalDisplayRows(intervals);
        await writeFileAtomic(outputs.intervalsMarkdown, toMarkdownTable(display));
        await writeFileAtomic(
          outputs.intervalsLatex,
          toLatexTable(display, {
            caption: `Share of answers rated correct, and correct or correct but incomplete, with Wilson ${Math.round(level * 100)}% intervals`,
            label: 'tab:human-eval-intervals',
          }),
        );
        await writeFileAtomic(outputs.testsCsv, toCsv(testRows(comparisons)));
        await writeJsonAtomic(outputs.testsJson, { settings: config, comparisons });
        const markdown = [
          '## Omnibus tests',
          '',
          toMarkdownTable(omnibusDisplayRows(comparisons)),
          ...comparisons.flatMap((comparison) => [
            `## ${comparison.file}: each system vs ${comparison.reference} (Wilcoxon signed-rank, Holm-adjusted)`,
            '',
            toMarkdownTable(pairwiseDisplayRows(comparison)),
          ]),
        ].join('\n');
        await writeFileAtomic(outputs.testsMarkdown, markdown);
        await writeJsonAtomic(outputs.figureSpec, figure);
      });
      if (renderFigures) {
        const rendering = progress('rendering figure', 1);
        const rendered = await current.phase('figure', () =>
          renderFigure(figure, {
            name: HUMAN_EVALUATION_FIGURE_NAME,
            directory: figuresDirectory,
            width: figure.layout.width as number,
            height: figure.layout.height as number,
          }),
        );
        rendering.tick();
        rendering.done();
        if (rendered.png) outputs.figurePng = rendered.png;
        if (rendered.svg) outputs.figureSvg = rendered.svg;
      }
      await current.phase('report', () =>
        writeHtmlReport(
          {
            title: 'ECG-LLM human evaluation, reproduced from the authors\' ratings',
            subtitle:
              'Expert ratings of answers from Llama 3.1 (base, RAG, QLoRA-finetuned) and Claude 3.7 Sonnet, published with ' +
              'arXiv 2510.18339 (Ahrens, Haverkamp, Strodthoff). Ordered categories: incorrect < partially incorrect < ' +
              'correct but incomplete < correct.',
            sections: [
              { title: 'Ratings per system', figure, table: { rows: counts.map((count) => ({ ...count })), options: { columns: [...HUMAN_RATING_COUNT_COLUMNS] } } },
              {
                title: `Shares with Wilson ${Math.round(level * 100)}% intervals`,
                table: { rows: intervalDisplayRows(intervals) },
              },
              {
                title: 'Omnibus tests over complete question blocks',
                paragraphs: [
                  'Every system answered the same questions, so questions are blocks and systems treatments; the ratings are ordinal. ' +
                    "Friedman's test ranks the systems within each question (Kendall's W is its effect size).",
                ],
                table: { rows: omnibusDisplayRows(comparisons) },
              },
              ...comparisons.map((comparison) => ({
                title: `${comparison.file}: each system vs ${comparison.reference}`,
                paragraphs: ['Wilcoxon signed-rank test on the paired ratings, Holm-adjusted p-values, matched-pairs rank-biserial correlation.'],
                table: { rows: pairwiseDisplayRows(comparison) },
              })),
              {
                title: 'Anomalies in the published files (reported, not repaired)',
                table: { rows: anomalyRows(anomalies).map((row) => ({ ...row })) },
              },
            ],
            manifest: current.current,
          },
          outputs.report,
        ),
      );
      for (const [name, path] of Object.entries(outputs)) await current.addOutput(name, path);
      current.count({
        files: imports.length,
        rows: imports.reduce((sum, imported) => sum + imported.rows.length, 0),
        ratings: imports.reduce((sum, imported) => sum + imported.ratings.length, 0),
        anomalies: anomalies.length,
        normalisations: imports.reduce((sum, imported) => sum + imported.normalisations.length, 0),
      });
      const summary = imports.map((imported, index) => summarise(imported, comparisons[index] as HumanRatingComparison));
      return { outputs, imports, counts, anomalies, intervals, comparisons, figure, summary };
    },
  );
  return { runId: run.id, runDirectory: run.dir, outDirectory: options.outDirectory, dataDirectory, ...value };
}
