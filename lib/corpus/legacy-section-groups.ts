/**
 * The authors' splitting of a cleaned document into generation units (`Processor.split_document` and
 * `process_markdown_dir` in `datageneration/utils/processor.py`; authors' pipeline §1.4), reproduced for
 * comparison:
 *
 * 1. The whole document is one chunk with line range `(0, n_lines)`.
 * 2. `chunksize = 20`; while some chunk has more cl100k tokens than the limit (50 000 for Q&A, 48 000 for
 *    multiple choice) and `chunksize > 1`: `chunksize //= 2` and every over-limit chunk is re-split into groups
 *    of `chunksize` heading-sections. The sizes actually used are 10, 5, 2, 1 — 20 is halved before its first
 *    use. A single section still over the limit at size 1 is sent anyway.
 * 3. A section starts at every line whose stripped text begins with `#` (so `#hashtag` lines too); lines keep
 *    a `\n`; a group's text is its sections joined with `"\n"`, which inserts an empty line between sections,
 *    so line numbers inside a re-split chunk drift from the document's.
 * 4. **Off-by-one:** when a group is closed, its end is recorded as the end line of the *next* section (the
 *    one that triggered the flush), so a recorded range `"<start>-<end>"` overlaps the next group by one
 *    section. The last group ends at the chunk's line count.
 *
 * Each group keeps the authors' text and recorded range, plus the exact line range it covers in the document
 * (tracked through the inserted lines), so it can be turned into a {@link Chunk} with an exact span.
 */
import { countTokensLikeAuthors } from './cl100k-tokenizer.js';

/** One generation unit as the authors' code produced it. */
export interface LegacySectionGroup {
  /** The authors' chunk text (sections joined with `"\n"`). */
  text: string;
  /** Recorded start line (the authors' `context` range start). */
  recordedStartLine: number;
  /** Recorded end line, with the off-by-one. */
  recordedEndLine: number;
  /** First document line (0-based) the group really contains. */
  startLine: number;
  /** One past the last document line the group really contains. */
  endLine: number;
  /** The group size (sections per group) that produced it; 0 for the unsplit document. */
  sectionsPerGroup: number;
  /** cl100k tokens, counted as the authors did. */
  tokens: number;
}

/** Python's `str.splitlines()` (no keepends): the line boundaries Python recognises. */
export function pythonSplitlines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface WorkingChunk {
  text: string;
  start: number;
  end: number;
  /** Document line of each line of `text`, or -1 for an inserted empty line. */
  lineMap: number[];
  sectionsPerGroup: number;
  tokens: number;
}

function splitDocument(chunk: WorkingChunk, chunkSize: number, count: (text: string) => number): WorkingChunk[] {
  const lines = pythonSplitlines(chunk.text);
  const sections: Array<{ text: string; start: number; end: number; map: number[] }> = [];
  let current: string[] = [];
  let currentMap: number[] = [];
  let currentStart = 0;
  lines.forEach((line, index) => {
    if (line.trim().startsWith('#')) {
      if (current.length > 0) sections.push({ text: current.join(''), start: currentStart, end: index, map: currentMap });
      current = [];
      currentMap = [];
      currentStart = index;
    }
    current.push(`${line}\n`);
    currentMap.push(chunk.lineMap[index] ?? -1);
  });
  if (current.length > 0) sections.push({ text: current.join(''), start: currentStart, end: lines.length, map: currentMap });

  const groups: WorkingChunk[] = [];
  let groupTexts: string[] = [];
  let groupMap: number[] = [];
  let groupStart = 0;
  const close = (end: number): void => {
    const text = groupTexts.join('\n');
    groups.push({ text, start: chunk.start + groupStart, end: chunk.start + end, lineMap: groupMap, sectionsPerGroup: chunkSize, tokens: count(text) });
  };
  for (const section of sections) {
    if (groupTexts.length >= chunkSize && groupTexts.length > 0) {
      close(section.end);
      groupTexts = [];
      groupMap = [];
      groupStart = section.start;
    }
    if (groupTexts.length > 0) groupMap.push(-1);
    groupTexts.push(section.text);
    groupMap.push(...section.map);
  }
  if (groupTexts.length > 0) close(lines.length);
  return groups;
}

/**
 * Splits `text` into the authors' generation units under `tokenLimit` cl100k tokens (see module
 * documentation). `count` defaults to the authors' token counter.
 */
export function legacySectionGroups(text: string, tokenLimit: number, count: (text: string) => number = countTokensLikeAuthors): LegacySectionGroup[] {
  const lineCount = pythonSplitlines(text).length;
  let chunks: WorkingChunk[] = [
    { text, start: 0, end: lineCount, lineMap: Array.from({ length: lineCount }, (_, index) => index), sectionsPerGroup: 0, tokens: count(text) },
  ];
  let chunkSize = 20;
  while (chunks.some((chunk) => chunk.tokens > tokenLimit) && chunkSize > 1) {
    chunkSize = Math.max(1, Math.floor(chunkSize / 2));
    chunks = chunks.flatMap((chunk) => (chunk.tokens > tokenLimit ? splitDocument(chunk, chunkSize, count) : [chunk]));
  }
  return chunks.map((chunk) => {
    const real = chunk.lineMap.filter((line) => line >= 0);
    return {
      text: chunk.text,
      recordedStartLine: chunk.start,
      recordedEndLine: chunk.end,
      startLine: real.length > 0 ? real.reduce((low, line) => Math.min(low, line)) : chunk.start,
      endLine: real.length > 0 ? real.reduce((high, line) => Math.max(high, line)) + 1 : chunk.start,
      sectionsPerGroup: chunk.sectionsPerGroup,
      tokens: chunk.tokens,
    };
  });
}
