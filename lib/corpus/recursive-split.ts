/**
 * Recursive character splitting — the RAG chunker of the paper (§4.1 of the authors' pipeline: LangChain
 * `RecursiveCharacterTextSplitter(chunk_size=1024, chunk_overlap=100)` with the library defaults
 * `separators ["\n\n", "\n", " ", ""]`, `keep_separator=True`, `strip_whitespace=True`).
 *
 * This is an independent implementation of the algorithm that produces, byte for byte, the chunks of
 * `RecursiveCharacterTextSplitter` from `@langchain/textsplitters` 1.0 (the tests compare both on the whole
 * demo corpus and on adversarial inputs). It works on character offsets instead of copies of the text, so
 * every chunk comes with its exact span `[start, end)` in the input — no searching for the chunk text, which
 * is ambiguous when the same text occurs twice or chunks overlap.
 *
 * The algorithm:
 * 1. Pick the first separator of the list that occurs in the text (`""` always matches).
 * 2. Cut the text in front of every occurrence of that separator (the separator stays at the start of the
 *    following piece — LangChain's `keep_separator=True`, a look-ahead split); empty pieces are dropped.
 *    The empty separator cuts between every UTF-16 code unit.
 * 3. Pieces shorter than `chunkSize` are collected; a piece of `chunkSize` or more first flushes the
 *    collected pieces (step 4) and is then split recursively with the separators after the chosen one, or
 *    emitted as it is when there are none left.
 * 4. Merging: consecutive pieces are appended to the current chunk while its length stays within `chunkSize`.
 *    When the next piece does not fit, the chunk is emitted (whitespace trimmed, empty chunks dropped) and
 *    pieces are dropped from its front until at most `chunkOverlap` remain *and* the next piece fits — the
 *    remaining pieces are the overlap carried into the next chunk.
 *
 * Lengths are measured by `length` (default: UTF-16 code units, JavaScript's `string.length`, as in LangChain
 * JS). Two consequences worth knowing: a single piece longer than `chunkSize` cannot be merged and becomes
 * a chunk by itself, longer than `chunkSize`; the empty separator can cut a surrogate pair (an emoji or a
 * mathematical letter) in half, exactly as LangChain JS does.
 *
 * Differences from Python LangChain (which the authors ran): Python keeps a run of separators such as
 * `"\n\n\n"` together as `"\n\n" + "\n..."` where the JavaScript look-ahead split cuts before each match
 * (`"\n"`, `"\n\n..."`); Python counts code points, not UTF-16 units; and Python's `str.strip` and
 * JavaScript's `trim` disagree on a few exotic whitespace characters. On the cleaned corpus (NFC, runs of
 * blank lines collapsed to one) the first difference cannot arise.
 *
 * @example
 * splitRecursive('aaa bbb ccc', { chunkSize: 7, chunkOverlap: 3 });
 * // [{ start: 0, end: 7, text: 'aaa bbb' }, { start: 4, end: 11, text: 'bbb ccc' }]
 */
import { InvalidArgumentError } from '../core/errors.js';

/** The LangChain defaults: paragraphs, lines, words, characters. */
export const DEFAULT_SEPARATORS: readonly string[] = ['\n\n', '\n', ' ', ''];

export interface RecursiveSplitOptions {
  /** Maximum chunk length under `length` (the paper: 1024 characters). */
  chunkSize: number;
  /** Length of the overlap carried into the next chunk (the paper: 100 characters). */
  chunkOverlap: number;
  /** Separators, most preferred first; literal strings, not regular expressions. */
  separators?: readonly string[];
  /** Length function; default `text.length` (UTF-16 code units). */
  length?: (text: string) => number;
}

/** A chunk and its position in the text it was cut from. */
export interface SplitPiece {
  /** Offset of the first character (UTF-16 code units). */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** `text.slice(start, end)`. */
  text: string;
}

interface Range {
  start: number;
  end: number;
  length: number;
}

