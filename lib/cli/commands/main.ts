/**
 * `ecg-llm main`: the workspace's main job on its embedded defaults — what README's quick start runs.
 * Today it reproduces the paper's human evaluation from the authors' published ratings; the later stages
 * (synthesis, finetuning, evaluation) join it as they land.
 */
import { join, resolve } from 'node:path';
import { reproduceHumanEvaluation } from '../../evaluation/human-evaluation/reproduce-human-evaluation.js';
import { optionalString, type Command } from '../command.js';
import { writeHumanEvaluationSummary } from './reproduce.js';

export const mainCommand: Command = {
  name: 'main',
  summary: "the main job on embedded defaults: reproduce the paper's human evaluation from the authors' ratings",
  description: `
Fetches the authors' human-rating CSVs (checksums verified; ECG_LLM_DATA_MIRROR=<dir> copies them from a local
folder instead of downloading), imports them reporting every anomaly, and writes counts, Wilson intervals,
Friedman/Wilcoxon tests (Holm-adjusted) to results/human-eval/, the paper-style figure to
figures/human-eval-categories.png and .svg, and an offline HTML report to figures/<run-id>.html.`,
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'results folder', default: 'results' },
  },
  async run(arguments_, context) {
    const out = resolve(context.paths.root, optionalString(arguments_, 'out') ?? 'results');
    context.stdout.write("ECG-LLM Workspace main job: the paper's human evaluation, reproduced\n");
    const result = await reproduceHumanEvaluation({
      outDirectory: join(out, 'human-eval'),
      paths: context.paths,
      progress: context.progress,
      environment: context.environment,
      command: context.argv,
    });
    writeHumanEvaluationSummary(result, context);
  },
};
