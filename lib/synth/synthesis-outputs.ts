/**
 * The files a synthesis run writes to its output folder, and reading them back (for notebooks and later
 * stages). Every file is written atomically.
 *
 * | file | content |
 * |---|---|
 * | `qa.jsonl`, `mc.jsonl` | every kept item (validated, deduplicated) with its split, flags and provenance |
 * | `qa-train.jsonl` … `mc-test.jsonl` | the same items, one file per kind and split |
 * | `failures.jsonl` | every unit or item that did not become a dataset item, with raw text and reason |
 * | `leakage-report.json` | near duplicates across splits, shared sources, MC test facts in Q&A training |
 * | `train-chat.jsonl`, `val-chat.jsonl` | chat-format finetuning records (Q&A and MC, seeded order) |
 * | `units.jsonl` | the generation units (text, span, tokens) |
 * | `summary.json` | counts, answer-letter distributions, flag counts |
 * | `manifest.json` | a copy of the run manifest (config, seed, input hashes, model id/digest, usage) |
 */
import { join } from 'node:path';
import { z } from 'zod';
import { pathExists, writeJsonAtomic, writeJsonlAtomic } from '../core/atomic-file.js';
import { uniqueRecords } from '../core/unique-records.js';
import { readJson, readJsonl } from '../core/jsonl.js';
import { runManifestSchema, type RunManifest } from '../schemas/run-manifest.js';
import { mcItemSchema, qaItemSchema, type McItem, type QaItem } from '../schemas/synthesis.js';
import type { AssembledDatasets } from './assemble-datasets.js';
import { chatRecordSchema, type ChatRecord } from './chat-records.js';
import { SPLIT_NAMES } from './dataset-splits.js';
import { failureRecordSchema, type FailureRecord } from './failure-record.js';
import { generationUnitSchema, type GenerationUnit } from './generation-unit.js';
import { leakageReportSchema, type LeakageReport } from './leakage-report.js';
import { letterDistributionSchema } from './letter-distribution.js';

export const synthesisSummarySchema = z.object({
  runId: z.string(),
  counts: z.record(z.string(), z.number()),
  letters: z.object({
    generated: letterDistributionSchema,
    shuffled: letterDistributionSchema,
    shuffledBySplit: z.object({ train: letterDistributionSchema, val: letterDistributionSchema, test: letterDistributionSchema }),
  }),
  flags: z.record(z.string(), z.number()),
});
export type SynthesisSummary = z.infer<typeof synthesisSummarySchema>;

/** The names of the files written to the output folder. */
export const SYNTHESIS_FILES = {
  qa: 'qa.jsonl',
  mc: 'mc.jsonl',
  failures: 'failures.jsonl',
  leakage: 'leakage-report.json',
  trainChat: 'train-chat.jsonl',
  valChat: 'val-chat.jsonl',
  units: 'units.jsonl',
  summary: 'summary.json',
  manifest: 'manifest.json',
} as const;

function flagCounts(items: ReadonlyArray<QaItem | McItem>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) for (const flag of item.flags) counts[flag] = (counts[flag] ?? 0) + 1;
  return counts;
}

/** Writes every dataset file; returns the paths written, by name, with their record counts. */
export async function writeSynthesisOutputs(
  directory: string,
  datasets: AssembledDatasets,
  units: readonly GenerationUnit[],
  runId: string,
): Promise<Array<{ name: string; path: string; records?: number }>> {
  const written: Array<{ name: string; path: string; records?: number }> = [];
  const jsonl = async (name: string, file: string, records: readonly unknown[]): Promise<void> => {
    const path = join(directory, file);
    // Items carry ids; no file may hold two records with one id (failure records have none).
    const identified = records.filter((record): record is { id: string } => typeof (record as { id?: unknown }).id === 'string');
    uniqueRecords(identified, path);
    await writeJsonlAtomic(path, records);
    written.push({ name, path, records: records.length });
  };
  await jsonl('qa', SYNTHESIS_FILES.qa, datasets.qa);
  await jsonl('mc', SYNTHESIS_FILES.mc, datasets.mc);
  for (const split of SPLIT_NAMES) {
    await jsonl(`qa-${split}`, `qa-${split}.jsonl`, datasets.qa.filter((item) => item.split === split));
    await jsonl(`mc-${split}`, `mc-${split}.jsonl`, datasets.mc.filter((item) => item.split === split));
  }
  await jsonl('failures', SYNTHESIS_FILES.failures, datasets.failures);
  await jsonl('train-chat', SYNTHESIS_FILES.trainChat, datasets.trainChat);
  await jsonl('val-chat', SYNTHESIS_FILES.valChat, datasets.valChat);
  await jsonl('units', SYNTHESIS_FILES.units, units);
  const leakagePath = join(directory, SYNTHESIS_FILES.leakage);
  await writeJsonAtomic(leakagePath, datasets.leakage);
  written.push({ name: 'leakage-report', path: leakagePath });
  const summary: SynthesisSummary = {
    runId,
    counts: datasets.counts,
    letters: datasets.letters,
    flags: flagCounts([...datasets.qa, ...datasets.mc]),
  };
  const summaryPath = join(directory, SYNTHESIS_FILES.summary);
  await writeJsonAtomic(summaryPath, synthesisSummarySchema.parse(summary));
  written.push({ name: 'summary', path: summaryPath });
  return written;
}

/** A synthesis output folder, read back and validated. */
export interface SynthesisOutputs {
  directory: string;
  qa: QaItem[];
  mc: McItem[];
  failures: FailureRecord[];
  leakage: LeakageReport;
  trainChat: ChatRecord[];
  units: GenerationUnit[];
  summary: SynthesisSummary;
  manifest: RunManifest | null;
}

/** True when `directory` holds a complete synthesis output (its summary is written last of the data files). */
export async function hasSynthesisOutputs(directory: string): Promise<boolean> {
  return pathExists(join(directory, SYNTHESIS_FILES.summary));
}

/** Reads and validates a synthesis output folder. */
export async function readSynthesisOutputs(directory: string): Promise<SynthesisOutputs> {
  const manifestPath = join(directory, SYNTHESIS_FILES.manifest);
  return {
    directory,
    qa: await readJsonl(join(directory, SYNTHESIS_FILES.qa), qaItemSchema),
    mc: await readJsonl(join(directory, SYNTHESIS_FILES.mc), mcItemSchema),
    failures: await readJsonl(join(directory, SYNTHESIS_FILES.failures), failureRecordSchema),
    leakage: await readJson(join(directory, SYNTHESIS_FILES.leakage), leakageReportSchema),
    trainChat: await readJsonl(join(directory, SYNTHESIS_FILES.trainChat), chatRecordSchema),
    units: await readJsonl(join(directory, SYNTHESIS_FILES.units), generationUnitSchema),
    summary: await readJson(join(directory, SYNTHESIS_FILES.summary), synthesisSummarySchema),
    manifest: (await pathExists(manifestPath)) ? await readJson(manifestPath, runManifestSchema) : null,
  };
}
