/**
 * `ecg-llm evaluate`: stage 5 — checking evaluation datasets, multiple-choice accuracy and Q&A answers
 * scored with text metrics, for any model the workspace can talk to.
 */
import { resolve } from 'node:path';
import { readEvaluationDataset } from '../../evaluation/datasets/read-evaluation-dataset.js';
import { MULTIPLE_CHOICE_PROMPT_STYLES, type MultipleChoicePromptStyle } from '../../evaluation/multiple-choice/multiple-choice-prompt.js';
import { MULTIPLE_CHOICE_FILES, runMultipleChoiceEvaluation } from '../../evaluation/multiple-choice/run-multiple-choice-evaluation.js';
import { QUESTION_ANSWERING_PROMPT_STYLES, type QuestionAnsweringPromptStyle } from '../../evaluation/question-answering/question-answering-prompt.js';
import { QUESTION_ANSWERING_FILES, runQuestionAnsweringEvaluation } from '../../evaluation/question-answering/run-question-answering-evaluation.js';
import { GENERATOR_PROVIDERS } from '../../synth/generator-model.js';
import type { EvaluationSystemInput } from '../../schemas/evaluation.js';
import { judgeAgreementCommand } from './evaluate-judge-agreement.js';
import { choiceOption, integerOption, numberOption, type Command, type CommandContext, type OptionSpec, type ParsedArguments, UsageError } from '../command.js';

/** Options shared by the commands that ask models. */
export const MODEL_OPTIONS: Record<string, OptionSpec> = {
  provider: { type: 'string', valueName: 'NAME', description: `model provider: ${Object.keys(GENERATOR_PROVIDERS).join(', ')}`, default: 'ollama' },
  model: { type: 'string', valueName: 'NAME', description: 'model id, e.g. llama3.1:8b (required; repeat to compare systems)', multiple: true },
  temperature: { type: 'string', valueName: 'T', description: 'sampling temperature (default: 0, or the authors\' value with a legacy prompt)' },
  'top-p': { type: 'string', valueName: 'P', description: 'nucleus sampling (default: the provider\'s, or the authors\' 0.9 with a legacy prompt)' },
  'max-tokens': { type: 'string', valueName: 'N', description: 'reply token limit (default: per task)' },
  seed: { type: 'string', valueName: 'N', description: 'seed sent with every request (where the provider supports one)', default: '42' },
  concurrency: { type: 'string', valueName: 'N', description: 'requests at the same time', default: '1' },
  'max-attempts': { type: 'string', valueName: 'N', description: 'attempts per request (retries on 429/5xx/timeouts)', default: '5' },
  timeout: { type: 'string', valueName: 'SECONDS', description: 'timeout of one attempt', default: '600' },
  limit: { type: 'string', valueName: 'N', description: 'use only the first N items of each dataset' },
  fresh: { type: 'boolean', description: 'start a new run even if an unfinished run with the same settings exists' },
};

function stringList(arguments_: ParsedArguments, name: string): string[] {
  const raw = arguments_.options[name];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [String(raw)]).filter((value) => value !== '');
}

/** The systems named on the command line: one per `--model`, all with the same provider and settings. */
export function systemsFromArguments(arguments_: ParsedArguments, path: string): { systems: EvaluationSystemInput[]; seed: number; concurrency: number; retry: { maxAttempts: number; attemptTimeoutMs: number }; limit?: number } {
  const models = stringList(arguments_, 'model');
  if (models.length === 0) throw new UsageError(path, `missing required option --model. See \`${path} --help\`.`);
  const provider = choiceOption(arguments_, 'provider', path, Object.keys(GENERATOR_PROVIDERS) as Array<keyof typeof GENERATOR_PROVIDERS>, 'ollama');
  const seed = integerOption(arguments_, 'seed', path, { min: 0, fallback: 42 }) as number;
  const temperature = numberOption(arguments_, 'temperature', path, { min: 0, max: 2 });
  const topP = numberOption(arguments_, 'top-p', path, { min: 0.001, max: 1 });
  const maxTokens = integerOption(arguments_, 'max-tokens', path, { min: 1 });
  const generation = {
    seed,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
  };
  const limit = integerOption(arguments_, 'limit', path, { min: 1 });
  return {
    systems: models.map((model) => ({ provider, model, generation })),
    seed,
    concurrency: integerOption(arguments_, 'concurrency', path, { min: 1, max: 64, fallback: 1 }) as number,
    retry: {
      maxAttempts: integerOption(arguments_, 'max-attempts', path, { min: 1, max: 20, fallback: 5 }) as number,
      attemptTimeoutMs: Math.round((numberOption(arguments_, 'timeout', path, { min: 0.001, fallback: 600 }) as number) * 1000),
    },
    ...(limit !== undefined ? { limit } : {}),
  };
}

