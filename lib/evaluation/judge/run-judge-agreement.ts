/**
 * `ecg-llm evaluate judge-agreement`: grade every single-marked answer of the authors' `40_questions.csv`
 * reference-free with an LLM judge and measure how well the judge agrees with the experts — the check the paper's
 * own judge never had (authors-pipeline §5.5 and §7.8, see docs/authors-pipeline.md).
 */
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic, writeJsonlAtomic } from '../../core/atomic-file.js';
import { hashFile } from '../../core/content-hash.js';
import { ChecksumMismatchError, ConfigurationError, InvalidArgumentError } from '../../core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../../core/paths.js';
import { silentProgress, type ProgressFactory } from '../../core/progress.js';
import { withRun } from '../../core/run.js';
import { datasetDirectory, findDataset, readDatasetManifest } from '../../data/dataset-manifest.js';
import { ensureDataset } from '../../data/fetch-dataset.js';
import { describeHumanRatingSystem } from '../../data/human-rating-system.js';
import { importHumanRatings, RATING_CATEGORIES, RATING_CATEGORY_LABELS, type RatingCategory } from '../../data/import-human-ratings.js';
import type { ModelStack } from '../../llm/model-stack.js';
// The report modules themselves, not report/index.js (which also loads danfojs: start-up time of every command).
import type { FigureSpec } from '../../report/figure-spec.js';
import { writeHtmlReport } from '../../report/html-report.js';
import { renderFigure } from '../../report/render-figure.js';
import { toCsv, toMarkdownTable, type TableRow } from '../../report/table.js';
import { HUMAN_EVALUATION_DATASET } from '../human-evaluation/reproduce-human-evaluation.js';
import { gradeAbsolute } from './grade-absolute.js';
import { DEFAULT_ABSOLUTE_RUBRIC } from './judge-prompts.js';
import { DEFAULT_JUDGE_MAX_TOKENS, DEFAULT_JUDGE_SEED } from './judge-request.js';
import { JUDGE_SCORES, judgeAgreement, type JudgeAgreement } from './judge-agreement.js';
import { judgeAgreementFigure } from './judge-agreement-figure.js';

/** The authors' file of 40 clinical questions × 12 systems. */
export const JUDGE_AGREEMENT_FILE = '40_questions.csv';
export const JUDGE_AGREEMENT_FIGURE_NAME = 'judge-agreement-heatmap';

export interface RunJudgeAgreementOptions {
  /** The judge, built by the caller with `createModelStack` (cache, retry, limits, usage). */
  judge: ModelStack;
  outDirectory: string;
  /** A folder holding the CSV. Default: `data/external/human-eval/`, fetched first when absent. */
  dataDirectory?: string;
  /** The CSV to grade (default `40_questions.csv`). */
  file?: string;
  /** Check the CSV's SHA-256 against the dataset manifest (default true). */
  verifyChecksums?: boolean;
  /** Lowest judge score that counts as "judged correct" (default 4). */
  judgedCorrectMinScore?: number;
  /** Expert categories that count as correct (default: correct, correct but incomplete). */
  humanCorrect?: RatingCategory[];
  rubric?: string;
  temperature?: number;
  seed?: number;
  maxTokens?: number;
  /** Judge calls in flight at once (default 1; the stack's limits still apply). */
  concurrency?: number;
  /** Grade only the first N answers (for a quick look; default all). */
  limit?: number;
  renderFigures?: boolean;
  figuresDirectory?: string;
  paths?: WorkspacePaths;
  progress?: ProgressFactory;
  environment?: NodeJS.ProcessEnv;
  mirror?: string;
  command?: string[];
  signal?: AbortSignal;
}

/** One graded answer (a line of `judge-agreement-items.jsonl`). */
export interface JudgeAgreementRecord {
  file: string;
  line: number;
  questionIndex: number;
  question: string;
  system: string;
  humanCategory: RatingCategory;
  score: number | null;
  parsed: boolean;
  parseError?: string;
  feedback: string | null;
  raw: string;
}

export interface JudgeAgreementOutputs {
  summary: string;
  records: string;
  tableCsv: string;
  tableMarkdown: string;
  categoriesCsv: string;
  categoriesMarkdown: string;
  figureSpec: string;
  figurePng?: string;
  figureSvg?: string;
  report: string;
}

export interface RunJudgeAgreementResult {
  runId: string;
  runDirectory: string;
  outDirectory: string;
  agreement: JudgeAgreement;
  records: JudgeAgreementRecord[];
  outputs: JudgeAgreementOutputs;
  figure: FigureSpec;
}

