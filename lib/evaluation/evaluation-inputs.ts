/**
 * Shared preparation of an evaluation run: datasets read and checked for their kind, systems built through the
 * model stack, output file paths.
 */
import { join } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import type { WorkspacePaths } from '../core/paths.js';
import type { ProgressFactory } from '../core/progress.js';
import type { CacheMode } from '../llm/cached-chat-model.js';
import type { RetryOptions } from '../llm/retrying-chat-model.js';
import type { RagCommonOptions } from '../rag/run-rag-stage.js';
import type { EvaluationDataset, EvaluationSystemInput } from '../schemas/evaluation.js';
import { readEvaluationDataset } from './datasets/read-evaluation-dataset.js';
import { createEvaluationSystem, type EvaluationSystemHandle } from './evaluation-system.js';
import { collectRagContexts, ragContextSource, type RagContextSource } from './rag-contexts.js';

/** Options every evaluation runner takes for building systems. */
export interface EvaluationModelOptions {
  paths?: WorkspacePaths;
  environment?: NodeJS.ProcessEnv;
  cache?: { mode?: CacheMode; directory?: string } | false;
  retry?: RetryOptions | false;
  concurrency?: number;
}

/** Options every evaluation runner (multiple choice, Q&A) takes. */
export interface EvaluationRunOptions extends EvaluationModelOptions {
  /** Dataset files, or datasets already read. */
  datasets: ReadonlyArray<string | EvaluationDataset>;
  /** Systems: settings (built here through the model stack) or handles built with `createEvaluationSystem`. */
  systems: ReadonlyArray<EvaluationSystemInput | EvaluationSystemHandle>;
  outputDirectory: string;
  /** Continue an unfinished run with the same configuration (default true). */
  resume?: boolean;
  /** Use only the first N items of each dataset. */
  limit?: number;
  /** Where RAG systems get their context (default: lib/rag's `runRagQuery` on the demo corpus or `rag`'s corpus). */
  ragContext?: RagContextSource;
  /** Corpus, models and Chroma of the default RAG context source. */
  rag?: RagCommonOptions;
  progress?: ProgressFactory;
  command?: string[];
}

/**
 * The retrieved context of every RAG system for every question of the datasets, fetched once before the run, as
 * the scorers' `context` option; empty when no system uses RAG.
 */
export async function prepareRagContexts(
  systems: readonly EvaluationSystemHandle[],
  datasets: ReadonlyArray<{ items: ReadonlyArray<{ question: string }> }>,
  options: EvaluationRunOptions,
  paths: WorkspacePaths,
): Promise<{ context?: (system: EvaluationSystemHandle, item: { question: string }) => Promise<string | undefined> }> {
  if (!systems.some((system) => system.system.rag)) return {};
  const contexts = await collectRagContexts(
    systems,
    datasets.flatMap((dataset) => dataset.items.map((item) => item.question)),
    options.ragContext ?? ragContextSource({ paths, ...(options.environment ? { environment: options.environment } : {}), ...(options.progress ? { progress: options.progress } : {}), ...options.rag }),
  );
  return { context: async (system, item) => contexts.get(system.id)?.get(item.question) };
}

/** Reads the datasets (or takes them as given), checks their kind and names, and keeps the first `limit` items. */
export async function prepareDatasets<Kind extends 'mc' | 'qa'>(
  entries: ReadonlyArray<string | EvaluationDataset>,
  kind: Kind,
  limit?: number,
): Promise<Array<Extract<EvaluationDataset, { kind: Kind }>>> {
  if (entries.length === 0) throw new InvalidArgumentError('datasets', 'at least one dataset is needed');
  const datasets: Array<Extract<EvaluationDataset, { kind: Kind }>> = [];
  for (const entry of entries) {
    const dataset = typeof entry === 'string' ? await readEvaluationDataset(entry) : entry;
    if (dataset.kind !== kind) {
      throw new InvalidArgumentError(
        'datasets',
        `${dataset.file} is a ${dataset.kind === 'mc' ? 'multiple-choice' : 'Q&A'} dataset (${dataset.format}); this evaluation needs a ${kind === 'mc' ? 'multiple-choice' : 'Q&A'} dataset`,
      );
    }
    if (datasets.some((other) => other.name === dataset.name)) throw new InvalidArgumentError('datasets', `two datasets are named "${dataset.name}"; rename one file`);
    datasets.push({ ...dataset, items: limit ? dataset.items.slice(0, limit) : dataset.items } as Extract<EvaluationDataset, { kind: Kind }>);
  }
  return datasets;
}

function isHandle(system: EvaluationSystemInput | EvaluationSystemHandle): system is EvaluationSystemHandle {
  return typeof (system as EvaluationSystemHandle).id === 'string' && 'stack' in system;
}

/** Builds the systems (handles pass through) and refuses two systems with the same id. */
export function prepareSystems(systems: ReadonlyArray<EvaluationSystemInput | EvaluationSystemHandle>, options: EvaluationModelOptions): EvaluationSystemHandle[] {
  if (systems.length === 0) throw new InvalidArgumentError('systems', 'at least one system is needed');
  const handles = systems.map((system) =>
    isHandle(system)
      ? system
      : createEvaluationSystem(system, {
          ...(options.paths ? { paths: options.paths } : {}),
          ...(options.environment ? { environment: options.environment } : {}),
          ...(options.cache !== undefined ? { cache: options.cache } : {}),
          ...(options.retry !== undefined ? { retry: options.retry } : {}),
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        }),
  );
  const ids = handles.map((system) => system.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new InvalidArgumentError('systems', `two systems have the same settings (${duplicate}); give them different settings`);
  return handles;
}

/** The absolute paths of a runner's output files in `directory`. */
export function outputFiles<Names extends Record<string, string>>(directory: string, names: Names): { [Key in keyof Names]: string } {
  return Object.fromEntries(Object.entries(names).map(([key, name]) => [key, join(directory, name)])) as { [Key in keyof Names]: string };
}
