/**
 * Stage 2: synthetic Q&A and multiple-choice items from the corpus, end to end.
 *
 * 1. Read the corpus (`documents.jsonl` of `ecg-llm corpus`) and cut generation units per item kind.
 * 2. For every (unit, kind) task: ask the model for up to `itemsPerUnit` items with the versioned prompt and the
 *    reply schema as native structured output (one repair turn for an unusable reply), check every item on its
 *    own, locate its supporting span, flag it, shuffle MC options (seeded, per item). A failed request or an
 *    unusable reply becomes a unit failure record; a bad item becomes an item failure record.
 *    With `useBatchApi` (Anthropic Message Batches, half price) the tasks of each kind go out as one bulk job
 *    instead, their repair turns as a second; submitted batches are recorded in the run folder
 *    (`provider-batches.json`), so a restarted run collects them instead of paying for them again.
 * 3. Each finished task is appended to the run's journal `unit-results.jsonl`; a run restarted with the same
 *    configuration resumes the unfinished run and skips finished tasks. With the response cache in the model
 *    stack, a second run on the same inputs makes no model calls at all.
 * 4. Assemble: splits, deduplication, leakage report, letter distributions, chat records; write every file
 *    to the output folder and a copy of the run manifest.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { readJournal, writeFileAtomic } from '../core/atomic-file.js';
import { hashCanonical } from '../core/canonical-json.js';
import { hashPath } from '../core/content-hash.js';
import { InputFileError } from '../core/errors.js';
import { readJsonl } from '../core/jsonl.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { createRandom } from '../core/random.js';
import { withRun, type Run } from '../core/run.js';
import { anySignal } from '../llm/abort-signals.js';
import { environmentSecrets, redactSecrets } from '../core/secrets.js';
import { fileBatchLedger } from '../llm/batch-ledger.js';
import type { ChatModel, ChatRequest } from '../llm/chat-model.js';
import { generateStructured, generateStructuredMany, type StructuredOutput, type StructuredOutputFailure } from '../llm/structured-output.js';
import type { Result } from '../core/result.js';
import type { RunManifest } from '../schemas/run-manifest.js';
import { assertCorpusOutput } from '../corpus/run-corpus-stage.js';
import { corpusDocumentSchema, type CorpusDocument } from '../schemas/corpus.js';
import type { ItemGenerator, McItem, QaItem } from '../schemas/synthesis.js';
import { assembleDatasets, splitModeSchema } from './assemble-datasets.js';
import { buildMcItems, buildQaItems } from './build-items.js';
import { DEFAULT_SPLIT_RATIOS, validateSplitRatios } from './dataset-splits.js';
import type { FailureRecord } from './failure-record.js';
import { findResumableRun } from './find-resumable-run.js';
import { DEFAULT_UNIT_TOKENS, documentUnits, unitModeSchema, unitSplitter, type GenerationUnit } from './generation-unit.js';
import { DEFAULT_JACCARD_THRESHOLD } from './near-duplicates.js';
import { buildPromptMessages, promptHash, promptTemplate } from './prompts.js';
import { replyEnvelopeFor, type ItemKind } from './reply-schemas.js';
import { SYNTHESIS_FILES, writeSynthesisOutputs } from './synthesis-outputs.js';
import { unitResultSchema, type UnitResult } from './unit-result.js';

export const SYNTHESIS_STAGE = 'synthesis';

/** Every setting that affects a synthesis run's output (recorded in the manifest; its hash keys resumption). */
export const synthesisConfigSchema = z.object({
  corpusDirectory: z.string().min(1),
  outputDirectory: z.string().min(1),
  provider: z.string().min(1),
  model: z.string().min(1),
  units: unitModeSchema.default('fixed-tokens'),
  /** Size of fixed-token units and budget of `sections` units (cl100k tokens). */
  unitTokens: z.number().int().min(50).default(DEFAULT_UNIT_TOKENS),
  itemsPerUnit: z.number().int().min(1).max(50).default(5),
  kinds: z.array(z.enum(['qa', 'mc'])).min(1).default(['qa', 'mc']),
  seed: z.number().int().nonnegative().default(42),
  splitRatios: z.object({ train: z.number(), val: z.number(), test: z.number() }).default(DEFAULT_SPLIT_RATIOS),
  splitMode: splitModeSchema.default('document'),
  /** Use only the first N units of each kind (in corpus order). */
  limitUnits: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional().default(0.1),
  maxTokens: z.number().int().positive().default(4096),
  promptVersions: z.object({ qa: z.string(), mc: z.string() }).default({ qa: 'qa-v1', mc: 'mc-v1' }),
  duplicateThreshold: z.number().gt(0).max(1).default(DEFAULT_JACCARD_THRESHOLD),
});
export type SynthesisConfig = z.output<typeof synthesisConfigSchema>;
export type SynthesisConfigInput = z.input<typeof synthesisConfigSchema>;