/** The required `--dataset` files and `--out` folder of a run, resolved against the working directory. */
function datasetsAndOutput(arguments_: ParsedArguments, path: string): { datasets: string[]; out: string } {
  const datasets = stringList(arguments_, 'dataset');
  if (datasets.length === 0) throw new UsageError(path, `missing required option --dataset. See \`${path} --help\`.`);
  const out = arguments_.options.out;
  if (typeof out !== 'string' || out === '') throw new UsageError(path, `missing required option --out. See \`${path} --help\`.`);
  return { datasets: datasets.map((file) => resolve(file)), out: resolve(out) };
}

/** The run options both `evaluate mc` and `evaluate qa` pass on: settings, resumption, workspace and retry reporting. */
function runOptions(arguments_: ParsedArguments, context: CommandContext, settings: ReturnType<typeof systemsFromArguments>) {
  return {
    seed: settings.seed,
    concurrency: settings.concurrency,
    resume: arguments_.options.fresh !== true,
    ...(settings.limit !== undefined ? { limit: settings.limit } : {}),
    paths: context.paths,
    progress: context.progress,
    command: context.argv,
    environment: context.environment,
    retry: { ...settings.retry, onRetry: (event: { attempt: number; delayMs: number }) => context.stderr.write(`retrying after attempt ${event.attempt} in ${Math.round(event.delayMs)} ms\n`) },
  };
}

const checkCommand: Command = {
  name: 'check',
  summary: 'validate an evaluation dataset: print its kind, format and item count; exit 1 on a bad file',
  description: `Reads the file whole, as every evaluation does: a problem anywhere (invalid JSON, a missing field, an
answer letter outside the options, an empty file, a file that is not UTF-8) refuses the file with the file,
line and field. Formats: the authors' Q&A {question, answer, context, filename}, MC {question, choices[4],
answer}, MC with the options in the question ("... A) ... B) ... C) ... D) ..."), the synthesis stage's
qa-*.jsonl / mc-*.jsonl, and the demo sets.

Example:
  ecg-llm evaluate check data/demo-mc/demo-mc.jsonl`,
  positionals: '<file...>',
  async run(arguments_, context) {
    if (arguments_.positionals.length === 0) throw new UsageError('ecg-llm evaluate check', 'missing FILE. See `ecg-llm evaluate check --help`.');
    let failures = 0;
    for (const file of arguments_.positionals) {
      try {
        const dataset = await readEvaluationDataset(resolve(file));
        context.stdout.write(`${file}: ${dataset.kind === 'mc' ? 'multiple-choice' : 'Q&A'} (${dataset.format}), ${dataset.items.length} item(s)\n`);
      } catch (error) {
        failures++;
        context.stderr.write(`ecg-llm evaluate check: error: ${(error as Error).message}\n`);
      }
    }
    return failures > 0 ? 1 : 0;
  },
};

const MC_PATH = 'ecg-llm evaluate mc';

