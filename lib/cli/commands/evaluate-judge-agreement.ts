/**
 * `ecg-llm evaluate judge-agreement`: grade the experts' rated answers with an LLM judge and measure agreement.
 * (Mounted under `evaluate` by the evaluation stage's command module.)
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileAccessError } from '../../core/errors.js';
import { RATING_CATEGORIES, type RatingCategory } from '../../data/import-human-ratings.js';
import { runJudgeAgreement } from '../../evaluation/judge/run-judge-agreement.js';
import { createGeneratorModel } from '../../synth/generator-model.js';
import { integerOption, numberOption, optionalString, requireString, UsageError, type Command } from '../command.js';

const PATH = 'ecg-llm evaluate judge-agreement';

function format(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : value.toFixed(digits);
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(100 * value).toFixed(1)}%`;
}

export const judgeAgreementCommand: Command = {
  name: 'judge-agreement',
  summary: "grade the experts' rated answers with an LLM judge and measure judge–expert agreement",
  description: `
Grades every answer of the authors' 40_questions.csv that the experts marked exactly once (exact duplicate
rows removed) with the judge, reference-free: feedback, then an integer score 1–5 against a rubric (Prometheus
style), temperature 0 and a fixed seed. Writes into --out DIR:
  judge-agreement.json          n, unparseable, the 2×2 table judged correct × experts correct, the 4×5 table
                                expert category × score, Cohen's κ (binary), Krippendorff's α (ordinal), and the
                                share of judged-correct and of judged-incorrect answers the experts rated correct
  judge-agreement-items.jsonl   one record per answer: expert category, score, raw verdict, parse result
  judge-agreement-table.*       the 2×2 table (CSV, Markdown)
  judge-agreement-categories.*  the 4×5 table (CSV, Markdown)
and figures/judge-agreement-heatmap.{json,png,svg} with an HTML report. The CSV comes from --data DIR, or
data/external/human-eval/ (fetched first when absent; ECG_LLM_DATA_MIRROR copies it from a local folder).
Replies are cached, so a killed run resumes without repeating a call.

Example:
  ecg-llm evaluate judge-agreement --provider ollama --model llama3.1:8b --out results/judge-agreement`,
  options: {
    provider: { type: 'string', valueName: 'NAME', description: 'judge provider: ollama | anthropic | openai (required)' },
    model: { type: 'string', valueName: 'ID', description: 'judge model id (required)' },
    out: { type: 'string', valueName: 'DIR', description: 'output folder (required)' },
    host: { type: 'string', valueName: 'URL', description: 'Ollama server (default OLLAMA_HOST or http://127.0.0.1:11434)' },
    'base-url': { type: 'string', valueName: 'URL', description: 'API base URL (Anthropic, OpenAI-compatible)' },
    data: { type: 'string', valueName: 'DIR', description: 'folder with 40_questions.csv' },
    'judged-correct-min-score': { type: 'string', valueName: 'S', description: 'lowest score that counts as judged correct', default: '4' },
    'human-correct': {
      type: 'string',
      valueName: 'CATEGORY',
      multiple: true,
      description: `expert categories that count as correct: ${RATING_CATEGORIES.join(' | ')} (default: correct_incomplete and correct)`,
    },
    rubric: { type: 'string', valueName: 'FILE', description: 'a text file with the score rubric (default: the built-in 1–5 correctness rubric)' },
    seed: { type: 'string', valueName: 'N', description: 'seed sent to providers that accept one', default: '0' },
    temperature: { type: 'string', valueName: 'T', description: 'judge temperature', default: '0' },
    'max-tokens': { type: 'string', valueName: 'N', description: 'longest verdict in tokens', default: '1024' },
    concurrency: { type: 'string', valueName: 'N', description: 'judge calls in flight at once', default: '1' },
    limit: { type: 'string', valueName: 'N', description: 'grade only the first N answers (a quick look)' },
    'no-figures': { type: 'boolean', description: 'write the figure spec only, do not render PNG/SVG' },
    'skip-checksums': { type: 'boolean', description: 'grade a CSV that differs from the published file' },
  },
  async run(arguments_, context) {
    const provider = requireString(arguments_, 'provider', PATH);
    const model = requireString(arguments_, 'model', PATH);
    const outDirectory = resolve(requireString(arguments_, 'out', PATH));
    const host = optionalString(arguments_, 'host');
    const baseUrl = optionalString(arguments_, 'base-url');
    const data = optionalString(arguments_, 'data');
    const humanCorrect = (arguments_.options['human-correct'] as string[] | undefined)?.map((category) => {
      if (!(RATING_CATEGORIES as readonly string[]).includes(category)) {
        throw new UsageError(PATH, `--human-correct must be one of ${RATING_CATEGORIES.join(', ')}, got "${category}"`, { option: 'human-correct' });
      }
      return category as RatingCategory;
    });
    const rubricFile = optionalString(arguments_, 'rubric');
    let rubric: string | undefined;
    if (rubricFile) {
      try {
        rubric = await readFile(resolve(rubricFile), 'utf8');
      } catch (error) {
        throw fileAccessError(resolve(rubricFile), error, 'rubric file');
      }
    }
    const concurrency = integerOption(arguments_, 'concurrency', PATH, { min: 1, max: 64, fallback: 1 })!;
    const limit = integerOption(arguments_, 'limit', PATH, { min: 1 });
    const seed = integerOption(arguments_, 'seed', PATH, { fallback: 0 })!;
    const judge = createGeneratorModel({
      provider,
      model,
      environment: context.environment,
      ...(host ? { host } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      seed,
      concurrency,
      paths: context.paths,
    });
    const result = await runJudgeAgreement({
      judge,
      outDirectory,
      ...(data ? { dataDirectory: resolve(data) } : {}),
      verifyChecksums: arguments_.options['skip-checksums'] !== true,
      judgedCorrectMinScore: integerOption(arguments_, 'judged-correct-min-score', PATH, { min: 1, max: 5, fallback: 4 })!,
      ...(humanCorrect ? { humanCorrect } : {}),
      ...(rubric !== undefined ? { rubric } : {}),
      seed,
      temperature: numberOption(arguments_, 'temperature', PATH, { min: 0, max: 2, fallback: 0 })!,
      maxTokens: integerOption(arguments_, 'max-tokens', PATH, { min: 1, fallback: 1024 })!,
      concurrency,
      ...(limit !== undefined ? { limit } : {}),
      renderFigures: arguments_.options['no-figures'] !== true,
      paths: context.paths,
      progress: context.progress,
      environment: context.environment,
      command: context.argv,
    });
    const { agreement } = result;
    const { judgedCorrect, judgedIncorrect } = agreement.table;
    context.stdout.write(
      `Graded ${agreement.n} answers (${agreement.unparseable} unparseable verdicts left out).\n` +
        `  judged correct:   experts correct ${judgedCorrect.humanCorrect}, not correct ${judgedCorrect.humanNotCorrect} ` +
        `→ ${percent(agreement.findings.judgedCorrectExpertsCorrect)} rated correct by the experts\n` +
        `  judged incorrect: experts correct ${judgedIncorrect.humanCorrect}, not correct ${judgedIncorrect.humanNotCorrect} ` +
        `→ ${percent(agreement.findings.judgedIncorrectExpertsCorrect)} rated correct by the experts\n` +
        `  Cohen's κ ${format(agreement.cohenKappa)}, Krippendorff's α (ordinal) ${format(agreement.krippendorffAlphaOrdinal)}\n` +
        `Wrote ${result.outputs.summary} and the tables to ${result.outDirectory}; report ${result.outputs.report}; run manifest ${result.runDirectory}/manifest.json\n`,
    );
    return 0;
  },
};