export interface SynthesisDependencies {
  /** The generator model, already wrapped (cache, retry, rate limit, usage) as the caller wants. */
  model: ChatModel;
  paths?: WorkspacePaths;
  progress?: ProgressFactory;
  /** The command line, for the manifest. */
  command?: string[];
  /** Tasks run at the same time (default 1; a local Ollama serves one request at a time anyway). */
  concurrency?: number;
  /**
   * Send the requests through the provider's batch API (Anthropic Message Batches: half price, results within
   * 24 hours) instead of one request per unit. Does not change the items, so it is not part of the configuration:
   * a run started either way resumes either way, and cached replies are never submitted.
   */
  useBatchApi?: boolean;
  /** Usage and cost accounting of the model stack, recorded in the manifest at the end. */
  usage?: () => Record<string, unknown>;
  signal?: AbortSignal;
}

export interface SynthesisResult {
  runId: string;
  runDirectory: string;
  outputDirectory: string;
  /** True when an unfinished run with the same configuration was continued. */
  resumed: boolean;
  counts: Record<string, number>;
  manifest: RunManifest;
}

interface Task {
  key: string;
  kind: ItemKind;
  unit: GenerationUnit;
}

function taskKey(kind: ItemKind, unitId: string): string {
  return `${kind}:${unitId}`;
}

/** Reads `documents.jsonl` of a corpus output folder. */
export async function readCorpusDocuments(corpusDirectory: string): Promise<CorpusDocument[]> {
  await assertCorpusOutput(corpusDirectory, 'corpus');
  const documents = await readJsonl(join(corpusDirectory, 'documents.jsonl'), corpusDocumentSchema);
  const seen = new Set<string>();
  documents.forEach((document, index) => {
    if (seen.has(document.id)) {
      throw new InputFileError({ file: join(corpusDirectory, 'documents.jsonl'), line: index + 1, field: 'id' }, `duplicate document id ${document.id}`);
    }
    seen.add(document.id);
  });
  return documents;
}

/** The generation tasks of a run: units of every document for every kind, limited per kind. */
export function planTasks(documents: readonly CorpusDocument[], config: SynthesisConfig): { tasks: Task[]; units: GenerationUnit[] } {
  const tasks: Task[] = [];
  const units = new Map<string, GenerationUnit>();
  for (const kind of config.kinds) {
    const splitter = unitSplitter(config.units, kind, config.unitTokens);
    let kindUnits = documents.flatMap((document) => documentUnits(document, splitter));
    if (config.limitUnits !== undefined) kindUnits = kindUnits.slice(0, config.limitUnits);
    for (const unit of kindUnits) {
      units.set(unit.id, unit);
      tasks.push({ key: taskKey(kind, unit.id), kind, unit });
    }
  }
  return { tasks, units: [...units.values()] };
}

function unitFailure(task: Task, stage: FailureRecord['stage'], reason: string, extra: Partial<FailureRecord> = {}): FailureRecord {
  return { scope: 'unit', itemKind: task.kind, stage, unitId: task.unit.id, documentId: task.unit.documentId, reason, ...extra };
}

/** The structured-output request of a task: the versioned prompt with the unit's text, and the sampling settings. */
function taskRequest(task: Task, config: SynthesisConfig): ChatRequest {
  return {
    messages: buildPromptMessages(promptTemplate(config.promptVersions[task.kind]), task.unit.text, config.itemsPerUnit),
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    seed: config.seed,
  };
}

/** The name the reply schema is given for a task's kind (providers need one). */
function schemaName(kind: ItemKind): string {
  return kind === 'qa' ? 'qa_items' : 'mc_items';
}