const mcCommand: Command = {
  name: 'mc',
  summary: 'multiple-choice accuracy with Wilson intervals; exact McNemar tests between models',
  description: `Every --model answers every item of every --dataset. Generative scoring (the paper's) asks for "The
correct answer is X" and parses the letter; a reply with no letter counts as WRONG (the paper's code dropped it
from the denominator: that figure is reported as accuracyExcludingUnparseable). Log-likelihood scoring takes
the letter with the highest log-probability at the answer position (needs a provider that returns
log-probabilities: ollama, openai). --prompt legacy-local / legacy-api reproduce the authors' local and API
prompts, sampling and parsers (docs/authors-pipeline.md §5.1, §5.2).

Every call goes through the response cache, so a killed run started again with the same options continues
where it stopped without repeating a model call. The run folder runs/<run-id>/ holds the manifest and the
per-item records.

Writes: ${Object.values(MULTIPLE_CHOICE_FILES).join(', ')}

Examples:
  ecg-llm evaluate mc --dataset data/demo-mc/demo-mc.jsonl --model llama3.1:8b --out results/evaluation/mc
  ecg-llm evaluate mc --dataset mc-test.jsonl --model llama3.1:8b --model llama3.1:70b --scoring loglikelihood --out results/evaluation/mc-ll`,
  options: {
    dataset: { type: 'string', valueName: 'FILE', description: 'multiple-choice dataset (required)', multiple: true },
    out: { type: 'string', valueName: 'DIR', description: 'output folder (required)' },
    scoring: { type: 'string', valueName: 'MODE', description: 'generative or loglikelihood', default: 'generative' },
    prompt: { type: 'string', valueName: 'STYLE', description: `prompt style: ${MULTIPLE_CHOICE_PROMPT_STYLES.join(', ')}`, default: 'default' },
    ...MODEL_OPTIONS,
  },
  async run(arguments_, context) {
    const { datasets, out } = datasetsAndOutput(arguments_, MC_PATH);
    const scoring = choiceOption(arguments_, 'scoring', MC_PATH, ['generative', 'loglikelihood'] as const, 'generative');
    const style = choiceOption(arguments_, 'prompt', MC_PATH, MULTIPLE_CHOICE_PROMPT_STYLES as MultipleChoicePromptStyle[], 'default');
    const settings = systemsFromArguments(arguments_, MC_PATH);
    const result = await runMultipleChoiceEvaluation({
      datasets,
      systems: settings.systems,
      outputDirectory: out,
      scoring,
      style,
      ...runOptions(arguments_, context, settings),
    });
    for (const row of result.summary) {
      context.stdout.write(
        `${row.system} on ${row.dataset}: accuracy ${row.accuracy.toFixed(3)} [${row.wilson95[0].toFixed(3)}, ${row.wilson95[1].toFixed(3)}] ` +
          `(${row.correct}/${row.n}; ${row.unparseable} unparseable)\n`,
      );
    }
    for (const row of result.comparisons) {
      context.stdout.write(`${row.first} vs ${row.second} on ${row.dataset}: ${row.onlyFirstCorrect}/${row.onlySecondCorrect} discordant, p = ${row.pValue.toPrecision(3)} (Holm ${row.pValueHolm.toPrecision(3)})\n`);
    }
    context.stdout.write(`${result.resumed ? 'resumed' : 'finished'} run ${result.runId}  -> ${out}\n`);
    return 0;
  },
};

const QA_PATH = 'ecg-llm evaluate qa';