/** The 2×2 table as rows (judged × experts). */
export function judgeAgreementTableRows(agreement: JudgeAgreement): TableRow[] {
  const { judgedCorrect, judgedIncorrect } = agreement.table;
  return [
    { judge: `judged correct (score ≥ ${agreement.thresholds.judgedCorrectMinScore})`, experts_correct: judgedCorrect.humanCorrect, experts_not_correct: judgedCorrect.humanNotCorrect, experts_correct_share: agreement.findings.judgedCorrectExpertsCorrect },
    { judge: 'judged incorrect', experts_correct: judgedIncorrect.humanCorrect, experts_not_correct: judgedIncorrect.humanNotCorrect, experts_correct_share: agreement.findings.judgedIncorrectExpertsCorrect },
  ];
}

/** The 4×5 table as rows (expert category × judge score). */
export function judgeAgreementCategoryRows(agreement: JudgeAgreement): TableRow[] {
  return RATING_CATEGORIES.map((category) => ({
    experts: RATING_CATEGORY_LABELS[category],
    ...Object.fromEntries(JUDGE_SCORES.map((score) => [`score_${score}`, agreement.categoryByScore[category][score]])),
  }));
}

async function mapWithConcurrency<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * Grades every answer of the CSV that the experts marked exactly once (exact duplicate rows removed, unmarked and
 * multi-marked rows left out), reference-free with {@link gradeAbsolute}, and writes into `outDirectory`:
 * - `judge-agreement.json`: {@link JudgeAgreement} plus the judge and the settings;
 * - `judge-agreement-items.jsonl`: one record per answer with the raw verdict and what the parser did;
 * - `judge-agreement-table.{csv,md}` (2×2) and `judge-agreement-categories.{csv,md}` (4×5);
 * and `figures/judge-agreement-heatmap.{json,png,svg}` with an HTML report, all under a run manifest. Repeated
 * runs reuse the response cache of the judge's stack, so a killed run resumes without repeating a call.
 *
 * @example
 * const judge = createModelStack({ provider: 'ollama', model: 'llama3.1:8b' });
 * const result = await runJudgeAgreement({ judge, outDirectory: 'results/judge' });
 * result.agreement.cohenKappa;
 */