/** Turns a task's structured-output outcome into its journal record: items and failures, with accounting. */
function taskResult(
  task: Task,
  outcome: Result<StructuredOutput<{ items: unknown[] }>, StructuredOutputFailure>,
  config: SynthesisConfig,
  generatorBase: Omit<ItemGenerator, 'promptVersion' | 'promptHash'>,
  seedRandom: ReturnType<typeof createRandom>,
): UnitResult {
  const template = promptTemplate(config.promptVersions[task.kind]);
  const generator: ItemGenerator = { ...generatorBase, promptVersion: template.version, promptHash: promptHash(template) };
  const responses = outcome.ok ? outcome.value.responses : outcome.error.responses;
  const accounting = {
    attempts: outcome.ok ? outcome.value.attempts : outcome.error.attempts,
    cachedResponses: responses.filter((response) => response.cached === true).length,
    inputTokens: responses.reduce((sum, response) => sum + (response.cached ? 0 : response.usage.inputTokens), 0),
    outputTokens: responses.reduce((sum, response) => sum + (response.cached ? 0 : response.usage.outputTokens), 0),
    ...(responses.length > 0 ? { reportedModel: (responses[responses.length - 1] as { model: string }).model } : {}),
  };
  if (!outcome.ok) {
    const failure = outcome.error;
    const reason =
      failure.kind === 'service-error'
        ? `request failed: ${failure.error?.message ?? 'service error'}`
        : `unusable reply after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}: ${failure.issues
            .slice(0, 5)
            .map((issue) => `${issue.path || 'reply'}: ${issue.message}`)
            .join('; ')}`;
    return {
      unitId: task.unit.id,
      kind: task.kind,
      status: 'failed',
      qa: [],
      mc: [],
      failures: [
        unitFailure(task, failure.kind === 'service-error' ? 'request' : 'parse', reason, {
          ...(failure.rawText !== null ? { raw: failure.rawText } : {}),
          rawTexts: failure.rawTexts,
          attempts: failure.attempts,
          ...(failure.error ? { error: { name: failure.error.name, message: failure.error.message, ...(failure.error.code ? { code: failure.error.code } : {}) } } : {}),
        }),
      ],
      ...accounting,
    };
  }
  const context = { unit: task.unit, generator, random: seedRandom };
  const built = task.kind === 'qa' ? buildQaItems(outcome.value.value.items, context) : buildMcItems(outcome.value.value.items, context);
  return {
    unitId: task.unit.id,
    kind: task.kind,
    status: 'ok',
    qa: task.kind === 'qa' ? (built.items as QaItem[]) : [],
    mc: task.kind === 'mc' ? (built.items as McItem[]) : [],
    failures: built.failures,
    ...accounting,
  };
}

/** Runs `work` over `items` with at most `concurrency` at a time; stops starting new ones after an error. */
async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failed !== undefined) throw failed;
}

/**
 * Runs the synthesis stage (see module documentation). Returns the run id, output folder and counts; the
 * files are in `config.outputDirectory`, the manifest and journals in `runs/<run-id>/`.
 */