const qaCommand: Command = {
  name: 'qa',
  summary: 'Q&A answers scored with BLEU (sacrebleu and the authors\' NLTK), ROUGE and optionally an LLM judge',
  description: `Every --model answers every question of every --dataset; each answer is scored against the reference:
sentence BLEU exactly as sacrebleu (bleu, 0-100), the authors' NLTK sentence BLEU (bleu_legacy, 0-1), ROUGE-1/2/L/Lsum
with the Porter stemmer (precision, recall, F), with --bertscore-model BERTScore (correctly labelled, plus the
authors' mislabelled triple as bertscore_legacy_*), and with --judge-model an absolute 1-5 grade by an LLM judge that
sees the reference. Means come with percentile bootstrap 95% intervals; systems are compared item by item with
paired permutation tests, Holm-adjusted. Corpus BLEU is reported with its sacrebleu signature.

Legacy switches (docs/authors-pipeline.md §5.3): --prompt legacy (their local prompt: "answer shortly" appended for
base models only; mark finetuned models with --finetuned), --prompt legacy-api, --legacy-assistant-prefix (every
hypothesis starts with the word "assistant", as in their local runs).

Writes: ${Object.values(QUESTION_ANSWERING_FILES).join(', ')}

Example:
  ecg-llm evaluate qa --dataset data/demo-corpus-sources/questions.jsonl --model llama3.1:8b --out results/evaluation/qa`,
  options: {
    dataset: { type: 'string', valueName: 'FILE', description: 'Q&A dataset (required)', multiple: true },
    out: { type: 'string', valueName: 'DIR', description: 'output folder (required)' },
    prompt: { type: 'string', valueName: 'STYLE', description: `prompt style: ${QUESTION_ANSWERING_PROMPT_STYLES.join(', ')}`, default: 'default' },
    finetuned: { type: 'boolean', description: 'the models are finetuned (with --prompt legacy: no "answer shortly" sentence)' },
    'legacy-assistant-prefix': { type: 'boolean', description: 'prefix every hypothesis with "assistant" before scoring (the authors\' artefact)' },
    'bertscore-model': { type: 'string', valueName: 'MODEL', description: 'add BERTScore with this transformers.js model (Hub id or folder; see docs/bertscore.md)' },
    'bertscore-layer': { type: 'string', valueName: 'N', description: 'hidden layer for BERTScore (the paper: 17 of roberta-large)' },
    'judge-provider': { type: 'string', valueName: 'NAME', description: 'provider of the judge (default: --provider)' },
    'judge-model': { type: 'string', valueName: 'NAME', description: 'grade every answer 1-5 with this judge model' },
    ...MODEL_OPTIONS,
  },
  async run(arguments_, context) {
    const { datasets, out } = datasetsAndOutput(arguments_, QA_PATH);
    const style = choiceOption(arguments_, 'prompt', QA_PATH, QUESTION_ANSWERING_PROMPT_STYLES as QuestionAnsweringPromptStyle[], 'default');
    const settings = systemsFromArguments(arguments_, QA_PATH);
    const finetuned = arguments_.options.finetuned === true;
    const judgeModel = typeof arguments_.options['judge-model'] === 'string' ? arguments_.options['judge-model'] : undefined;
    const judgeProvider = typeof arguments_.options['judge-provider'] === 'string' ? arguments_.options['judge-provider'] : settings.systems[0]!.provider;
    if (!(judgeProvider in GENERATOR_PROVIDERS)) throw new UsageError(QA_PATH, `--judge-provider must be one of ${Object.keys(GENERATOR_PROVIDERS).join(', ')}; got "${judgeProvider}"`);
    const result = await runQuestionAnsweringEvaluation({
      datasets,
      systems: settings.systems.map((system) => ({ ...system, base: !finetuned })),
      outputDirectory: out,
      style,
      legacyAssistantPrefix: arguments_.options['legacy-assistant-prefix'] === true,
      ...(typeof arguments_.options['bertscore-model'] === 'string'
        ? {
            bertScore: {
              model: arguments_.options['bertscore-model'],
              ...(integerOption(arguments_, 'bertscore-layer', QA_PATH, { min: 0 }) !== undefined ? { layer: integerOption(arguments_, 'bertscore-layer', QA_PATH, { min: 0 }) as number } : {}),
            },
          }
        : {}),
      ...(judgeModel ? { judge: { provider: judgeProvider, model: judgeModel, generation: { temperature: 0, seed: settings.seed } } } : {}),
      ...runOptions(arguments_, context, settings),
    });
    for (const row of result.summary) {
      if (!['bleu', 'bleu_legacy', 'rougeL', 'judge_score'].includes(row.metric)) continue;
      const interval = row.bootstrap95 ? ` [${row.bootstrap95[0].toFixed(3)}, ${row.bootstrap95[1].toFixed(3)}]` : '';
      context.stdout.write(`${row.system} on ${row.dataset}: ${row.metric} ${row.mean === null ? 'n/a' : row.mean.toFixed(3)}${interval} (n = ${row.n})\n`);
    }
    context.stdout.write(`${result.resumed ? 'resumed' : 'finished'} run ${result.runId}  -> ${out}\n`);
    return 0;
  },
};

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'stage 5: multiple-choice accuracy, Q&A text metrics, the LLM judge against the experts, dataset checks',
  subcommands: [checkCommand, mcCommand, qaCommand, judgeAgreementCommand],
};