/** Checks chunk size and overlap the way LangChain does (overlap must be smaller than the size). */
export function validateSplitSizes(chunkSize: number, chunkOverlap: number): void {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new InvalidArgumentError('chunkSize', `must be a positive integer, got ${chunkSize}`);
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0) {
    throw new InvalidArgumentError('chunkOverlap', `must be a non-negative integer, got ${chunkOverlap}`);
  }
  if (chunkOverlap >= chunkSize) {
    throw new InvalidArgumentError('chunkOverlap', `must be smaller than chunkSize (${chunkOverlap} >= ${chunkSize})`);
  }
}

/**
 * Splits `text` recursively into chunks of at most `chunkSize` (see the module documentation), returning
 * each chunk with its span in `text`. The chunk texts equal LangChain JS `RecursiveCharacterTextSplitter`'s
 * `splitText(text)` output with the same options.
 */
export function splitRecursive(text: string, options: RecursiveSplitOptions): SplitPiece[] {
  validateSplitSizes(options.chunkSize, options.chunkOverlap);
  const separators = options.separators ?? DEFAULT_SEPARATORS;
  if (separators.length === 0) throw new InvalidArgumentError('separators', 'must contain at least one separator');
  const measure = options.length ?? ((piece: string) => piece.length);
  const output: SplitPiece[] = [];

  const emit = (start: number, end: number): void => {
    // Trim with JavaScript's own whitespace definition (String.prototype.trim), as LangChain JS does.
    const raw = text.slice(start, end);
    const withoutLeading = raw.trimStart();
    if (withoutLeading === '') return;
    const trimmedStart = start + (raw.length - withoutLeading.length);
    const trimmedEnd = trimmedStart + withoutLeading.trimEnd().length;
    output.push({ start: trimmedStart, end: trimmedEnd, text: text.slice(trimmedStart, trimmedEnd) });
  };

  const merge = (pieces: Range[]): void => {
    // `window` holds consecutive pieces; they are contiguous in `text`, so a chunk is one slice.
    const window: Range[] = [];
    let total = 0;
    for (const piece of pieces) {
      if (total + piece.length > options.chunkSize && window.length > 0) {
        emit(window[0]!.start, window[window.length - 1]!.end);
        while (window.length > 0 && (total > options.chunkOverlap || (total + piece.length > options.chunkSize && total > 0))) {
          total -= window.shift()!.length;
        }
      }
      window.push(piece);
      total += piece.length;
    }
    if (window.length > 0) emit(window[0]!.start, window[window.length - 1]!.end);
  };

  const split = (start: number, end: number, available: readonly string[]): void => {
    const segment = text.slice(start, end);
    let separator = available[available.length - 1]!;
    let remaining: readonly string[] | undefined;
    for (let index = 0; index < available.length; index++) {
      const candidate = available[index]!;
      if (candidate === '') {
        separator = candidate;
        break;
      }
      if (segment.includes(candidate)) {
        separator = candidate;
        remaining = available.slice(index + 1);
        break;
      }
    }
    const cuts = cutPositions(segment, separator);
    let collected: Range[] = [];
    let previous = 0;
    for (const cut of [...cuts, segment.length]) {
      if (cut === previous) continue;
      const piece: Range = { start: start + previous, end: start + cut, length: measure(segment.slice(previous, cut)) };
      previous = cut;
      if (piece.length < options.chunkSize) {
        collected.push(piece);
        continue;
      }
      if (collected.length > 0) {
        merge(collected);
        collected = [];
      }
      if (remaining === undefined) output.push({ start: piece.start, end: piece.end, text: text.slice(piece.start, piece.end) });
      else split(piece.start, piece.end, remaining);
    }
    if (collected.length > 0) merge(collected);
  };

  if (text.length > 0) split(0, text.length, separators);
  return output;
}

/**
 * Offsets (inside `segment`, excluding 0) in front of which the segment is cut: every position where the
 * separator starts, or every code unit for the empty separator.
 */
function cutPositions(segment: string, separator: string): number[] {
  const cuts: number[] = [];
  if (separator === '') {
    for (let position = 1; position < segment.length; position++) cuts.push(position);
    return cuts;
  }
  // Every position, overlapping occurrences included (a look-ahead split cuts before each of them).
  let position = segment.indexOf(separator, 1);
  while (position !== -1) {
    cuts.push(position);
    position = segment.indexOf(separator, position + 1);
  }
  return cuts;
}
