/**
 * Reads an evaluation dataset (JSON Lines) in any of the formats the study used, validating it whole: the
 * first problem refuses the file with an {@link InputFileError} naming the file, the line and the field.
 *
 * Formats (recognised from the first record; every other record must have the same format):
 * - `authors-qa`: `{question, answer, context, filename}` (authors-pipeline §2.4, §5.3);
 * - `authors-mc`: `{question, choices: [4 strings], answer: "A"–"D"}` (letter case ignored, as the authors' `answer.upper()`);
 * - `authors-mc-inline`: `{question, answer}` with the options written into the question, `… A) … B) … C) … D) …`;
 * - `workspace-qa`, `workspace-mc`: the synthesis stage's items (lib/schemas/synthesis.ts);
 * - `demo-qa`, `demo-mc`: the hand-written demo sets (`{id, document, question, answer, evidence}`; MC adds `choices`).
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { sha256Hex } from '../../core/canonical-json.js';
import { fileAccessError, InputFileError } from '../../core/errors.js';
import { jsonLines } from '../../core/jsonl.js';
import { parseWithSchema } from '../../core/validate.js';
import {
  CHOICE_LETTERS,
  type ChoiceLetter,
  type EvaluationDataset,
  type EvaluationDatasetFormat,
  type McEvaluationItem,
  type QaEvaluationItem,
} from '../../schemas/evaluation.js';
import { mcItemSchema, qaItemSchema } from '../../schemas/synthesis.js';
import { decodeUtf8 } from '../../core/decode-utf8.js';

const text = z.string().trim().min(1, 'must be a non-empty string');
const letter = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => (CHOICE_LETTERS as readonly string[]).includes(value), { message: 'answer letter must be one of A, B, C, D' });

const authorsQaSchema = z.object({ question: text, answer: text, context: z.string(), filename: z.string() });
const authorsMcSchema = z.object({ question: text, choices: z.array(text).length(4, 'must have exactly 4 options'), answer: letter });
const authorsMcInlineSchema = z.object({ question: text, answer: letter });
const demoQaSchema = z.object({ id: text, document: text, question: text, answer: text, evidence: text });
const demoMcSchema = z.object({
  id: text,
  document: text,
  question: text,
  choices: z.array(text).length(4, 'must have exactly 4 options'),
  answer: letter,
  evidence: text,
});

/**
 * Splits a question with inline options (`stem A) … B) … C) … D) …`) into stem and options. The markers must
 * appear in order, each at the start or after whitespace; returns undefined when they do not. Fewer than four
 * markers (e.g. `A) … B) … C) …`) give the options found, so that the caller can name the missing one.
 *
 * @example
 * splitInlineOptions('Which wave shows atrial depolarisation? A) P B) QRS C) T D) U');
 * // { stem: 'Which wave shows atrial depolarisation?', options: ['P', 'QRS', 'T', 'U'] }
 */
export function splitInlineOptions(question: string): { stem: string; options: string[] } | undefined {
  const positions: number[] = [];
  let from = 0;
  for (const marker of CHOICE_LETTERS) {
    const pattern = new RegExp(`(^|\\s)${marker}\\)\\s`, 'g');
    pattern.lastIndex = from;
    const match = pattern.exec(question);
    if (!match) break;
    const start = match.index + match[1]!.length;
    positions.push(start);
    from = start + 2;
  }
  if (positions.length < 2) return undefined;
  const stem = question.slice(0, positions[0]).trim();
  const options = positions.map((start, index) => question.slice(start + 2, positions[index + 1] ?? question.length).trim());
  return { stem, options };
}

function detectFormat(record: Record<string, unknown>): EvaluationDatasetFormat {
  const id = typeof record.id === 'string' ? record.id : '';
  if (/^mc-[0-9a-f]{16}$/.test(id) && 'options' in record) return 'workspace-mc';
  if (/^qa-[0-9a-f]{16}$/.test(id) && 'source' in record) return 'workspace-qa';
  if ('choices' in record) return 'document' in record || 'evidence' in record ? 'demo-mc' : 'authors-mc';
  if ('filename' in record || 'context' in record) return 'authors-qa';
  if ('document' in record && 'evidence' in record) return 'demo-qa';
  if (typeof record.question === 'string' && splitInlineOptions(record.question) !== undefined) return 'authors-mc-inline';
  if (typeof record.answer === 'string' && /^\s*[A-Da-d]\s*$/.test(record.answer)) return 'authors-mc-inline';
  return 'authors-qa';
}

function kindOf(format: EvaluationDatasetFormat): 'mc' | 'qa' {
  return format.endsWith('mc') || format === 'authors-mc-inline' ? 'mc' : 'qa';
}

/** A stable id from an item's content (for formats without ids): `item-` + 12 hex digits of its sha256. */
function contentId(parts: readonly string[]): string {
  return `item-${sha256Hex(JSON.stringify(parts)).slice(0, 12)}`;
}

