/**
 * The default cleaning of one document's markdown: normalisation, then exact removal of boilerplate
 * sections, with a record of every change for the cleaning report. Steps, in order:
 *
 * 1. **Characters.** Line endings to `\n`; byte-order marks, soft hyphens (U+00AD) and zero-width spaces
 *    (U+200B, U+2060) removed; Unicode NFC; the Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ spelled out; no-break, thin,
 *    figure and other special spaces to a plain space. (Not NFKC: it would also rewrite `m²`, `½` and `µ`.)
 * 2. **Heading levels.** Flat MinerU-style headings (all `#`) get levels from their numbering (rules in
 *    `markdown-headings.ts`), so that a section can end at the right heading.
 * 3. **Hyphenation.** A word broken across a line (`electro-⏎cardiogram`, and MinerU's joined form
 *    `electro- cardiogram`) is rejoined, but a real compound keeps its hyphen (see {@link decideHyphenation}):
 *    `ST-⏎segment` → `ST-segment`, `beta-⏎blocker` → `beta-blocker`, `Herz-⏎und` → `Herz- und`.
 * 4. **Soft line breaks** (text from the PDF reader only): single line breaks inside a paragraph become spaces,
 *    and a paragraph cut by a page break (no sentence end before it, a lower-case letter after it) is joined.
 * 5. **Sections.** Every heading whose whole title (case, emphasis, leading numbering and a trailing colon
 *    ignored) is on the title list is removed *with its section*: from the heading line up to the next heading
 *    of the same or a higher level (fewer or equal `#`), or the end of the text. Single-letter headings never
 *    end a section, so a back-of-book index with `A`, `B`, … dividers goes entirely. `Authors' perspective` and
 *    `Indexing of leads` are not `Author` or `Index`, and a `#` inside running text is not a heading.
 *    Then running page headers and footers that the converter left as paragraphs of their own are removed
 *    (see {@link isRunningHeaderLine}).
 * 6. **Whitespace.** Trailing spaces and runs of spaces inside lines collapsed, at most one blank line in a
 *    row, the text trimmed.
 *
 * Page marks (page-marks.ts) survive every step.
 */
import { ABSTRACT_AND_KEYWORD_TITLES, AUTHORS_SECTION_TITLES, effectiveSectionTitles, normalizeSectionTitle } from './boilerplate-titles.js';
import type { HyphenationDecision, NormalisationCounts, RemovedSection } from './corpus-records.js';
import { findHeadings, hasFlatHeadings, inferFlatHeadingLevels, isLetterDivider, relevelHeadings } from './markdown-headings.js';
import { PAGE_MARK, countPageMarks, pageMarksOf } from './page-marks.js';

export interface CleanMarkdownOptions {
  /** Boilerplate section titles (default: the authors' 75). */
  sectionTitles?: readonly string[];
  /** Remove Abstract / Keywords / Zusammenfassung / Schlüsselwörter (default true, as the authors did). */
  removeAbstractAndKeywords?: boolean;
  /** Join single line breaks inside paragraphs (text from the PDF reader). */
  softLineBreaks?: boolean;
  /** How many hyphenation decisions to keep as examples (default 20). */
  maxHyphenationExamples?: number;
}

export interface CleanMarkdownResult {
  /** Cleaned text, page marks still in place. */
  text: string;
  removedSections: RemovedSection[];
  normalisation: NormalisationCounts;
  hyphenationExamples: HyphenationDecision[];
}

/** A fresh set of zero counts. */
export function emptyNormalisationCounts(): NormalisationCounts {
  return {
    lineEndings: 0,
    byteOrderMarks: 0,
    nfcChanges: 0,
    ligatures: 0,
    specialSpaces: 0,
    softHyphens: 0,
    zeroWidthCharacters: 0,
    relevelledHeadings: 0,
    hyphenationsJoined: 0,
    hyphenationsKept: 0,
    softLineBreaksJoined: 0,
    whitespaceRemoved: 0,
  };
}

