/**
 * `leakage-report.json`: how much an evaluation split can be answered from what the model was trained on.
 *
 * 1. **Near duplicates across splits** — item pairs (same kind) in different splits with shingle Jaccard at
 *    or above the threshold, found before deduplication, and how many remain after it (zero by construction:
 *    the evaluation-side copy is removed).
 * 2. **Shared sources** — validation/test items whose source document, or source chunk, also produced a
 *    training item of either kind (Q&A and multiple-choice training items both go into the finetuning data).
 * 3. **Multiple-choice test facts taught by Q&A training** — MC test items with a Q&A training item from the
 *    same chunk, and among those the ones whose correct option is largely contained in that Q&A item
 *    (support score of the correct option against the Q&A question + answer ≥ 0.5, the threshold of
 *    {@link SUPPORT_THRESHOLD}).
 *
 * With document-level splits 2 and 3 are zero; with the legacy within-document split they are not, which is
 * the point of reporting them.
 */
import { z } from 'zod';
import type { McItem, QaItem, SplitName } from '../schemas/synthesis.js';
import type { DeduplicationResult } from './deduplicate-items.js';
import { OPTION_LETTERS } from './multiple-choice.js';
import { SUPPORT_THRESHOLD, supportScore } from './supporting-span.js';

const countsBySplitSchema = z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() });

const duplicateSummarySchema = z.object({
  pairsWithinSplits: z.number().int().nonnegative(),
  pairsAcrossSplits: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  removedAcrossSplits: z.number().int().nonnegative(),
  remainingAcrossSplits: z.number().int().nonnegative(),
  examples: z.array(
    z.object({ firstId: z.string(), secondId: z.string(), firstSplit: z.string().nullable(), secondSplit: z.string().nullable(), jaccard: z.number() }),
  ),
});

const sharedSourceSchema = z.object({
  items: z.number().int().nonnegative(),
  documentAlsoInTraining: z.number().int().nonnegative(),
  chunkAlsoInTraining: z.number().int().nonnegative(),
});

export const leakageReportSchema = z.object({
  splitMode: z.enum(['document', 'within-document']),
  seed: z.union([z.number(), z.string()]),
  duplicateDetection: z.object({
    method: z.string(),
    jaccardThreshold: z.number(),
    shingleSize: z.number().int(),
    bands: z.number().int(),
    rowsPerBand: z.number().int(),
  }),
  /** Number of source documents that contributed items to each split (a document can count in several). */
  documents: countsBySplitSchema,
  items: z.object({ qa: countsBySplitSchema, mc: countsBySplitSchema }),
  nearDuplicates: z.object({ qa: duplicateSummarySchema, mc: duplicateSummarySchema }),
  sharedSources: z.object({
    qa: z.object({ val: sharedSourceSchema, test: sharedSourceSchema }),
    mc: z.object({ val: sharedSourceSchema, test: sharedSourceSchema }),
  }),
  multipleChoiceTestFromQaTraining: z.object({
    mcTestItems: z.number().int().nonnegative(),
    sameChunkAsQaTraining: z.number().int().nonnegative(),
    factInQaTraining: z.number().int().nonnegative(),
    supportThreshold: z.number(),
    examples: z.array(z.object({ mcId: z.string(), qaId: z.string(), chunkId: z.string(), score: z.number() })),
  }),
});
export type LeakageReport = z.infer<typeof leakageReportSchema>;

const MAX_EXAMPLES = 20;

function countBySplit(items: ReadonlyArray<{ split?: SplitName | undefined }>): Record<SplitName, number> {
  const counts: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  for (const item of items) if (item.split) counts[item.split]++;
  return counts;
}

function summariseDuplicates(result: DeduplicationResult<QaItem | McItem>): z.infer<typeof duplicateSummarySchema> {
  const across = result.pairs.filter((pair) => pair.firstSplit !== pair.secondSplit);
  const removed = new Set(result.removed.map((entry) => entry.id));
  return {
    pairsWithinSplits: result.pairs.length - across.length,
    pairsAcrossSplits: across.length,
    removed: result.removed.length,
    removedAcrossSplits: result.removed.filter((entry) => entry.split !== entry.duplicateOfSplit).length,
    remainingAcrossSplits: across.filter((pair) => !removed.has(pair.firstId) && !removed.has(pair.secondId)).length,
    examples: across.slice(0, MAX_EXAMPLES).map(({ firstId, secondId, firstSplit, secondSplit, jaccard }) => ({
      firstId,
      secondId,
      firstSplit,
      secondSplit,
      jaccard,
    })),
  };
}