function parseRecord(format: EvaluationDatasetFormat, value: unknown, file: string, line: number): McEvaluationItem | QaEvaluationItem {
  const at = { file, line };
  switch (format) {
    case 'authors-qa': {
      const record = parseWithSchema(authorsQaSchema, value, at);
      return {
        id: contentId([record.question, record.answer, record.filename]),
        question: record.question,
        answer: record.answer,
        ...(record.context.trim() ? { context: record.context } : {}),
        ...(record.filename ? { document: record.filename } : {}),
        line,
      };
    }
    case 'authors-mc': {
      const record = parseWithSchema(authorsMcSchema, value, at);
      return { id: contentId([record.question, ...record.choices]), question: record.question, choices: record.choices, answer: record.answer as ChoiceLetter, line };
    }
    case 'authors-mc-inline': {
      const record = parseWithSchema(authorsMcInlineSchema, value, at);
      const split = splitInlineOptions(record.question);
      if (!split) {
        throw new InputFileError({ ...at, field: 'question' }, 'no options found: the question must end with "A) … B) … C) … D) …"');
      }
      const answerIndex = CHOICE_LETTERS.indexOf(record.answer as ChoiceLetter);
      if (answerIndex >= split.options.length) {
        throw new InputFileError(
          { ...at, field: 'answer' },
          `answer letter ${record.answer} is outside the options: the question has only ${CHOICE_LETTERS.slice(0, split.options.length).join(', ')}`,
        );
      }
      if (split.options.length !== 4) {
        throw new InputFileError({ ...at, field: 'question' }, `option ${CHOICE_LETTERS[split.options.length]}) is missing: 4 options are needed`);
      }
      const empty = split.options.findIndex((option) => option === '');
      if (empty >= 0) throw new InputFileError({ ...at, field: 'question' }, `option ${CHOICE_LETTERS[empty]}) is empty`);
      if (!split.stem) throw new InputFileError({ ...at, field: 'question' }, 'the question text before "A)" is empty');
      return { id: contentId([split.stem, ...split.options]), question: split.stem, choices: split.options, answer: record.answer as ChoiceLetter, line };
    }
    case 'demo-qa': {
      const record = parseWithSchema(demoQaSchema, value, at);
      return { id: record.id, question: record.question, answer: record.answer, context: record.evidence, document: record.document, line };
    }
    case 'demo-mc': {
      const record = parseWithSchema(demoMcSchema, value, at);
      return {
        id: record.id,
        question: record.question,
        choices: record.choices,
        answer: record.answer as ChoiceLetter,
        document: record.document,
        evidence: record.evidence,
        line,
      };
    }
    case 'workspace-qa': {
      const record = parseWithSchema(qaItemSchema, value, at);
      return { id: record.id, question: record.question, answer: record.answer, document: record.source.documentId, line };
    }
    case 'workspace-mc': {
      const record = parseWithSchema(mcItemSchema, value, at);
      return { id: record.id, question: record.question, choices: record.options, answer: record.answer, document: record.source.documentId, line };
    }
  }
}

/**
 * Parses dataset text (see the module comment for the formats). `file` names the file in errors; `name`
 * defaults to the file name without extension.
 */
export function parseEvaluationDataset(content: string, file: string, options: { name?: string; sha256?: string } = {}): EvaluationDataset {
  let format: EvaluationDatasetFormat | undefined;
  const items: Array<McEvaluationItem | QaEvaluationItem> = [];
  const seen = new Map<string, number>();
  for (const { value, line } of jsonLines(content, file)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputFileError({ file, line }, 'each line must be one JSON object (an evaluation item)');
    }
    format ??= detectFormat(value as Record<string, unknown>);
    const item = parseRecord(format, value, file, line);
    const earlier = seen.get(item.id);
    if (earlier !== undefined) {
      if (format.startsWith('authors')) {
        // The authors' files have no ids and contain exact duplicates; keep each occurrence, numbered.
        let copy = 2;
        while (seen.has(`${item.id}-${copy}`)) copy++;
        item.id = `${item.id}-${copy}`;
      } else {
        throw new InputFileError({ file, line, field: 'id' }, `duplicate id "${item.id}" (first on line ${earlier})`);
      }
    }
    seen.set(item.id, line);
    items.push(item);
  }
  if (!format) throw new InputFileError({ file }, 'the file is empty: no evaluation items');
  const name = options.name ?? basename(file, extname(file));
  const sha256 = options.sha256 ?? sha256Hex(content);
  return kindOf(format) === 'mc'
    ? { kind: 'mc', format, name, file, sha256, items: items as McEvaluationItem[] }
    : { kind: 'qa', format, name, file, sha256, items: items as QaEvaluationItem[] };
}

/**
 * Reads and validates a dataset file whole (strict UTF-8; see {@link parseEvaluationDataset}).
 *
 * @example
 * const dataset = await readEvaluationDataset('data/demo-mc/demo-mc.jsonl');
 * console.log(dataset.kind, dataset.items.length); // mc 60
 */
export async function readEvaluationDataset(path: string, options: { name?: string } = {}): Promise<EvaluationDataset> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileAccessError(path, error);
  }
  const content = decodeUtf8(bytes, path);
  return parseEvaluationDataset(content, path, { ...options, sha256: sha256Hex(bytes) });
}