const LIGATURES: Readonly<Record<string, string>> = { 'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'st', 'ﬆ': 'st' };

function replaceCounting(text: string, pattern: RegExp, replacement: string | ((match: string) => string)): { text: string; count: number } {
  let count = 0;
  const result = text.replace(pattern, (match: string) => {
    count++;
    return typeof replacement === 'string' ? replacement : replacement(match);
  });
  return { text: result, count };
}

/** Step 1: character-level normalisation, counting each kind of edit. */
export function normalizeCharacters(text: string, counts: NormalisationCounts): string {
  let step = replaceCounting(text, /\r\n?/g, '\n');
  counts.lineEndings += step.count;
  step = replaceCounting(step.text, /\uFEFF/g, '');
  counts.byteOrderMarks += step.count;
  step = replaceCounting(step.text, /\u00AD/g, '');
  counts.softHyphens += step.count;
  step = replaceCounting(step.text, /[\u200B\u2060]/g, '');
  counts.zeroWidthCharacters += step.count;
  const composed = step.text.normalize('NFC');
  counts.nfcChanges += step.text.length - composed.length;
  step = replaceCounting(composed, /[\uFB00-\uFB06]/g, (match) => LIGATURES[match] ?? match);
  counts.ligatures += step.count;
  step = replaceCounting(step.text, /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
  counts.specialSpaces += step.count;
  return step.text;
}

/** Words after which a line-end hyphen is a suspended compound ("Herz- und Kreislauf", "pre- and post-"). */
const CONJUNCTIONS = new Set(['und', 'oder', 'bzw', 'sowie', 'bis', 'and', 'or', 'nor', 'to', 'as']);

/** First parts that form hyphenated compounds in medical English and German rather than broken words. */
const COMPOUND_PREFIXES = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'kappa', 'non', 'self', 'cross', 'well', 'long', 'short', 'high', 'low', 'left',
  'right', 'all', 'half', 'double', 'single', 'multi', 'sub', 'semi', 'quasi', 'ex', 'post', 'pre', 're', 'co', 'anti',
  'intra', 'inter', 'trans', 'peri', 'para',
]);

/** What a document says about its own words, used to decide line-end hyphens. */
export interface HyphenationEvidence {
  /** Lower-cased `a-b` forms that occur inside lines. */
  hyphenated: Set<string>;
  /** Lower-cased words that occur. */
  words: Set<string>;
}

/** Collects the hyphenated forms and words of a text. */
export function collectHyphenationEvidence(text: string): HyphenationEvidence {
  const hyphenated = new Set<string>();
  const words = new Set<string>();
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:-[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu)) {
    const word = match[0].toLowerCase();
    if (word.includes('-')) {
      hyphenated.add(word);
      for (const part of word.split('-')) words.add(part);
    } else words.add(word);
  }
  return { hyphenated, words };
}

/**
 * Decides a hyphen at a line break between `first` and `second`:
 * `suspended` when `second` is a conjunction (`Herz- und`); `kept` when `first` is an acronym or has a digit
 * (`ST-segment`, `12-lead`), when `second` is capitalised (`EKG-Ableitung`), when the hyphenated form occurs
 * elsewhere in the document, or when `first` is a known compound prefix (`beta-blocker`, `non-invasive`);
 * otherwise `joined` — also when the joined form occurs elsewhere.
 */
export function decideHyphenation(first: string, second: string, evidence: HyphenationEvidence): { decision: HyphenationDecision['decision']; reason: string } {
  const lowerFirst = first.toLowerCase();
  const lowerSecond = second.toLowerCase();
  if (CONJUNCTIONS.has(lowerSecond)) return { decision: 'suspended', reason: 'second part is a conjunction' };
  if (/\p{N}/u.test(first) || (/^[\p{Lu}\p{N}]+$/u.test(first) && first.length <= 5)) {
    return { decision: 'kept', reason: 'acronym or number before the hyphen' };
  }
  if (/^\p{Lu}/u.test(second)) return { decision: 'kept', reason: 'capitalised second part' };
  if (evidence.hyphenated.has(`${lowerFirst}-${lowerSecond}`)) return { decision: 'kept', reason: 'hyphenated form occurs in the document' };
  if (evidence.words.has(`${lowerFirst}${lowerSecond}`)) return { decision: 'joined', reason: 'joined form occurs in the document' };
  if (COMPOUND_PREFIXES.has(lowerFirst)) return { decision: 'kept', reason: 'known compound prefix' };
  return { decision: 'joined', reason: 'line-end hyphenation' };
}

const WORD_START = '(?<![\\p{L}\\p{M}\\p{N}])';
const FIRST_PART = '([\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*)';
const SECOND_PART = '(\\p{L}[\\p{L}\\p{M}]*)';

