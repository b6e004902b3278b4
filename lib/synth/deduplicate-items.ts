/**
 * Removes exact and near-duplicate items (see {@link findDuplicatePairs} for the method and threshold),
 * within and across splits, and says which item each removed one duplicated.
 *
 * Which copy survives: items are ordered train → val → test, then by their order in the input, and of every
 * duplicate pair the later one is removed when the earlier one is still kept. So a test item that repeats a
 * training item is the one removed (leakage is resolved in favour of the evaluation sets being clean), and in
 * a chain A ≈ B ≈ C where A and C are not similar, only B goes.
 */
import type { RandomSource } from '../core/random.js';
import type { McItem, QaItem, SplitName } from '../schemas/synthesis.js';
import { findDuplicatePairs, type DuplicatePair } from './near-duplicates.js';

const SPLIT_RANK: Record<SplitName, number> = { train: 0, val: 1, test: 2 };

/** The text two items are compared by: question and answer (multiple choice: question and correct option). */
export function duplicateText(item: QaItem | McItem): string {
  if ('options' in item) return `${item.question}\n${item.options['ABCD'.indexOf(item.answer)] ?? ''}`;
  return `${item.question}\n${item.answer}`;
}

export interface RemovedDuplicate {
  id: string;
  duplicateOf: string;
  jaccard: number;
  kind: 'exact' | 'near';
  split: SplitName | null;
  duplicateOfSplit: SplitName | null;
}

export interface DeduplicationResult<Item> {
  kept: Item[];
  removed: RemovedDuplicate[];
  /** Every duplicate pair found (before removal), with both items' splits. */
  pairs: Array<DuplicatePair & { firstSplit: SplitName | null; secondSplit: SplitName | null }>;
}

/** Deduplicates items of one kind; `kept` preserves the input order. */
export function deduplicateItems<Item extends QaItem | McItem>(
  items: readonly Item[],
  options: { random: RandomSource; threshold?: number },
): DeduplicationResult<Item> {
  const ordered = items
    .map((item, position) => ({ item, position }))
    .sort(
      (left, right) =>
        (left.item.split ? SPLIT_RANK[left.item.split] : 0) - (right.item.split ? SPLIT_RANK[right.item.split] : 0) ||
        left.position - right.position,
    );
  const byId = new Map(items.map((item) => [item.id, item]));
  const pairs = findDuplicatePairs(
    ordered.map(({ item }) => ({ id: item.id, text: duplicateText(item) })),
    { random: options.random, ...(options.threshold === undefined ? {} : { threshold: options.threshold }) },
  );
  const removedIds = new Map<string, RemovedDuplicate>();
  for (const pair of pairs) {
    if (removedIds.has(pair.firstId) || removedIds.has(pair.secondId)) continue;
    const first = byId.get(pair.firstId) as Item;
    const second = byId.get(pair.secondId) as Item;
    removedIds.set(pair.secondId, {
      id: pair.secondId,
      duplicateOf: pair.firstId,
      jaccard: pair.jaccard,
      kind: pair.kind,
      split: second.split ?? null,
      duplicateOfSplit: first.split ?? null,
    });
  }
  return {
    kept: items.filter((item) => !removedIds.has(item.id)),
    removed: [...removedIds.values()],
    pairs: pairs.map((pair) => ({
      ...pair,
      firstSplit: byId.get(pair.firstId)?.split ?? null,
      secondSplit: byId.get(pair.secondId)?.split ?? null,
    })),
  };
}
