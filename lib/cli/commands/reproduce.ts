/**
 * `ecg-llm reproduce <analysis>`: reproductions of the paper's results. So far: `human-eval`.
 */
import { resolve } from 'node:path';
import { reproduceHumanEvaluation, type ReproduceHumanEvaluationResult } from '../../evaluation/human-evaluation/reproduce-human-evaluation.js';
import { formatPValue } from '../../evaluation/human-evaluation/human-evaluation-tables.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { optionalString, requireString, UsageError, type Command, type CommandContext } from '../command.js';

const PATH = 'ecg-llm reproduce human-eval';

function pText(value: number): string {
  const formatted = formatPValue(value);
  return formatted.startsWith('<') ? formatted : `= ${formatted}`;
}

/** Prints what a human-evaluation reproduction found and wrote. */
export function writeHumanEvaluationSummary(result: ReproduceHumanEvaluationResult, context: Pick<CommandContext, 'stdout'>): void {
  for (const file of result.summary) {
    const anomalies = Object.entries(file.anomalies)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    context.stdout.write(
      `${file.file}: ${file.rows} rows, ${file.ratings} after removing duplicates, ${file.systems} systems, ` +
        `${file.questions} questions; anomalies: ${anomalies || 'none'}\n` +
        `  Friedman χ² = ${file.friedmanStatistic.toFixed(2)} over ${file.completeBlocks} complete questions, ` +
        `p ${pText(file.friedmanPValue)}, Kendall's W = ${file.kendallW.toFixed(3)}; reference: ${file.reference}\n`,
    );
  }
  context.stdout.write(
    `Wrote ${Object.keys(result.outputs).length} files to ${result.outDirectory}` +
      `${result.outputs.figurePng ? `, figure ${result.outputs.figurePng} (+ .svg)` : ''}, report ${result.outputs.report}; ` +
      `run manifest ${result.runDirectory}/manifest.json\n`,
  );
}

const humanEvaluationCommand: Command = {
  name: 'human-eval',
  summary: "reproduce the human evaluation: counts, Wilson intervals, Friedman/Wilcoxon tests and the figure",
  description: `
Imports the authors' two human-rating CSVs (reporting every anomaly), then writes into --out DIR:
  human-eval-counts.csv      file,system,n,incorrect,partially_incorrect,correct_incomplete,correct,
                             unmarked,multi_marked,duplicates_removed
  human-eval-anomalies.csv   every anomaly: file, line, system, question, kind
  human-eval-intervals.*     Wilson 95% intervals (CSV, Markdown, LaTeX)
  human-eval-tests.*         Friedman + Kendall's W, Wilcoxon vs the reference (Holm, rank-biserial r),
                             Cochran's Q and McNemar on "correct" (CSV, JSON, Markdown)
and into the workspace's figures/ folder: human-eval-categories.{json,png,svg} and <run-id>.html, a
standalone report that opens offline. The data comes from --data DIR, or data/external/human-eval/ (fetched first when absent; set
ECG_LLM_DATA_MIRROR to copy it from a local folder). Each CSV must match its published SHA-256.

Example:
  ecg-llm reproduce human-eval --out results/human-eval --reference "Claude 3.7 Sonnet"`,
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'output folder (required)' },
    data: { type: 'string', valueName: 'DIR', description: 'folder with 10_questions.csv and 40_questions.csv' },
    reference: {
      type: 'string',
      valueName: 'SYSTEM',
      multiple: true,
      description: 'reference system of the pairwise tests; each file uses the first one it contains',
    },
    'no-figures': { type: 'boolean', description: 'write the figure spec only, do not render PNG/SVG' },
    'skip-checksums': { type: 'boolean', description: 'analyse CSVs that differ from the published files' },
  },
  async run(arguments_, context) {
    const outDirectory = resolve(requireString(arguments_, 'out', PATH));
    const data = optionalString(arguments_, 'data');
    const references = (arguments_.options.reference as string[] | undefined) ?? [];
    // A --reference that names no system is a command-line mistake (exit 2): told apart by the error's class and
    // its `argument` field, never by its message.
    const result = await reproduceHumanEvaluation({
      outDirectory,
      ...(data ? { dataDirectory: resolve(data) } : {}),
      reference: references,
      renderFigures: arguments_.options['no-figures'] !== true,
      verifyChecksums: arguments_.options['skip-checksums'] !== true,
      paths: context.paths,
      progress: context.progress,
      environment: context.environment,
      command: context.argv,
    }).catch((error: unknown) => {
      if (error instanceof InvalidArgumentError && error.argument === 'reference') throw new UsageError(PATH, `--reference: ${String(error.details.reason)}`, { option: 'reference' });
      throw error;
    });
    writeHumanEvaluationSummary(result, context);
  },
};

export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: "reproduce the paper's results (human-eval)",
  subcommands: [humanEvaluationCommand],
};