/** Step 3: rejoins words hyphenated across lines (and MinerU's `word- word`), keeping real compounds. */
export function rejoinHyphenation(
  text: string,
  counts: NormalisationCounts,
  examples: HyphenationDecision[],
  maxExamples = 20,
): string {
  const evidence = collectHyphenationEvidence(text);
  const record = (before: string, after: string, decision: HyphenationDecision['decision'], reason: string): void => {
    if (decision === 'joined') counts.hyphenationsJoined++;
    else counts.hyphenationsKept++;
    if (examples.length < maxExamples) examples.push({ before, after, decision, reason });
  };
  const acrossLines = new RegExp(`${WORD_START}${FIRST_PART}-[ \\t]*\\n[ \\t]*(${PAGE_MARK}*)${SECOND_PART}`, 'gu');
  let result = text.replace(acrossLines, (match: string, first: string, marks: string, second: string) => {
    const { decision, reason } = decideHyphenation(first, second, evidence);
    const joined = decision === 'joined' ? `${first}${second}` : decision === 'kept' ? `${first}-${second}` : `${first}- ${second}`;
    record(match.replace(PAGE_MARK, ''), joined, decision, reason);
    return joined + marks;
  });
  // MinerU joins the lines of a paragraph with a space, leaving "electro- cardiogram".
  const withinLine = new RegExp(`${WORD_START}${FIRST_PART}- (\\p{Ll}[\\p{L}\\p{M}]*)`, 'gu');
  result = result.replace(withinLine, (match: string, first: string, second: string) => {
    const { decision, reason } = decideHyphenation(first, second, evidence);
    if (decision === 'suspended') return match;
    const joined = decision === 'joined' ? `${first}${second}` : `${first}-${second}`;
    record(match, joined, decision, reason);
    return joined;
  });
  return result;
}

const BLOCK_LINE = /^\s*(?:#{1,6}\s|[-*+•–]\s|\d+[.)]\s|\||>|```|~~~|\$\$|!\[)/;

/** Step 4: joins single line breaks inside paragraphs (PDF text), leaving headings, lists and tables. */
export function joinSoftLineBreaks(text: string, counts: NormalisationCounts): string {
  const lines = text.split('\n');
  const output: string[] = [];
  for (const line of lines) {
    const previous = output[output.length - 1];
    const bare = line.split(PAGE_MARK).join('');
    if (previous !== undefined && previous.split(PAGE_MARK).join('').trim() !== '' && bare.trim() !== '' &&
      !BLOCK_LINE.test(previous.split(PAGE_MARK).join('')) && !BLOCK_LINE.test(bare)) {
      output[output.length - 1] = `${previous} ${line}`;
      counts.softLineBreaksJoined++;
    } else output.push(line);
  }
  return output.join('\n');
}

/**
 * Step 4, first half (PDF text): a paragraph cut by a page break — no sentence end before the break, a
 * lower-case letter after it — becomes one paragraph again (the break turns into a line break, which the
 * hyphenation and soft-line-break steps then handle).
 */
export function joinPageContinuations(text: string, counts: NormalisationCounts): string {
  return text.replace(/([^\n.!?:;])\n\n(\uFDD0+)(?=\p{Ll})/gu, (_match: string, last: string, marks: string) => {
    counts.softLineBreaksJoined++;
    return `${last}\n${marks}`;
  });
}

/** Step 6: whitespace collapsing that keeps page marks (moved to the end of the whitespace they sat in). */
export function collapseWhitespace(text: string, counts: NormalisationCounts): string {
  const before = text.length;
  let result = text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, '').replace(/(?<=\S)[ \t]{2,}/g, ' '))
    .join('\n');
  result = result.replace(/[\s\uFDD0]*\uFDD0[\s\uFDD0]*/g, (run: string) => {
    const whitespace = run.split(PAGE_MARK).join('');
    const newlines = (whitespace.match(/\n/g) ?? []).length;
    const collapsed = newlines >= 2 ? '\n\n' : newlines === 1 ? '\n' : whitespace.length > 0 ? ' ' : '';
    return collapsed + pageMarksOf(run);
  });
  result = result.replace(/\n{3,}/g, '\n\n');
  const leading = /^[\s\uFDD0]*/.exec(result)![0];
  const trailing = /[\s\uFDD0]*$/.exec(result.slice(leading.length))![0];
  result = pageMarksOf(leading) + result.slice(leading.length, result.length - trailing.length) + pageMarksOf(trailing);
  counts.whitespaceRemoved += before - result.length;
  return result;
}

/** The page (1-based) that `offset` falls on, from the page marks before it; null without marks. */
function pageOfOffset(text: string, offset: number, paged: boolean): number | null {
  if (!paged) return null;
  return Math.max(1, countPageMarks(text.slice(0, offset)));
}