export async function runJudgeAgreement(options: RunJudgeAgreementOptions): Promise<RunJudgeAgreementResult> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const progress = options.progress ?? silentProgress;
  const file = options.file ?? JUDGE_AGREEMENT_FILE;
  const verifyChecksums = options.verifyChecksums ?? true;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidArgumentError('concurrency', `must be a positive integer, got ${String(options.concurrency)}`);
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) throw new InvalidArgumentError('limit', `must be a positive integer, got ${String(options.limit)}`);
  const manifest = await readDatasetManifest(paths);
  const dataset = findDataset(manifest, HUMAN_EVALUATION_DATASET);
  const dataDirectory = options.dataDirectory ?? datasetDirectory(paths, HUMAN_EVALUATION_DATASET);
  const figuresDirectory = options.figuresDirectory ?? paths.figures;
  const renderFigures = options.renderFigures ?? true;
  const judgeSettings = {
    mode: 'absolute, reference-free',
    rubric: options.rubric ?? DEFAULT_ABSOLUTE_RUBRIC,
    temperature: options.temperature ?? 0,
    seed: options.seed ?? DEFAULT_JUDGE_SEED,
    maxTokens: options.maxTokens ?? DEFAULT_JUDGE_MAX_TOKENS,
  };
  const config = {
    dataset: HUMAN_EVALUATION_DATASET,
    file,
    dataDirectory,
    verifyChecksums,
    items: 'every answer with exactly one expert mark, exact duplicate rows removed',
    judge: { provider: options.judge.model.provider, model: options.judge.model.model, ...judgeSettings },
    judgedCorrectMinScore: options.judgedCorrectMinScore ?? 4,
    humanCorrect: options.humanCorrect ?? ['correct_incomplete', 'correct'],
    unparseable: 'counted, left out of the tables and coefficients',
    limit: options.limit ?? null,
    outDirectory: options.outDirectory,
    figuresDirectory,
    renderFigures,
  };

  const { value, run } = await withRun(
    { stage: 'evaluate-judge-agreement', config, seed: judgeSettings.seed, paths, ...(options.command ? { command: options.command } : {}) },
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
      const path = join(dataDirectory, file);
      const imported = await current.phase('import', async () => {
        if (verifyChecksums) {
          const expected = dataset.files.find((entry) => entry.name === file);
          if (!expected) throw new ConfigurationError('file', `${file} is not a file of the ${HUMAN_EVALUATION_DATASET} dataset, so its checksum cannot be verified; turn checksum verification off to grade other files`);
          const actual = await hashFile(path);
          if (actual.sha256 !== expected.sha256) throw new ChecksumMismatchError(path, expected.sha256, actual.sha256, 'sha256', 'To grade a changed copy on purpose, turn checksum verification off (--skip-checksums).');
        }
        await current.addInput(file, path);
        return importHumanRatings(path);
      });
      const single = imported.ratings.filter((rating) => rating.category !== null);
      const items = options.limit === undefined ? single : single.slice(0, options.limit);
      await current.addModel({ ...(await options.judge.describe()), role: 'judge' });
      const grading = progress('grading answers', items.length);
      const records = await current.phase('grade', () =>
        mapWithConcurrency(items, concurrency, async (rating): Promise<JudgeAgreementRecord> => {
          const grade = await gradeAbsolute(
            options.judge.model,
            { question: rating.question, answer: rating.answer },
            {
              rubric: judgeSettings.rubric,
              temperature: judgeSettings.temperature,
              seed: judgeSettings.seed,
              maxTokens: judgeSettings.maxTokens,
              ...(options.signal ? { signal: options.signal } : {}),
            },
          );
          grading.tick();
          return {
            file: imported.file,
            line: rating.line,
            questionIndex: rating.questionIndex,
            question: rating.question,
            system: rating.system,
            humanCategory: rating.category as RatingCategory,
            score: grade.score,
            parsed: grade.parsed,
            ...(grade.parseError !== undefined ? { parseError: grade.parseError } : {}),
            feedback: grade.feedback,
            raw: grade.raw,
          };
        }),
      );
      grading.done();
      current.setUsage(options.judge.report());
      const agreement = judgeAgreement(
        records.map((record) => ({ humanCategory: record.humanCategory, score: record.score })),
        { judgedCorrectMinScore: config.judgedCorrectMinScore, humanCorrect: config.humanCorrect },
      );
      current.count({ answers: agreement.n, unparseable: agreement.unparseable, evaluated: agreement.evaluated });
      const judgeLabel = `${options.judge.model.provider} ${options.judge.model.model}`;
      const figure = judgeAgreementFigure(agreement, options.judge.model.model);
      const out = options.outDirectory;
      const outputs: JudgeAgreementOutputs = {
        summary: join(out, 'judge-agreement.json'),
        records: join(out, 'judge-agreement-items.jsonl'),
        tableCsv: join(out, 'judge-agreement-table.csv'),
        tableMarkdown: join(out, 'judge-agreement-table.md'),
        categoriesCsv: join(out, 'judge-agreement-categories.csv'),
        categoriesMarkdown: join(out, 'judge-agreement-categories.md'),
        figureSpec: join(figuresDirectory, `${JUDGE_AGREEMENT_FIGURE_NAME}.json`),
        report: join(figuresDirectory, `${current.id}.html`),
      };
      await current.phase('write', async () => {
        await writeJsonAtomic(outputs.summary, { ...agreement, judge: await options.judge.describe(), settings: config });
        await writeJsonlAtomic(outputs.records, records);
        await writeFileAtomic(outputs.tableCsv, toCsv(judgeAgreementTableRows(agreement)));
        await writeFileAtomic(outputs.tableMarkdown, toMarkdownTable(judgeAgreementTableRows(agreement)));
        await writeFileAtomic(outputs.categoriesCsv, toCsv(judgeAgreementCategoryRows(agreement)));
        await writeFileAtomic(outputs.categoriesMarkdown, toMarkdownTable(judgeAgreementCategoryRows(agreement)));
        await writeJsonAtomic(outputs.figureSpec, figure);
      });
      if (renderFigures) {
        const rendered = await current.phase('figure', () =>
          renderFigure(figure, { name: JUDGE_AGREEMENT_FIGURE_NAME, directory: figuresDirectory, width: figure.layout.width as number, height: figure.layout.height as number }),
        );
        if (rendered.png) outputs.figurePng = rendered.png;
        if (rendered.svg) outputs.figureSvg = rendered.svg;
      }
      const systems = [...new Set(records.map((record) => describeHumanRatingSystem(record.system).label))];
      await current.phase('report', () =>
        writeHtmlReport(
          {
            title: 'How far to trust the LLM judge: agreement with the experts',
            subtitle:
              `${judgeLabel} graded ${agreement.n} expert-rated answers of ${systems.length} systems to the authors' clinical questions ` +
              '(arXiv 2510.18339) reference-free on a 1–5 rubric.',
            sections: [
              { title: 'Expert rating × judge score', figure, table: { rows: judgeAgreementCategoryRows(agreement) } },
              {
                title: 'Judged correct against experts correct',
                paragraphs: [
                  `Judged correct: score ≥ ${agreement.thresholds.judgedCorrectMinScore}. Experts correct: ${agreement.thresholds.humanCorrect.map((category) => RATING_CATEGORY_LABELS[category]).join(' or ')}. ` +
                    `${agreement.unparseable} unparseable verdicts are left out.`,
                ],
                table: { rows: judgeAgreementTableRows(agreement) },
              },
            ],
          },
          outputs.report,
        ),
      );
      for (const [name, output] of Object.entries(outputs)) await current.addOutput(name, output, name === 'records' ? records.length : undefined);
      return { agreement, records, outputs, figure };
    },
  );
  return { runId: run.id, runDirectory: run.dir, outDirectory: options.outDirectory, ...value };
}
