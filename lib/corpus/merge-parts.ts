/**
 * Merging the parts of a book split into several files, in reading order, without the page the authors'
 * splitting duplicated.
 *
 * The authors cut PDFs of more than 300 pages into windows `range(0, n, 300)` and called MinerU with
 * `end_page_id = s + 300`, which MinerU treats as *inclusive*; the window named `_pages_1-300` therefore
 * holds pages 1–301 and page 301 appears again at the start of `_pages_301-600` (authors' pipeline §1.1).
 * Their merge kept both copies. Here:
 *
 * - parts with pages (PDF, MinerU) and page ranges in their names: pages of a part that lie at or beyond the
 *   first page of the next part are dropped from the earlier part (method `page-range`); whether the two
 *   copies were identical is reported;
 * - parts with pages but no ranges (`.partN`): the last page of a part is dropped when it equals the first
 *   page of the next (whitespace ignored);
 * - markdown parts (no pages): when the end of one part repeats at the start of the next — at least
 *   {@link MINIMUM_TEXT_OVERLAP} characters, starting at a word boundary — the repeat is dropped from the next
 *   part (method `text-overlap`). MinerU may merge a paragraph across the page boundary differently in the
 *   two windows; the overlap is found character by character, so this does not matter.
 *
 * Parts are joined with a blank line.
 */
import type { DroppedOverlap } from './corpus-records.js';
import { PAGE_MARK, countPageMarks } from './page-marks.js';

/** The smallest repeated stretch of text treated as a duplicated page between markdown parts. */
export const MINIMUM_TEXT_OVERLAP = 100;

/** One part ready for merging. */
export interface MergeablePart {
  path: string;
  /** Text, with page marks when `paged`. */
  text: string;
  paged: boolean;
  /** Absolute first page from a `_pages_<s>-<e>` name, or null. */
  pageRangeStart: number | null;
}

const squash = (text: string): string => text.split(PAGE_MARK).join('').replace(/\s+/g, ' ').trim();

/** Splits paged text into [text before the first page mark, page 1, page 2, ...]. */
function pagesOf(text: string): { before: string; pages: string[] } {
  const [before, ...pages] = text.split(PAGE_MARK);
  return { before: before ?? '', pages };
}

/** Length of the longest suffix of `left` that is a prefix of `right` (prefix function, linear time). */
export function longestSuffixPrefixOverlap(left: string, right: string): number {
  const tail = left.slice(Math.max(0, left.length - right.length));
  const combined = `${right}\u0000${tail}`;
  const failure = new Array<number>(combined.length).fill(0);
  for (let index = 1; index < combined.length; index++) {
    let length = failure[index - 1]!;
    while (length > 0 && combined[index] !== combined[length]) length = failure[length - 1]!;
    if (combined[index] === combined[length]) length++;
    failure[index] = length;
  }
  return Math.min(failure[combined.length - 1]!, right.length);
}

/** Merges parts (see module documentation); `dedupe: false` keeps duplicates, as the authors did. */
export function mergeParts(parts: readonly MergeablePart[], options: { dedupe?: boolean } = {}): { text: string; droppedOverlaps: DroppedOverlap[] } {
  const dedupe = options.dedupe ?? true;
  const texts = parts.map((part) => part.text);
  const droppedOverlaps: DroppedOverlap[] = [];
  if (dedupe) {
    for (let index = 0; index + 1 < parts.length; index++) {
      const part = parts[index]!;
      const next = parts[index + 1]!;
      if (part.paged && next.paged) {
        const current = pagesOf(texts[index]!);
        const following = pagesOf(texts[index + 1]!);
        let drop = 0;
        let method: DroppedOverlap['method'] = 'page-range';
        if (part.pageRangeStart !== null && next.pageRangeStart !== null) {
          const lastPage = part.pageRangeStart + current.pages.length - 1;
          drop = Math.max(0, Math.min(current.pages.length, lastPage - next.pageRangeStart + 1));
        } else if (current.pages.length > 0 && following.pages.length > 0 && squash(current.pages.at(-1)!) === squash(following.pages[0]!)) {
          drop = 1;
          method = 'text-overlap';
        }
        if (drop > 0) {
          const kept = current.pages.slice(0, current.pages.length - drop);
          const dropped = current.pages.slice(current.pages.length - drop);
          dropped.forEach((page, offset) => {
            const absolute = part.pageRangeStart !== null ? part.pageRangeStart + kept.length + offset : null;
            droppedOverlaps.push({
              part: part.path,
              page: absolute,
              characters: page.length,
              identical: following.pages[offset] !== undefined && squash(page) === squash(following.pages[offset]!),
              method,
            });
          });
          texts[index] = [current.before, ...kept].join(PAGE_MARK);
        }
      } else if (!part.paged && !next.paged) {
        const left = texts[index]!.trimEnd();
        const right = texts[index + 1]!.trimStart();
        const overlap = longestSuffixPrefixOverlap(left, right);
        const boundary = left.length - overlap;
        if (overlap >= MINIMUM_TEXT_OVERLAP && (boundary === 0 || /\s/.test(left[boundary - 1]!))) {
          texts[index + 1] = right.slice(overlap);
          droppedOverlaps.push({ part: next.path, page: null, characters: overlap, identical: true, method: 'text-overlap' });
        }
      }
    }
  }
  return { text: texts.map((text) => text.trim()).join('\n\n'), droppedOverlaps };
}

/** Number of pages of merged paged text. */
export function pageCountOf(text: string): number {
  return countPageMarks(text);
}
