/**
 * `ecg-llm synthesize`: stage 2, synthetic Q&A and multiple-choice items with leakage-safe splits.
 */
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.js';
import { parseSplitRatios } from '../../synth/dataset-splits.js';
import { prepareDemoCorpus } from '../../synth/demo-corpus-input.js';
import { createGeneratorModel, GENERATOR_PROVIDERS } from '../../synth/generator-model.js';
import { DEFAULT_UNIT_TOKENS } from '../../synth/generation-unit.js';
import { SYNTHESIS_FILES } from '../../synth/synthesis-outputs.js';
import { synthesize } from '../../synth/synthesize.js';
import { choiceOption, integerOption, numberOption, optionalString, requireString, UsageError, usageCheck, type Command } from '../command.js';
import { assertCorpusOutput } from '../../corpus/run-corpus-stage.js';

const PATH = 'ecg-llm synthesize';

export const synthesizeCommand: Command = {
  name: 'synthesize',
  summary: 'generate Q&A and multiple-choice items from the corpus with an LLM; validated, deduplicated, split by document',
  description: `Cuts the corpus into generation units, asks the model for items with versioned prompts and structured
output, checks every item (4 distinct options and one correct answer for multiple choice; support of the
answer by its source span), shuffles options with the seed, removes near duplicates, splits by source document
and writes the datasets, a leakage report and every failure to --out. The run manifest is in runs/<run-id>/.

A run killed half-way continues where it stopped when started again with the same options. Providers read
OLLAMA_HOST, ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL) and OPENAI_BASE_URL (OPENAI_API_KEY) from the environment.

--anthropic-batch sends the requests as Anthropic Message Batches (half the price; results within 24 hours,
polled every --batch-poll seconds). Submitted batches are recorded in the run folder: a run killed while it
waits collects them when started again instead of paying for them twice.

Writes: ${Object.values(SYNTHESIS_FILES).join(', ')}, qa-{train,val,test}.jsonl, mc-{train,val,test}.jsonl

Examples:
  ecg-llm synthesize --provider ollama --model llama3.1:8b --out results/synthesis/llama31 --limit-units 10
  ecg-llm synthesize --provider anthropic --model claude-sonnet-5-5 --anthropic-batch --out results/synthesis/claude`,
  options: {
    corpus: { type: 'string', valueName: 'DIR', description: 'output folder of `ecg-llm corpus` (default: the demo corpus, processed into OUT/corpus)' },
    provider: { type: 'string', valueName: 'NAME', description: `model provider: ${Object.keys(GENERATOR_PROVIDERS).join(', ')}`, default: 'ollama' },
    model: { type: 'string', valueName: 'NAME', description: 'model id, e.g. llama3.1:8b or claude-sonnet-4-5 (required)' },
    out: { type: 'string', valueName: 'DIR', description: 'output folder (required)' },
    units: { type: 'string', valueName: 'MODE', description: 'generation units: fixed-tokens, sections, sections-legacy (the authors\' 50k/48k-token section groups)', default: 'fixed-tokens' },
    'unit-tokens': { type: 'string', valueName: 'N', description: 'cl100k tokens per unit (fixed-tokens, sections)', default: String(DEFAULT_UNIT_TOKENS) },
    'items-per-unit': { type: 'string', valueName: 'N', description: 'items asked for per unit and kind', default: '5' },
    kinds: { type: 'string', valueName: 'LIST', description: 'item kinds: qa, mc or qa,mc', default: 'qa,mc' },
    seed: { type: 'string', valueName: 'N', description: 'seed of splits, option shuffling and sampling', default: '42' },
    'split-ratios': { type: 'string', valueName: 'T,V,T', description: 'train,val,test ratios', default: '0.8,0.1,0.1' },
    split: { type: 'string', valueName: 'MODE', description: 'document (no source shared across splits) or within-document (the authors\' legacy split)', default: 'document' },
    'limit-units': { type: 'string', valueName: 'N', description: 'use only the first N units of each kind' },
    temperature: { type: 'string', valueName: 'T', description: 'sampling temperature', default: '0.1' },
    'max-tokens': { type: 'string', valueName: 'N', description: 'reply token limit', default: '4096' },
    concurrency: { type: 'string', valueName: 'N', description: 'requests at the same time', default: '1' },
    'max-attempts': { type: 'string', valueName: 'N', description: 'attempts per request (retries on 429/5xx/timeouts)', default: '5' },
    timeout: { type: 'string', valueName: 'SECONDS', description: 'timeout of one attempt', default: '600' },
    'requests-per-minute': { type: 'string', valueName: 'N', description: 'start at most N requests per minute (default: no limit)' },
    'anthropic-batch': { type: 'boolean', description: 'use the Anthropic Message Batches API (half price, slower; with --provider anthropic)' },
    'batch-poll': { type: 'string', valueName: 'SECONDS', description: 'seconds between polls of a batch', default: '30' },
  },
  async run(arguments_, context) {
    const model = requireString(arguments_, 'model', PATH);
    const outputDirectory = resolve(requireString(arguments_, 'out', PATH));
    const provider = choiceOption(arguments_, 'provider', PATH, Object.keys(GENERATOR_PROVIDERS) as Array<keyof typeof GENERATOR_PROVIDERS>, 'ollama');
    const kinds = (optionalString(arguments_, 'kinds') ?? 'qa,mc').split(',').map((kind) => kind.trim());
    if (kinds.length === 0 || kinds.some((kind) => kind !== 'qa' && kind !== 'mc') || new Set(kinds).size !== kinds.length) {
      throw new UsageError(PATH, `--kinds must be qa, mc or qa,mc; got "${optionalString(arguments_, 'kinds') ?? ''}"`);
    }
    let splitRatios;
    try {
      splitRatios = parseSplitRatios(optionalString(arguments_, 'split-ratios') ?? '0.8,0.1,0.1');
    } catch (error) {
      throw new UsageError(PATH, `--split-ratios: ${(error as InvalidArgumentError).message}`);
    }
    const seed = integerOption(arguments_, 'seed', PATH, { min: 0, fallback: 42 }) as number;
    const limitUnits = integerOption(arguments_, 'limit-units', PATH, { min: 1 });
    const settings = {
      units: choiceOption(arguments_, 'units', PATH, ['fixed-tokens', 'sections', 'sections-legacy'] as const, 'fixed-tokens'),
      unitTokens: integerOption(arguments_, 'unit-tokens', PATH, { min: 50, fallback: DEFAULT_UNIT_TOKENS }) as number,
      itemsPerUnit: integerOption(arguments_, 'items-per-unit', PATH, { min: 1, max: 50, fallback: 5 }) as number,
      kinds: kinds as Array<'qa' | 'mc'>,
      seed,
      splitRatios,
      splitMode: choiceOption(arguments_, 'split', PATH, ['document', 'within-document'] as const, 'document'),
      temperature: numberOption(arguments_, 'temperature', PATH, { min: 0, max: 2, fallback: 0.1 }) as number,
      maxTokens: integerOption(arguments_, 'max-tokens', PATH, { min: 1, fallback: 4096 }) as number,
      ...(limitUnits === undefined ? {} : { limitUnits }),
    };
    const concurrency = integerOption(arguments_, 'concurrency', PATH, { min: 1, max: 64, fallback: 1 }) as number;
    const maxAttempts = integerOption(arguments_, 'max-attempts', PATH, { min: 1, max: 20, fallback: 5 }) as number;
    const timeoutSeconds = numberOption(arguments_, 'timeout', PATH, { min: 0.001, fallback: 600 }) as number;
    const requestsPerMinute = numberOption(arguments_, 'requests-per-minute', PATH, { min: 0.001 });
    const useBatchApi = arguments_.options['anthropic-batch'] === true;
    if (useBatchApi && provider !== 'anthropic') throw new UsageError(PATH, `--anthropic-batch needs --provider anthropic (got ${provider})`);
    const batchPollSeconds = numberOption(arguments_, 'batch-poll', PATH, { min: 0.001, fallback: 30 }) as number;
    const corpusOption = optionalString(arguments_, 'corpus');
    const corpusDirectory = corpusOption
      ? await usageCheck(PATH, 'corpus', async () => {
          await assertCorpusOutput(resolve(corpusOption), 'corpus');
          return resolve(corpusOption);
        })
      : await prepareDemoCorpus(context.paths, join(outputDirectory, 'corpus'), context.progress);
    const generator = createGeneratorModel({
      provider,
      model,
      environment: context.environment,
      paths: context.paths,
      seed,
      concurrency,
      ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
      batchPollIntervalMs: Math.round(batchPollSeconds * 1000),
      retry: {
        maxAttempts,
        attemptTimeoutMs: Math.round(timeoutSeconds * 1000),
        onRetry: (event) => context.stderr.write(`retrying after attempt ${event.attempt} in ${Math.round(event.delayMs)} ms\n`),
      },
    });
    const result = await synthesize(
      { ...settings, corpusDirectory, outputDirectory, provider: generator.provider.provider, model },
      { model: generator.model, paths: context.paths, progress: context.progress, command: context.argv, concurrency, useBatchApi, usage: () => generator.report() },
    );
    const counts = result.counts;
    context.stdout.write(
      `${result.resumed ? 'resumed' : 'finished'} run ${result.runId}: ${counts.qaItems ?? 0} Q&A and ${counts.mcItems ?? 0} multiple-choice items ` +
        `(train/val/test Q&A ${counts.qa_train ?? 0}/${counts.qa_val ?? 0}/${counts.qa_test ?? 0}, MC ${counts.mc_train ?? 0}/${counts.mc_val ?? 0}/${counts.mc_test ?? 0}), ` +
        `${counts.failures ?? 0} failure record(s), ${counts.requests ?? 0} model request(s)\n` +
        `  -> ${result.outputDirectory}\n`,
    );
    const tasks = counts.tasks ?? 0;
    if (tasks > 0 && (counts.tasksFailed ?? 0) === tasks) {
      // Nothing was generated: say so with a failing exit code, so scripts and cluster jobs do not go on with
      // empty datasets. The failure records say why, item by item.
      context.stderr.write(
        `ecg-llm synthesize: error: every one of the ${tasks} generation task(s) failed, so the datasets are empty; ` +
          `see ${join(result.outputDirectory, 'failures.jsonl')} for each failure and its raw reply\n`,
      );
      return 1;
    }
    return 0;
  },
};
