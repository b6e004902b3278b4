/**
 * Train / validation / test splits of the generated items.
 *
 * **By document (default).** Every item of a source document lands in the same split, so no test question
 * comes from a document (or chunk) that also fed training, and a multiple-choice test item cannot ask a fact
 * that a Q&A training item from the same passage teaches — the leakage of the authors' within-document
 * splits (docs/authors-pipeline.md §2.5, §7.1). Documents are visited in a seeded random order (each document's
 * position comes from `random.fork(documentId)`, so it depends only on the seed and that document's id) and
 * each goes to the split whose share of the total weight so far is furthest below its target ratio; the weight
 * of a document is its number of generation units, so the item-level ratios approach the targets even when
 * books and short articles are mixed. While there are only as many documents left as there are still-empty
 * splits with a non-zero ratio, the next document goes to one of those, so every requested split gets at least
 * one document when the corpus has enough of them.
 *
 * **Within documents (legacy, `--split within-document`).** The authors' scheme: the items of each document
 * are shuffled (seeded) and cut by the ratios, separately for Q&A and multiple choice, with the authors'
 * rounding ({@link allocateLikeAuthors}). Test items then share documents and chunks with training items; the
 * leakage report counts this.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { createRandom } from '../core/random.js';
import type { SplitName } from '../schemas/synthesis.js';

export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

export type SplitRatios = Record<SplitName, number>;

export const DEFAULT_SPLIT_RATIOS: SplitRatios = { train: 0.8, val: 0.1, test: 0.1 };

/** Checks that ratios are non-negative, finite, sum to 1 (±1e-9) and give training a non-zero share. */
export function validateSplitRatios(ratios: SplitRatios): SplitRatios {
  const values = SPLIT_NAMES.map((name) => ratios[name]);
  if (values.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new InvalidArgumentError('ratios', `must be non-negative numbers, got ${values.join(',')}`);
  }
  const sum = values.reduce((total, value) => total + value, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new InvalidArgumentError('ratios', `must sum to 1, got ${values.join(',')} (sum ${sum})`);
  if (ratios.train <= 0) throw new InvalidArgumentError('ratios', 'the training ratio must be greater than 0');
  return ratios;
}

/** Parses `0.8,0.1,0.1` (train, val, test). */
export function parseSplitRatios(text: string): SplitRatios {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map(Number);
  if (parts.length !== 3 || parts.some((part) => part === '') || values.some((value) => !Number.isFinite(value))) {
    throw new InvalidArgumentError('ratios', `expected three comma-separated numbers (train,val,test), got "${text}"`);
  }
  return validateSplitRatios({ train: values[0] as number, val: values[1] as number, test: values[2] as number });
}

/**
 * Splits `total` into counts proportional to the ratios by largest-remainder rounding (Hamilton's method);
 * ties in the remainder go to the split listed first (train, val, test).
 * @example
 * allocateByRatios(11, { train: 0.8, val: 0.1, test: 0.1 }); // { train: 9, val: 1, test: 1 }
 */
export function allocateByRatios(total: number, ratios: SplitRatios): Record<SplitName, number> {
  const exact = SPLIT_NAMES.map((name) => total * ratios[name]);
  const counts = exact.map((value) => Math.floor(value + 1e-9));
  let left = total - counts.reduce((sum, value) => sum + value, 0);
  const remainder = (index: number): number => (exact[index] as number) - (counts[index] as number);
  const order = SPLIT_NAMES.map((_, index) => index).sort((first, second) => remainder(second) - remainder(first) || first - second);
  for (const index of order) {
    if (left <= 0) break;
    if (ratios[SPLIT_NAMES[index] as SplitName] > 0) {
      counts[index] = (counts[index] as number) + 1;
      left--;
    }
  }
  return { train: counts[0] as number, val: counts[1] as number, test: counts[2] as number };
}

/**
 * The authors' per-document allocation (docs/authors-pipeline.md §2.5): scikit-learn's `train_test_split` rounds the
 * held-out part up, `ceil(test_size · n)`, so the evaluation part is `ceil((val + test) · n)` (at most n − 1;
 * a document with one item goes to training); that part is cut again with the test share rounded up, and a
 * held-out part of one item goes to validation.
 * @example
 * allocateLikeAuthors(6, { train: 0.8, val: 0.1, test: 0.1 }); // held out ceil(1.2) = 2 → { train: 4, val: 1, test: 1 }
 */
export function allocateLikeAuthors(total: number, ratios: SplitRatios): Record<SplitName, number> {
  const heldOutShare = ratios.val + ratios.test;
  if (total <= 1 || heldOutShare <= 0) return { train: total, val: 0, test: 0 };
  const heldOut = Math.min(total - 1, Math.ceil(heldOutShare * total - 1e-9));
  let test: number;
  if (ratios.val <= 0) test = heldOut;
  else if (ratios.test <= 0 || heldOut === 1) test = 0;
  else test = Math.ceil((ratios.test / heldOutShare) * heldOut - 1e-9);
  return { train: total - heldOut, val: heldOut - test, test };
}

export interface DocumentSplitOptions {
  seed: number | string;
  ratios?: SplitRatios;
}

/**
 * Assigns each document to a split (see module documentation). `documents` lists each document's id and
 * weight (e.g. its number of generation units; 1 gives document-count ratios). The result depends only on the
 * seed, the ids, the weights and the ratios — not on the order of `documents`.
 */
export function assignDocumentSplits(
  documents: ReadonlyArray<{ id: string; weight?: number }>,
  options: DocumentSplitOptions,
): Map<string, SplitName> {
  const ratios = validateSplitRatios(options.ratios ?? DEFAULT_SPLIT_RATIOS);
  const random = createRandom(options.seed, 'document-split');
  const unique = new Map<string, number>();
  for (const document of documents) {
    const weight = document.weight ?? 1;
    if (!(weight > 0) || !Number.isFinite(weight)) {
      throw new InvalidArgumentError('documents', `weight of ${document.id} must be a positive number, got ${weight}`);
    }
    unique.set(document.id, weight);
  }
  const ordered = [...unique.keys()]
    .map((id) => ({ id, key: random.fork(id).next() }))
    .sort((left, right) => left.key - right.key || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const assigned: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  const documentsIn: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  const result = new Map<string, SplitName>();
  let assignedTotal = 0;
  ordered.forEach(({ id }, position) => {
    const weight = unique.get(id) as number;
    const remaining = ordered.length - position;
    const empty = SPLIT_NAMES.filter((name) => ratios[name] > 0 && documentsIn[name] === 0);
    const candidates = remaining <= empty.length ? empty : SPLIT_NAMES.filter((name) => ratios[name] > 0);
    let chosen = candidates[0] as SplitName;
    let bestDeficit = Number.NEGATIVE_INFINITY;
    for (const name of candidates) {
      const deficit = ratios[name] * (assignedTotal + weight) - assigned[name];
      if (deficit > bestDeficit + 1e-12) {
        bestDeficit = deficit;
        chosen = name;
      }
    }
    result.set(id, chosen);
    assigned[chosen] += weight;
    documentsIn[chosen]++;
    assignedTotal += weight;
  });
  return result;
}

/**
 * The authors' within-document split (legacy): per document, the items (ordered by id, then shuffled with
 * `random.fork(label + documentId)`) are cut into train/val/test by {@link allocateLikeAuthors}.
 */
export function splitWithinDocuments(
  items: ReadonlyArray<{ id: string; documentId: string }>,
  options: DocumentSplitOptions & { label?: string },
): Map<string, SplitName> {
  const ratios = validateSplitRatios(options.ratios ?? DEFAULT_SPLIT_RATIOS);
  const random = createRandom(options.seed, 'within-document-split');
  const byDocument = new Map<string, string[]>();
  for (const item of items) {
    const list = byDocument.get(item.documentId);
    if (list) list.push(item.id);
    else byDocument.set(item.documentId, [item.id]);
  }
  const result = new Map<string, SplitName>();
  for (const [documentId, ids] of [...byDocument.entries()].sort(([left], [right]) => (left < right ? -1 : 1))) {
    const shuffled = random.fork(`${options.label ?? 'items'}/${documentId}`).shuffle([...new Set(ids)].sort());
    const counts = allocateLikeAuthors(shuffled.length, ratios);
    let position = 0;
    for (const name of SPLIT_NAMES) {
      for (let index = 0; index < counts[name]; index++) result.set(shuffled[position++] as string, name);
    }
  }
  return result;
}
