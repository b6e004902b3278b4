/**
 * From generated items to the final datasets: assign splits (by document, or the legacy within-document
 * split), remove exact and near duplicates within and across splits (the removed items go to the failure
 * records with the item they duplicated), build the leakage report, the answer-letter distributions and the
 * chat-format training records. Pure: the same input and options give the same output.
 */
import { z } from 'zod';
import { createRandom } from '../core/random.js';
import type { McItem, QaItem, SplitName } from '../schemas/synthesis.js';
import { mcChatRecord, qaChatRecord, type ChatRecord } from './chat-records.js';
import { assignDocumentSplits, DEFAULT_SPLIT_RATIOS, SPLIT_NAMES, splitWithinDocuments, type SplitRatios } from './dataset-splits.js';
import { deduplicateItems, type DeduplicationResult } from './deduplicate-items.js';
import type { FailureRecord } from './failure-record.js';
import type { GenerationUnit } from './generation-unit.js';
import { buildLeakageReport, type LeakageReport } from './leakage-report.js';
import { answerLetterDistribution, type LetterDistribution } from './letter-distribution.js';
import { DEFAULT_BANDS, DEFAULT_JACCARD_THRESHOLD, DEFAULT_ROWS_PER_BAND, DEFAULT_SHINGLE_SIZE } from './near-duplicates.js';

export const splitModeSchema = z.enum(['document', 'within-document']);
export type SplitMode = z.infer<typeof splitModeSchema>;

export interface AssembleOptions {
  seed: number | string;
  ratios?: SplitRatios;
  splitMode?: SplitMode;
  /** Jaccard threshold for near duplicates (default {@link DEFAULT_JACCARD_THRESHOLD}). */
  duplicateThreshold?: number;
}

export interface AssembleInput {
  /** Every generation unit of the run (their count per document weights the document split). */
  units: readonly GenerationUnit[];
  /** Generated items in unit order, then reply order. */
  qa: readonly QaItem[];
  mc: readonly McItem[];
  /** Failures recorded during generation. */
  failures: readonly FailureRecord[];
}

export interface AssembledDatasets {
  qa: QaItem[];
  mc: McItem[];
  failures: FailureRecord[];
  leakage: LeakageReport;
  letters: { generated: LetterDistribution; shuffled: LetterDistribution; shuffledBySplit: Record<SplitName, LetterDistribution> };
  trainChat: ChatRecord[];
  valChat: ChatRecord[];
  counts: Record<string, number>;
}

function duplicateFailures<Item extends QaItem | McItem>(kind: 'qa' | 'mc', items: readonly Item[], result: DeduplicationResult<Item>): FailureRecord[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return result.removed.map((removed) => {
    const item = byId.get(removed.id) as Item;
    return {
      scope: 'item',
      itemKind: kind,
      stage: 'deduplicate',
      unitId: item.source.chunkId ?? '',
      documentId: item.source.documentId,
      itemId: item.id,
      reason: `${removed.kind} duplicate of ${removed.duplicateOf}${removed.split === removed.duplicateOfSplit ? '' : ` (${removed.split} vs ${removed.duplicateOfSplit})`}`,
      raw: JSON.stringify(item),
      duplicateOf: removed.duplicateOf,
      jaccard: removed.jaccard,
    };
  });
}

