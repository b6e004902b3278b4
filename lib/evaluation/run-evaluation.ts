/**
 * The one evaluation loop: dataset × system × scorer. For every system and every item it asks the scorer
 * (which calls the system's model stack and parses the reply), and appends
 *
 * - to `records.jsonl`: tidy per-item records `{run, system, dataset, item, metric, value}`, one per metric;
 * - to `replies.jsonl`: the raw reply and what the parser did (written after the item's records, so a reply
 *   line marks the item as complete).
 *
 * Both are journals of a {@link withRun} run (`runs/<run-id>/`). A run killed half-way is found again by its
 * configuration hash and continued: completed items are skipped, an item whose records were written without its
 * reply line is redone, and every model call that had been answered comes from the response cache, so no
 * request is sent twice. Summaries are computed afterwards from the published records alone.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJournal, toJsonLines, writeFileAtomic } from '../core/atomic-file.js';
import { hashCanonical } from '../core/canonical-json.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { redactSecrets, environmentSecrets } from '../core/secrets.js';
import { withRun, type Run } from '../core/run.js';
import { parseJsonl } from '../core/jsonl.js';
import { findResumableRun } from '../synth/find-resumable-run.js';
import {
  evaluationRecordSchema,
  evaluationReplySchema,
  type EvaluationRecord,
  type EvaluationReply,
} from '../schemas/evaluation.js';
import type { EvaluationSystemHandle } from './evaluation-system.js';

/** A dataset as the loop needs it. */
export interface EvaluationDatasetInput<Item extends { id: string }> {
  name: string;
  file?: string;
  sha256: string;
  items: readonly Item[];
}

/** What a scorer returns for one item: its metrics and the reply it scored. */
export interface ScoredItem {
  metrics: Record<string, number | null>;
  reply: Omit<EvaluationReply, 'run' | 'system' | 'dataset' | 'item'>;
}

/** Turns one item into metrics by asking one system. */
export type EvaluationScorer<Item extends { id: string }> = (system: EvaluationSystemHandle, item: Item, dataset: EvaluationDatasetInput<Item>) => Promise<ScoredItem>;

export interface RunEvaluationOptions<Item extends { id: string }> {
  /** The run's stage name, e.g. `evaluate-mc`. */
  stage: string;
  /** Everything that determines the results besides systems and datasets (scoring settings…); goes into the manifest and the resume key. */
  config: Record<string, unknown>;
  systems: readonly EvaluationSystemHandle[];
  datasets: ReadonlyArray<EvaluationDatasetInput<Item>>;
  scorer: EvaluationScorer<Item>;
  seed?: number;
  paths?: WorkspacePaths;
  progress?: ProgressFactory;
  command?: string[];
  /** Items in flight at the same time (default 1). */
  concurrency?: number;
  /** Continue an unfinished run with the same configuration (default true). */
  resume?: boolean;
  /**
   * Metrics computed over many items at once after every item has a reply (e.g. BERTScore, which loads a model):
   * given every record and reply so far, returns more records to append. On resume it sees the records of the
   * killed run too, so it should compute only what is missing.
   */
  afterItems?: (context: { records: EvaluationRecord[]; replies: EvaluationReply[] }) => Promise<Array<Omit<EvaluationRecord, 'run'>>>;
}

export interface EvaluationRunContext {
  run: Run;
  records: EvaluationRecord[];
  replies: EvaluationReply[];
  resumed: boolean;
  /** Items answered in this invocation (not taken over from an earlier, killed one). */
  evaluatedNow: number;
}

function itemKey(system: string, dataset: string, item: string): string {
  return JSON.stringify([system, dataset, item]);
}

/**
 * Runs the loop and then `finish` inside the same run (to write summaries, tables and figures from the
 * records and register them as outputs). Returns `finish`'s value and the run.
 *
 * @example
 * const { value, run } = await runEvaluation({ stage: 'evaluate-mc', config, systems, datasets, scorer }, async (context) => summarise(context.records));
 */
