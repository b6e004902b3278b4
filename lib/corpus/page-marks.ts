/**
 * Page boundaries that survive cleaning. While a paged document (PDF, MinerU) is cleaned, the start of each
 * page is marked in the text with the Unicode noncharacter U+FDD0 — a code point the standard reserves for a
 * program's internal use, which never appears in interchanged text. Every cleaning step keeps the marks
 * (a removed section leaves its marks behind; whitespace collapsing moves them to the end of the whitespace),
 * and at the end {@link extractPageOffsets} removes them and returns where each page starts in the cleaned
 * text — the `pageOffsets` of a {@link CorpusDocument}.
 */

/** The page mark: U+FDD0, a Unicode noncharacter. */
export const PAGE_MARK = '\uFDD0';

const NONCHARACTERS = /[\uFDD0-\uFDEF]/g;

/** Joins page texts with blank lines, each page preceded by a page mark; stray noncharacters are dropped. */
export function joinPages(pages: readonly string[]): string {
  return pages.map((page) => PAGE_MARK + page.replace(NONCHARACTERS, '')).join('\n\n');
}

/** Removes noncharacters (including page marks) from source text that has no pages. */
export function stripNoncharacters(text: string): string {
  return text.replace(NONCHARACTERS, '');
}

/** Number of page marks in `text`. */
export function countPageMarks(text: string): number {
  let count = 0;
  for (let index = text.indexOf(PAGE_MARK); index !== -1; index = text.indexOf(PAGE_MARK, index + 1)) count++;
  return count;
}

/** Keeps only the page marks of `text` (what a removed span leaves behind). */
export function pageMarksOf(text: string): string {
  return PAGE_MARK.repeat(countPageMarks(text));
}

/** Removes the page marks and returns the clean text with the offset at which each page starts. */
export function extractPageOffsets(text: string): { text: string; pageOffsets: number[] } {
  const pageOffsets: number[] = [];
  let result = '';
  let cursor = 0;
  for (let index = text.indexOf(PAGE_MARK); index !== -1; index = text.indexOf(PAGE_MARK, index + 1)) {
    result += text.slice(cursor, index);
    pageOffsets.push(result.length);
    cursor = index + 1;
  }
  result += text.slice(cursor);
  return { text: result, pageOffsets };
}

/**
 * The 1-based page containing `offset`, given page start offsets (empty pages share their offset with the
 * next page; the last of them is the one that holds the text).
 */
export function pageAt(pageOffsets: readonly number[], offset: number): number {
  let low = 0;
  let high = pageOffsets.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (pageOffsets[middle]! <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found + 1;
}