/** Assigns splits, deduplicates and builds the reports and training records. */
export function assembleDatasets(input: AssembleInput, options: AssembleOptions): AssembledDatasets {
  const ratios = options.ratios ?? DEFAULT_SPLIT_RATIOS;
  const splitMode = options.splitMode ?? 'document';
  const random = createRandom(options.seed, 'synthesis-assembly');
  let qaSplit: (item: QaItem) => SplitName;
  let mcSplit: (item: McItem) => SplitName;
  if (splitMode === 'document') {
    const weights = new Map<string, number>();
    for (const unit of input.units) weights.set(unit.documentId, (weights.get(unit.documentId) ?? 0) + 1);
    const documents = assignDocumentSplits(
      [...weights].map(([id, weight]) => ({ id, weight })),
      { seed: options.seed, ratios },
    );
    qaSplit = (item) => documents.get(item.source.documentId) ?? 'train';
    mcSplit = (item) => documents.get(item.source.documentId) ?? 'train';
  } else {
    const qaAssignment = splitWithinDocuments(
      input.qa.map((item) => ({ id: item.id, documentId: item.source.documentId })),
      { seed: options.seed, ratios, label: 'qa' },
    );
    const mcAssignment = splitWithinDocuments(
      input.mc.map((item) => ({ id: item.id, documentId: item.source.documentId })),
      { seed: options.seed, ratios, label: 'mc' },
    );
    qaSplit = (item) => qaAssignment.get(item.id) ?? 'train';
    mcSplit = (item) => mcAssignment.get(item.id) ?? 'train';
  }
  const qaWithSplits = input.qa.map((item) => ({ ...item, split: qaSplit(item) }));
  const mcWithSplits = input.mc.map((item) => ({ ...item, split: mcSplit(item) }));
  const threshold = options.duplicateThreshold ?? DEFAULT_JACCARD_THRESHOLD;
  const qaDeduplication = deduplicateItems(qaWithSplits, { random: random.fork('qa-duplicates'), threshold });
  const mcDeduplication = deduplicateItems(mcWithSplits, { random: random.fork('mc-duplicates'), threshold });
  const qa = qaDeduplication.kept;
  const mc = mcDeduplication.kept;
  const leakage = buildLeakageReport({
    splitMode,
    seed: options.seed,
    duplicateDetection: {
      method: 'MinHash over word shingles, LSH banding, exact Jaccard confirmation',
      jaccardThreshold: threshold,
      shingleSize: DEFAULT_SHINGLE_SIZE,
      bands: DEFAULT_BANDS,
      rowsPerBand: DEFAULT_ROWS_PER_BAND,
    },
    qa,
    mc,
    qaDeduplication,
    mcDeduplication,
  });
  const failures = [
    ...input.failures,
    ...duplicateFailures('qa', qaWithSplits, qaDeduplication),
    ...duplicateFailures('mc', mcWithSplits, mcDeduplication),
  ];
  const chatFor = (split: SplitName): ChatRecord[] =>
    random
      .fork(`chat-${split}`)
      .shuffle([...qa.filter((item) => item.split === split).map(qaChatRecord), ...mc.filter((item) => item.split === split).map(mcChatRecord)]);
  const shuffledBySplit = Object.fromEntries(
    SPLIT_NAMES.map((split) => [split, answerLetterDistribution(mc.filter((item) => item.split === split).map((item) => item.answer))]),
  ) as Record<SplitName, LetterDistribution>;
  const counts: Record<string, number> = {
    units: input.units.length,
    qaGenerated: input.qa.length,
    mcGenerated: input.mc.length,
    qaItems: qa.length,
    mcItems: mc.length,
    qaDuplicatesRemoved: qaDeduplication.removed.length,
    mcDuplicatesRemoved: mcDeduplication.removed.length,
    failures: failures.length,
    unitFailures: input.failures.filter((failure) => failure.scope === 'unit').length,
    itemFailures: input.failures.filter((failure) => failure.scope === 'item').length,
    flaggedNotSupported: [...qa, ...mc].filter((item) => item.flags.includes('answer-not-supported')).length,
  };
  for (const split of SPLIT_NAMES) {
    counts[`qa_${split}`] = qa.filter((item) => item.split === split).length;
    counts[`mc_${split}`] = mc.filter((item) => item.split === split).length;
  }
  return {
    qa,
    mc,
    failures,
    leakage,
    letters: {
      generated: answerLetterDistribution(mc.flatMap((item) => (item.generatedAnswer ? [item.generatedAnswer] : []))),
      shuffled: answerLetterDistribution(mc.map((item) => item.answer)),
      shuffledBySplit,
    },
    trainChat: chatFor('train'),
    valChat: chatFor('val'),
    counts,
  };
}
