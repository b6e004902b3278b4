/**
 * Markdown headings: where they are, how deep they are, and the section path of any position.
 *
 * A heading is a line-anchored ATX heading (CommonMark): up to three spaces of indentation, 1–6 `#`, then a
 * space or tab and the title (optional closing `#`s are dropped). Lines inside fenced code blocks (``` or
 * ~~~) are not headings, and neither is a `#` anywhere else in a line. Setext headings (underlined with
 * `===`) are not recognised; MinerU and the PDF reader never produce them.
 *
 * **Heading levels of MinerU output.** MinerU writes every heading as `# `, whatever its depth. A document
 * whose headings are *all* single-`#` (two or more of them) is treated as such flat output and its levels are
 * inferred ({@link inferFlatHeadingLevels}). (Where MinerU's `content_list.json` reports depths, `text_level`
 * ≥ 2, the MinerU reader has already written them as `##`…, and the document is no longer flat.)
 * 1. an explicit level passed by the caller (≥ 2) wins;
 * 2. a numbered title `1.2.3 Title` (or `1.2.3. Title`) gets one level per number: `1` → 1, `3.1` → 2, `3.1.4` → 3;
 * 3. `Chapter 4`, `Kapitel 4`, `Part II`, `Teil II` → 1;
 * 4. a heading that is a single letter (`A`, `Ä`) — the letter dividers of a back-of-book index — is one level
 *    below the nearest preceding heading that is not a single letter;
 * 5. every other (unnumbered) heading — titles, front and back matter, `Abstract`, `References` — gets the
 *    level of the next numbered heading, or, after the last one, the shallowest numbered level of the
 *    document (1 when nothing is numbered). So in a chapter numbered `7`, `7.1`, `7.2`, … a `List of
 *    Abbreviations` before `7.1` is level 2 and ends where `7.1` begins, and `References` at the end is level 1.
 * Documents with real markdown levels (any heading with `##` or deeper) keep their levels.
 */

/** One ATX heading. Offsets are UTF-16 code units into the text it was found in. */
export interface MarkdownHeading {
  /** Offset of the start of the heading line (after any page marks that begin the line). */
  start: number;
  /** Offset of the end of the heading line (before its newline). */
  end: number;
  /** 0-based line number. */
  line: number;
  /** Number of `#` characters. */
  marker: number;
  /** The heading text without markers, trimmed. */
  title: string;
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Finds the line-anchored ATX headings of `text`, skipping fenced code blocks. */
export function findHeadings(text: string): MarkdownHeading[] {
  const headings: MarkdownHeading[] = [];
  let offset = 0;
  let line = 0;
  let fence: string | undefined;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline;
    // Page marks (see page-marks.ts) at the start of a line are transparent.
    let lead = 0;
    while (text.charCodeAt(offset + lead) === 0xfdd0 && offset + lead < end) lead++;
    const content = text.slice(offset + lead, end);
    const fenceMatch = FENCE.exec(content);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) fence = undefined;
    } else if (fenceMatch) {
      fence = fenceMatch[1]!;
    } else {
      const match = ATX_HEADING.exec(content);
      if (match) headings.push({ start: offset + lead, end, line, marker: match[1]!.length, title: (match[2] ?? '').trim() });
    }
    if (newline === -1) break;
    offset = newline + 1;
    line++;
  }
  return headings;
}

/** True for a heading that is a single letter: the letter dividers of an index. */
export function isLetterDivider(title: string): boolean {
  return /^\p{Lu}$/u.test(stripEmphasis(title).trim());
}

function stripEmphasis(title: string): string {
  return title.replace(/[*_`]/g, '');
}

/** True when every heading is single-`#` and there are at least two: MinerU-style flat output. */
export function hasFlatHeadings(headings: readonly MarkdownHeading[]): boolean {
  return headings.length >= 2 && headings.every((heading) => heading.marker === 1);
}

/**
 * The level a heading's numbering implies: `1.2.3 Title` → 3 (one level per number, at most three digits
 * each); `Chapter 4`, `Kapitel 4`, `Part II`, `Teil II` → 1; undefined for an unnumbered heading.
 */
export function levelFromNumbering(title: string): number | undefined {
  const plain = stripEmphasis(title).trim();
  const numbered = /^(\d{1,3}(?:\.\d{1,3})*)\.?(?:\s|$)/.exec(plain);
  if (numbered) return Math.min(6, numbered[1]!.split('.').length);
  if (/^(?:chapter|kapitel|part|teil)\s+(?:\d{1,3}|[IVXLC]+)\b/i.test(plain)) return 1;
  return undefined;
}

/**
 * Levels for flat (all `#`) headings, following the rules in the module documentation. `explicitLevels[i]`,
 * where given and ≥ 2, is a level the caller knows for heading `i`.
 */
export function inferFlatHeadingLevels(
  headings: readonly MarkdownHeading[],
  explicitLevels: ReadonlyArray<number | undefined> = [],
): number[] {
  const numbered = headings.map((heading, index) => {
    const explicit = explicitLevels[index];
    return explicit !== undefined && explicit >= 2 ? Math.min(6, explicit) : levelFromNumbering(heading.title);
  });
  const known = numbered.filter((level): level is number => level !== undefined);
  const shallowest = known.length > 0 ? Math.min(...known) : 1;
  const levels: number[] = [];
  let parentLevel = 0;
  headings.forEach((heading, index) => {
    let level: number;
    if (isLetterDivider(heading.title)) level = Math.min(6, parentLevel + 1);
    else {
      // Unnumbered: the level of the next numbered heading, else the shallowest numbered level.
      level = numbered[index] ?? numbered.slice(index + 1).find((next) => next !== undefined) ?? shallowest;
      parentLevel = level;
    }
    levels.push(level);
  });
  return levels;
}

/**
 * Rewrites heading markers so that heading `i` has `levels[i]` `#`s. Returns the new text and how many
 * headings changed.
 */
export function relevelHeadings(text: string, headings: readonly MarkdownHeading[], levels: readonly number[]): { text: string; changed: number } {
  let result = '';
  let cursor = 0;
  let changed = 0;
  headings.forEach((heading, index) => {
    const level = levels[index] ?? heading.marker;
    if (level === heading.marker) return;
    result += text.slice(cursor, heading.start) + `${'#'.repeat(level)} ${heading.title}`;
    cursor = heading.end;
    changed++;
  });
  return { text: result + text.slice(cursor), changed };
}

/** A heading with its level, as used for section paths. */
export interface OutlineEntry {
  start: number;
  level: number;
  title: string;
}

/** The heading outline of (cleaned) markdown: every heading with its marker level. */
export function headingOutline(text: string): OutlineEntry[] {
  return findHeadings(text).map((heading) => ({ start: heading.start, level: heading.marker, title: heading.title }));
}

/**
 * The section path at `offset`: the titles of the enclosing headings from the outermost down to the last
 * heading that starts at or before `offset`.
 */
export function sectionPathAt(outline: readonly OutlineEntry[], offset: number): string[] {
  const stack: OutlineEntry[] = [];
  for (const entry of outline) {
    if (entry.start > offset) break;
    while (stack.length > 0 && stack[stack.length - 1]!.level >= entry.level) stack.pop();
    stack.push(entry);
  }
  return stack.map((entry) => entry.title);
}