export async function runEvaluation<Item extends { id: string }, Result>(
  options: RunEvaluationOptions<Item>,
  finish: (context: EvaluationRunContext) => Promise<Result>,
): Promise<{ value: Result; run: Run; resumed: boolean }> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const progress = options.progress ?? silentProgress;
  const config = redactSecrets(
    {
      ...options.config,
      // Where a server runs (host, base URL) is not part of the configuration: the same system on another
      // address continues the same run.
      systems: options.systems.map(({ id, system: { host: _host, baseUrl: _baseUrl, ...settings } }) => ({ id, ...settings })),
      datasets: options.datasets.map((dataset) => ({ name: dataset.name, sha256: dataset.sha256, items: dataset.items.length, ...(dataset.file ? { file: dataset.file } : {}) })),
    },
    environmentSecrets(),
  );
  const resumeId = options.resume === false ? undefined : await findResumableRun(paths.runs, options.stage, hashCanonical(config));
  let resumed = false;
  const outcome = await withRun(
    { stage: options.stage, config, seed: options.seed ?? null, paths, ...(options.command ? { command: options.command } : {}), ...(resumeId ? { runId: resumeId } : {}) },
    async (run) => {
      for (const dataset of options.datasets) if (dataset.file) await run.addInput(`dataset:${dataset.name}`, dataset.file);
      for (const system of options.systems) {
        const reference = await system.stack.describe();
        await run.addModel({ ...reference, role: `system:${system.id}` });
      }
      const recordsTarget = run.file('records.jsonl');
      const repliesTarget = run.file('replies.jsonl');
      const done = new Set<string>();
      if (resumeId) {
        const earlierReplies = (await readJournal(repliesTarget)).map((value) => evaluationReplySchema.parse(value));
        for (const reply of earlierReplies) done.add(itemKey(reply.system, reply.dataset, reply.item));
        resumed = done.size > 0;
        // Records of an item whose reply line never made it are dropped; the item is redone (from the cache).
        const earlierRecords = (await readJournal(recordsTarget)).map((value) => evaluationRecordSchema.parse(value));
        await writeFileAtomic(`${recordsTarget}.partial`, toJsonLines(earlierRecords.filter((record) => done.has(itemKey(record.system, record.dataset, record.item)))));
        await writeFileAtomic(`${repliesTarget}.partial`, toJsonLines(earlierReplies));
      }
      const recordsJournal = await run.openRecords('records', { resume: Boolean(resumeId) });
      const repliesJournal = await run.openRecords('replies', { resume: Boolean(resumeId) });
      const work: Array<() => Promise<void>> = [];
      let evaluatedNow = 0;
      let unitsTotal = 0;
      for (const system of options.systems) {
        for (const dataset of options.datasets) {
          for (const item of dataset.items) {
            unitsTotal++;
            if (done.has(itemKey(system.id, dataset.name, item.id))) continue;
            work.push(async () => {
              const scored = await options.scorer(system, item, dataset);
              const base = { run: run.id, system: system.id, dataset: dataset.name, item: item.id };
              recordsJournal.append(...Object.entries(scored.metrics).map(([metric, value]) => ({ ...base, metric, value })));
              repliesJournal.append({ ...base, ...scored.reply });
              evaluatedNow++;
            });
          }
        }
      }
      const task = progress(`${options.stage}: ${options.systems.length} system(s) × ${options.datasets.length} dataset(s)`, unitsTotal);
      task.tick(unitsTotal - work.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < work.length) {
          const unit = work[next++]!;
          await unit();
          task.tick();
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, work.length)) }, () => worker()));
      } finally {
        run.setUsage(Object.fromEntries(options.systems.map((system) => [system.id, system.stack.report()])));
      }
      task.done();
      if (options.afterItems) {
        const soFar = {
          records: (await readJournal(recordsTarget)).map((value) => evaluationRecordSchema.parse(value)),
          replies: (await readJournal(repliesTarget)).map((value) => evaluationReplySchema.parse(value)),
        };
        const extra = await run.phase('after-items', () => options.afterItems!(soFar));
        recordsJournal.append(...extra.map((record) => ({ run: run.id, ...record })));
      }
      await recordsJournal.publish();
      await repliesJournal.publish();
      const records = parseJsonl(await readFile(recordsTarget, 'utf8'), evaluationRecordSchema, recordsTarget);
      const replies = parseJsonl(await readFile(repliesTarget, 'utf8'), evaluationReplySchema, repliesTarget);
      await run.addOutput('records', recordsTarget, records.length);
      await run.addOutput('replies', repliesTarget, replies.length);
      run.count({ items: replies.length, evaluatedNow, takenOver: replies.length - evaluatedNow });
      return finish({ run, records, replies, resumed, evaluatedNow });
    },
  );
  return { value: outcome.value, run: outcome.run, resumed };
}

/** Path of a run's published records (for tools that read them back). */
export function evaluationRecordsPath(runDirectory: string): string {
  return join(runDirectory, 'records.jsonl');
}