export async function synthesize(input: SynthesisConfigInput, dependencies: SynthesisDependencies): Promise<SynthesisResult> {
  const parsed = synthesisConfigSchema.parse(input);
  validateSplitRatios(parsed.splitRatios);
  const config: SynthesisConfig = { ...parsed, corpusDirectory: resolve(parsed.corpusDirectory), outputDirectory: resolve(parsed.outputDirectory) };
  const paths = dependencies.paths ?? resolveWorkspacePaths();
  const progress = dependencies.progress ?? silentProgress;
  const { model } = dependencies;
  const documents = await readCorpusDocuments(config.corpusDirectory);
  const corpusHash = await hashPath(join(config.corpusDirectory, 'documents.jsonl'));
  // The recorded configuration includes the corpus content hash, so a changed corpus never resumes an old run.
  const recorded = { ...config, corpusDocumentsSha256: corpusHash.sha256 };
  const configHash = hashCanonical(redactSecrets(recorded, environmentSecrets()));
  const resumableId = await findResumableRun(paths.runs, SYNTHESIS_STAGE, configHash);
  const { value, run } = await withRun(
    {
      stage: SYNTHESIS_STAGE,
      config: recorded,
      seed: config.seed,
      paths,
      ...(dependencies.command ? { command: dependencies.command } : {}),
      ...(resumableId ? { runId: resumableId } : {}),
    },
    async (current: Run) => {
      await current.addInput('corpus-documents', join(config.corpusDirectory, 'documents.jsonl'));
      const description = await model.describe();
      await current.addModel({
        ...description,
        role: 'generator',
        parameters: { ...description.parameters, temperature: config.temperature, maxTokens: config.maxTokens, seed: config.seed },
      });
      const { tasks, units } = await current.phase('plan', async () => planTasks(documents, config));
      const journalPath = current.file('unit-results.jsonl');
      const journal = await current.openRecords('unit-results', { resume: true });
      const finished = new Map<string, UnitResult>();
      for (const [index, record] of (await readJournal(journalPath)).entries()) {
        const result = unitResultSchema.safeParse(record);
        if (!result.success) throw new InputFileError({ file: `${journalPath}.partial`, line: index + 1 }, `not a unit result: ${result.error.issues[0]?.message ?? ''}`);
        finished.set(taskKey(result.data.kind, result.data.unitId), result.data);
      }
      const pending = tasks.filter((task) => !finished.has(task.key));
      const generatorBase = { provider: model.provider, model: description.id, ...(description.digest ? { modelDigest: description.digest } : {}), runId: current.id };
      const random = createRandom(config.seed, 'synthesis-items');
      const task = progress('generating items', tasks.length);
      task.tick(tasks.length - pending.length);
      const record = (item: Task, outcome: Parameters<typeof taskResult>[1]): void => {
        const result = taskResult(item, outcome, config, generatorBase, random);
        journal.append(result);
        finished.set(item.key, result);
        task.tick();
      };
      const signalOption = { signal: anySignal(dependencies.signal, current.signal) };
      await current.phase('generate', async () => {
        if (!dependencies.useBatchApi) {
          await forEachConcurrently(pending, dependencies.concurrency ?? 1, async (item) => {
            record(item, await generateStructured(model, taskRequest(item, config), replyEnvelopeFor(item.kind), { name: schemaName(item.kind), ...signalOption }));
          });
          return;
        }
        // One bulk job per item kind (each has its own reply schema): first attempts in one provider batch, the
        // repair turns in a second. The ledger in the run folder lets a restarted run collect batches it
        // already submitted.
        const batchLedger = fileBatchLedger(current.file('provider-batches.json'));
        for (const kind of config.kinds) {
          const group = pending.filter((item) => item.kind === kind);
          if (group.length === 0) continue;
          const outcomes = await generateStructuredMany(
            model,
            group.map((item) => ({ id: item.key, request: taskRequest(item, config) })),
            replyEnvelopeFor(kind),
            { name: schemaName(kind), useBatchApi: true, batchLedger, progress, label: `${kind} generation`, ...signalOption },
          );
          group.forEach((item, index) => record(item, (outcomes[index] as (typeof outcomes)[number]).result));
        }
      });
      task.done();
      const ordered = tasks.map((entry) => finished.get(entry.key) as UnitResult);
      const assembled = await current.phase('assemble', async () =>
        assembleDatasets(
          {
            units,
            qa: ordered.flatMap((result) => result.qa),
            mc: ordered.flatMap((result) => result.mc),
            failures: ordered.flatMap((result) => result.failures),
          },
          { seed: config.seed, ratios: config.splitRatios, splitMode: config.splitMode, duplicateThreshold: config.duplicateThreshold },
        ),
      );
      const written = await current.phase('write', () => writeSynthesisOutputs(config.outputDirectory, assembled, units, current.id));
      await journal.publish();
      for (const file of written) await current.addOutput(file.name, file.path, file.records);
      const requests = ordered.reduce((sum, result) => sum + result.attempts - result.cachedResponses, 0);
      current.count({
        ...assembled.counts,
        tasks: tasks.length,
        tasksResumed: tasks.length - pending.length,
        tasksFailed: ordered.filter((result) => result.status === 'failed').length,
        modelCalls: ordered.reduce((sum, result) => sum + result.attempts, 0),
        cachedResponses: ordered.reduce((sum, result) => sum + result.cachedResponses, 0),
        requests,
        inputTokens: ordered.reduce((sum, result) => sum + result.inputTokens, 0),
        outputTokens: ordered.reduce((sum, result) => sum + result.outputTokens, 0),
      });
      if (dependencies.usage) current.setUsage(dependencies.usage());
      return { counts: current.current.counts };
    },
  );
  const manifestPath = join(run.dir, 'manifest.json');
  await writeFileAtomic(join(config.outputDirectory, SYNTHESIS_FILES.manifest), await readFile(manifestPath));
  return { runId: run.id, runDirectory: run.dir, outputDirectory: config.outputDirectory, resumed: resumableId !== undefined, counts: value.counts, manifest: run.current };
}
