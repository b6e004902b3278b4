/**
 * Hand-written questions tied to verbatim evidence, for evaluating retrieval without an LLM. The file
 * `data/demo-corpus-sources/questions.jsonl` holds one object per line:
 *
 *     {"id": "demo-001", "document": "<catalogue slug>", "question": "...", "answer": "...", "evidence": "<verbatim quote>"}
 *
 * At load time every quote is located in the cleaned text of its document (the corpus stage's output), which
 * gives the question its source span. Whitespace is compared loosely (any run of spaces and line breaks
 * matches any other), because cleaning joins lines; everything else must match exactly. A quote that cannot
 * be found, or that occurs more than once, is an {@link InputFileError} naming the file and line — unless
 * `onUnresolved: 'skip'` is given (e.g. for a corpus cleaned with the authors' legacy rules, which delete
 * sections a quote may come from); skipped questions are returned with the reason.
 *
 * Documents are matched by slug: the document one of whose source paths has the slug as a folder name or as
 * its file name without extension and part suffix (`book_pages_1-8.md`, `book.part2.md` → `book`).
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { hashCanonical } from '../core/canonical-json.js';
import { InputFileError } from '../core/errors.js';
import { jsonLines, readTextFile } from '../core/jsonl.js';
import { parseWithSchema } from '../core/validate.js';
import { parsePartName } from '../corpus/discover-sources.js';
import { headingOutline, sectionPathAt } from '../corpus/markdown-headings.js';
import { pageAt } from '../corpus/page-marks.js';
import type { CharacterSpan, CorpusDocument } from '../schemas/corpus.js';
import type { QaItem } from '../schemas/synthesis.js';

export const evidenceQuestionLineSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  document: z.string().min(1),
  question: z.string().min(1),
  answer: z.string().min(1),
  evidence: z.string().min(10),
});
export type EvidenceQuestionLine = z.infer<typeof evidenceQuestionLineSchema>;

/** Version of the hand-written question set's generator record. */
export const HAND_WRITTEN_PROMPT_VERSION = 'hand-written/v1';

/** A loaded question: a QaItem whose source span is the located evidence, plus its handle and quote. */
export interface EvidenceQuestion {
  /** The handle in the file, e.g. `demo-001`. */
  handle: string;
  evidence: string;
  item: QaItem;
}

export interface LoadEvidenceQuestionsResult {
  questions: EvidenceQuestion[];
  /** Questions left out with `onUnresolved: 'skip'`, with the reason. */
  skipped: Array<{ handle: string; line: number; reason: string }>;
}

/** Finds `quote` in `text` comparing whitespace loosely; returns every match as a span of `text`. */
export function findQuote(text: string, quote: string): CharacterSpan[] {
  const positions: number[] = [];
  let normalised = '';
  let previousWasSpace = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    if (/\s/.test(character)) {
      if (previousWasSpace) continue;
      previousWasSpace = true;
      normalised += ' ';
    } else {
      previousWasSpace = false;
      normalised += character;
    }
    positions.push(index);
  }
  const needle = quote.trim().replace(/\s+/g, ' ');
  const spans: CharacterSpan[] = [];
  if (needle === '') return spans;
  for (let found = normalised.indexOf(needle); found !== -1; found = normalised.indexOf(needle, found + 1)) {
    const start = positions[found] as number;
    const end = (positions[found + needle.length - 1] as number) + 1;
    spans.push({ start, end });
  }
  return spans;
}

/** Every name a source path offers as a slug: its folder names and its file stem without part suffixes. */
function slugsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((part) => parsePartName(basename(part).replace(/\.(md|markdown|pdf|json)$/i, '')).base);
}

/** The document for a catalogue slug (see module documentation), or undefined. */
export function findDocumentBySlug(documents: readonly CorpusDocument[], slug: string): CorpusDocument | undefined {
  return documents.find((document) => document.sourcePaths.some((path) => slugsOf(path).includes(slug)));
}

/** Parses and resolves a question file against the cleaned documents. */
export async function loadEvidenceQuestions(
  path: string,
  documents: readonly CorpusDocument[],
  options: { onUnresolved?: 'error' | 'skip' } = {},
): Promise<LoadEvidenceQuestionsResult> {
  const text = await readTextFile(path, 'question file');
  const questions: EvidenceQuestion[] = [];
  const skipped: LoadEvidenceQuestionsResult['skipped'] = [];
  const handles = new Map<string, number>();
  const outlines = new Map<string, ReturnType<typeof headingOutline>>();
  for (const { value, line } of jsonLines(text, path)) {
    const entry = parseWithSchema(evidenceQuestionLineSchema, value, { file: path, line });
    const earlier = handles.get(entry.id);
    if (earlier !== undefined) throw new InputFileError({ file: path, line, field: 'id' }, `id "${entry.id}" was already used on line ${earlier}`);
    handles.set(entry.id, line);
    const unresolved = (field: string, reason: string): void => {
      if (options.onUnresolved === 'skip') skipped.push({ handle: entry.id, line, reason });
      else throw new InputFileError({ file: path, line, field }, reason);
    };
    const document = findDocumentBySlug(documents, entry.document);
    if (!document) {
      unresolved('document', `no corpus document has the slug "${entry.document}"`);
      continue;
    }
    const matches = findQuote(document.text, entry.evidence);
    if (matches.length !== 1) {
      unresolved(
        'evidence',
        matches.length === 0
          ? `the evidence quote is not in the cleaned text of "${document.title}" (${document.id}): "${entry.evidence.slice(0, 80)}"`
          : `the evidence quote occurs ${matches.length} times in "${document.title}"; quote more words so that it is unique`,
      );
      continue;
    }
    const span = matches[0] as CharacterSpan;
    let outline = outlines.get(document.id);
    if (!outline) {
      outline = headingOutline(document.text);
      outlines.set(document.id, outline);
    }
    const pages =
      document.pageOffsets && document.pageOffsets.length > 0
        ? { start: pageAt(document.pageOffsets, span.start), end: pageAt(document.pageOffsets, Math.max(span.start, span.end - 1)) }
        : null;
    const item: QaItem = {
      id: `qa-${hashCanonical({ documentId: document.id, question: entry.question }).slice(0, 16)}`,
      question: entry.question,
      answer: entry.answer,
      source: { documentId: document.id, sectionPath: sectionPathAt(outline, span.start), span, pages },
      generator: { provider: 'human', model: 'ecg-llm-workspace demo question set', promptVersion: HAND_WRITTEN_PROMPT_VERSION },
      flags: [],
    };
    questions.push({ handle: entry.id, evidence: entry.evidence, item });
  }
  return { questions, skipped };
}