/** Step 5: removes boilerplate sections exactly (see module documentation). */
export function removeBoilerplateSections(text: string, titles: readonly string[]): { text: string; removed: RemovedSection[] } {
  const byNormalized = new Map<string, string>();
  for (const title of titles) {
    const key = normalizeSectionTitle(title);
    if (!byNormalized.has(key)) byNormalized.set(key, title.trim());
  }
  const abstractTitles = new Set(ABSTRACT_AND_KEYWORD_TITLES.map(normalizeSectionTitle));
  const headings = findHeadings(text);
  const paged = text.includes(PAGE_MARK);
  const removals: Array<{ start: number; end: number; section: RemovedSection }> = [];
  let coveredUntil = -1;
  headings.forEach((heading, index) => {
    if (heading.start < coveredUntil) return;
    const key = normalizeSectionTitle(heading.title);
    const listTitle = byNormalized.get(key);
    if (listTitle === undefined) return;
    let end = text.length;
    for (const next of headings.slice(index + 1)) {
      if (next.marker <= heading.marker && !isLetterDivider(next.title)) {
        end = next.start;
        break;
      }
    }
    const removedText = text.slice(heading.start, end);
    removals.push({
      start: heading.start,
      end,
      section: {
        rule: abstractTitles.has(key) ? 'abstract-keywords' : 'section-title',
        title: listTitle,
        heading: heading.title,
        level: heading.marker,
        characters: removedText.length - countPageMarks(removedText),
        page: pageOfOffset(text, heading.start, paged),
        preview: removedText.split(PAGE_MARK).join('').slice(0, 160),
      },
    });
    coveredUntil = end;
  });
  let result = '';
  let cursor = 0;
  for (const removal of removals) {
    result += text.slice(cursor, removal.start) + pageMarksOf(text.slice(removal.start, removal.end));
    cursor = removal.end;
  }
  result += text.slice(cursor);
  return { text: result, removed: removals.map((removal) => removal.section) };
}

/**
 * A running page header or footer left as a paragraph of its own: at most 100 characters, no sentence
 * punctuation at the end, and either fields separated by ` · `, ` — `, ` – ` or ` | ` ending in a page number
 * (`ECG Teaching Notes · Chapter 3 · Waves 31`) or ending in `Page 7` / `Seite 7`.
 */
export function isRunningHeaderLine(line: string): boolean {
  const text = line.trim();
  if (text.length === 0 || text.length > 100 || /^(?:#|[-*+>|]|\d+[.)]\s)/.test(text)) return false;
  if (/\b(?:page|seite|p\.|s\.)\s*\d{1,4}$/i.test(text)) return true;
  return /\s[·—–|]\s/.test(text) && /\s\d{1,4}$/.test(text);
}

/** Removes running headers/footers that stand as paragraphs of their own (see {@link isRunningHeaderLine}). */
export function removeRunningHeaders(text: string): { text: string; removed: RemovedSection[] } {
  const removed: RemovedSection[] = [];
  const paged = text.includes(PAGE_MARK);
  const result = text.replace(/(^|\n[ \t]*\n)([^\n]*)(?=\n[ \t]*\n|\n?$)/g, (match: string, before: string, line: string, offset: number) => {
    const bare = line.split(PAGE_MARK).join('');
    if (!isRunningHeaderLine(bare)) return match;
    removed.push({
      rule: 'running-header',
      title: 'running header or footer',
      heading: bare.trim(),
      level: null,
      characters: bare.length,
      page: pageOfOffset(text, offset + before.length, paged),
      preview: bare.trim(),
    });
    return before + pageMarksOf(line);
  });
  return { text: result, removed };
}

/** Runs the default cleaning (steps 1–6) on one document's markdown. */
export function cleanMarkdown(text: string, options: CleanMarkdownOptions = {}): CleanMarkdownResult {
  const normalisation = emptyNormalisationCounts();
  const hyphenationExamples: HyphenationDecision[] = [];
  let current = normalizeCharacters(text, normalisation);
  const headings = findHeadings(current);
  if (hasFlatHeadings(headings)) {
    const levels = inferFlatHeadingLevels(headings);
    const relevelled = relevelHeadings(current, headings, levels);
    current = relevelled.text;
    normalisation.relevelledHeadings = relevelled.changed;
  }
  if (options.softLineBreaks) current = joinPageContinuations(current, normalisation);
  current = rejoinHyphenation(current, normalisation, hyphenationExamples, options.maxHyphenationExamples ?? 20);
  if (options.softLineBreaks) current = joinSoftLineBreaks(current, normalisation);
  const titles = effectiveSectionTitles(options.sectionTitles ?? AUTHORS_SECTION_TITLES, options.removeAbstractAndKeywords ?? true);
  const removal = removeBoilerplateSections(current, titles);
  const headers = removeRunningHeaders(removal.text);
  current = collapseWhitespace(headers.text, normalisation);
  return { text: current, removedSections: [...removal.removed, ...headers.removed], normalisation, hyphenationExamples };
}