export interface LeakageReportInput {
  splitMode: 'document' | 'within-document';
  seed: number | string;
  duplicateDetection: LeakageReport['duplicateDetection'];
  /** Items after deduplication, with splits. */
  qa: readonly QaItem[];
  mc: readonly McItem[];
  qaDeduplication: DeduplicationResult<QaItem>;
  mcDeduplication: DeduplicationResult<McItem>;
}

/** Builds the leakage report from split, deduplicated items and the deduplication results. */
export function buildLeakageReport(input: LeakageReportInput): LeakageReport {
  const training = [...input.qa, ...input.mc].filter((item) => item.split === 'train');
  const trainingDocuments = new Set(training.map((item) => item.source.documentId));
  const trainingChunks = new Set(training.flatMap((item) => (item.source.chunkId ? [item.source.chunkId] : [])));
  const shared = (items: ReadonlyArray<QaItem | McItem>, split: SplitName): z.infer<typeof sharedSourceSchema> => {
    const inSplit = items.filter((item) => item.split === split);
    return {
      items: inSplit.length,
      documentAlsoInTraining: inSplit.filter((item) => trainingDocuments.has(item.source.documentId)).length,
      chunkAlsoInTraining: inSplit.filter((item) => item.source.chunkId !== undefined && trainingChunks.has(item.source.chunkId)).length,
    };
  };
  const qaTrainingByChunk = new Map<string, QaItem[]>();
  for (const item of input.qa) {
    if (item.split !== 'train' || !item.source.chunkId) continue;
    const list = qaTrainingByChunk.get(item.source.chunkId);
    if (list) list.push(item);
    else qaTrainingByChunk.set(item.source.chunkId, [item]);
  }
  const mcTest = input.mc.filter((item) => item.split === 'test');
  let sameChunk = 0;
  let factInTraining = 0;
  const examples: LeakageReport['multipleChoiceTestFromQaTraining']['examples'] = [];
  for (const item of mcTest) {
    const chunkId = item.source.chunkId;
    const candidates = chunkId ? (qaTrainingByChunk.get(chunkId) ?? []) : [];
    if (candidates.length === 0) continue;
    sameChunk++;
    const correct = item.options[OPTION_LETTERS.indexOf(item.answer)] ?? '';
    let best: { qaId: string; score: number } | undefined;
    for (const qa of candidates) {
      const score = supportScore(item.question, correct, `${qa.question} ${qa.answer}`);
      if (!best || score > best.score) best = { qaId: qa.id, score };
    }
    if (best && best.score >= SUPPORT_THRESHOLD) {
      factInTraining++;
      if (examples.length < MAX_EXAMPLES) examples.push({ mcId: item.id, qaId: best.qaId, chunkId: chunkId as string, score: best.score });
    }
  }
  const documentsBySplit: Record<SplitName, Set<string>> = { train: new Set(), val: new Set(), test: new Set() };
  for (const item of [...input.qa, ...input.mc]) if (item.split) documentsBySplit[item.split].add(item.source.documentId);
  const documents = { train: documentsBySplit.train.size, val: documentsBySplit.val.size, test: documentsBySplit.test.size };
  return leakageReportSchema.parse({
    splitMode: input.splitMode,
    seed: input.seed,
    duplicateDetection: input.duplicateDetection,
    documents,
    items: { qa: countBySplit(input.qa), mc: countBySplit(input.mc) },
    nearDuplicates: {
      qa: summariseDuplicates(input.qaDeduplication as DeduplicationResult<QaItem | McItem>),
      mc: summariseDuplicates(input.mcDeduplication as DeduplicationResult<QaItem | McItem>),
    },
    sharedSources: {
      qa: { val: shared(input.qa, 'val'), test: shared(input.qa, 'test') },
      mc: { val: shared(input.mc, 'val'), test: shared(input.mc, 'test') },
    },
    multipleChoiceTestFromQaTraining: {
      mcTestItems: mcTest.length,
      sameChunkAsQaTraining: sameChunk,
      factInQaTraining: factInTraining,
      supportThreshold: SUPPORT_THRESHOLD,
      examples,
    },
  });
}
