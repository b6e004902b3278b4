/**
 * Generation units for synthesis: consecutive heading-sections grouped greedily under a cl100k token budget,
 * with exact spans — the corrected counterpart of the authors' halving scheme (legacy-section-groups.ts).
 *
 * A section runs from a heading line to the next heading line (any level); text before the first heading is
 * a section too. Sections are added to the current group while the group's text (the exact slice of the
 * document, counted as one text) stays within the budget; the next section opens a new group. A section that
 * alone exceeds the budget is split with the recursive splitter under the same budget (token lengths, no
 * overlap) — so, unlike the authors' code, no unit is over budget (up to the token or two by which joining
 * texts can change a count while the group is still below 95 % of the budget). Groups never overlap and together cover every non-blank character of the text.
 *
 * @example
 * groupSectionsByTokens('# A\nalpha\n# B\nbeta\n', { tokenBudget: 1000 }); // one group: the whole text
 */
import { countCl100kTokens } from './cl100k-tokenizer.js';
import { findHeadings } from './markdown-headings.js';
import { splitRecursive } from './recursive-split.js';

export interface SectionGroup {
  start: number;
  end: number;
  text: string;
  tokens: number;
  /** Number of whole sections in the group (0 for a piece of an over-budget section). */
  sections: number;
}

/** Section boundaries of markdown text: the start offset of each section, in order. */
export function sectionStarts(text: string): number[] {
  const starts = findHeadings(text).map((heading) => heading.start);
  if (starts[0] !== 0) starts.unshift(0);
  return starts;
}

function trimmedSpan(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const raw = text.slice(start, end);
  const leading = raw.length - raw.trimStart().length;
  if (leading === raw.length) return undefined;
  return { start: start + leading, end: end - (raw.length - raw.trimEnd().length) };
}

/**
 * Recursive splitting whose pieces are within the budget by their exact count: the recursive splitter adds up
 * the counts of the small pieces it joins, which can undercount a joined text by a token or two, so a piece
 * that comes out over budget is split again with a smaller size.
 */
function splitUnderBudget(text: string, budget: number, count: (text: string) => number): Array<{ start: number; end: number }> {
  const pieces: Array<{ start: number; end: number }> = [];
  for (const piece of splitRecursive(text, { chunkSize: budget, chunkOverlap: 0, length: count })) {
    const tokens = count(piece.text);
    if (tokens <= budget || budget <= 1) pieces.push(piece);
    else {
      for (const smaller of splitUnderBudget(piece.text, Math.max(1, budget - (tokens - budget) - 1), count)) {
        pieces.push({ start: piece.start + smaller.start, end: piece.start + smaller.end });
      }
    }
  }
  return pieces;
}

/** Groups the sections of `text` under `tokenBudget` tokens (see module documentation). */
export function groupSectionsByTokens(
  text: string,
  options: { tokenBudget: number; count?: (text: string) => number },
): SectionGroup[] {
  const count = options.count ?? countCl100kTokens;
  const starts = sectionStarts(text);
  const sections = starts.map((start, index) => ({ start, end: starts[index + 1] ?? text.length }));
  const groups: SectionGroup[] = [];
  const emit = (start: number, end: number, sections: number): void => {
    const span = trimmedSpan(text, start, end);
    if (!span) return;
    const slice = text.slice(span.start, span.end);
    groups.push({ ...span, text: slice, tokens: count(slice), sections });
  };
  let groupStart = -1;
  let groupEnd = -1;
  let groupSections = 0;
  let groupTokens = 0;
  for (const section of sections) {
    const sectionTokens = count(text.slice(section.start, section.end));
    if (groupStart >= 0) {
      // Well below the budget the sum of section counts decides (a join changes a count by a token or
      // two); near the budget the exact count of the joined slice decides.
      const estimate = groupTokens + sectionTokens;
      const exact = estimate <= options.tokenBudget * 0.95 ? estimate : count(text.slice(groupStart, section.end));
      if (exact <= options.tokenBudget) {
        groupEnd = section.end;
        groupSections++;
        groupTokens = exact;
        continue;
      }
      emit(groupStart, groupEnd, groupSections);
      groupStart = -1;
    }
    if (sectionTokens > options.tokenBudget) {
      for (const piece of splitUnderBudget(text.slice(section.start, section.end), options.tokenBudget, count)) {
        emit(section.start + piece.start, section.start + piece.end, 0);
      }
      continue;
    }
    groupStart = section.start;
    groupEnd = section.end;
    groupSections = 1;
    groupTokens = sectionTokens;
  }
  if (groupStart >= 0) emit(groupStart, groupEnd, groupSections);
  return groups;
}
