/**
 * Importer for the ECG-LLM human-evaluation CSVs (`human_evaluation/10_questions.csv`, `40_questions.csv` in
 * github.com/AI4HealthUOL/ecg-llm; format and anomalies in docs/authors-pipeline.md §5.6).
 *
 * Each file has 7 columns: question, answer, system, then four category columns ordered worst → best
 * (incorrect, partially incorrect, correct but incomplete, correct); a rating is an `x` in one of them.
 * The files are messy in the ways real data is, and the importer's rule is: normalise only what is
 * unambiguous, report everything, guess nothing.
 *
 * - Category columns are read **by position** (their headers have typos and leading spaces); the header is
 *   only checked loosely so that a file with reordered columns is rejected rather than misread. Header
 *   labels that differ from the canonical ones are reported as normalisations.
 * - Mark cells are trimmed (`x`, ` x`, `x ` all mean a mark; `X` too) and white-space-only cells count as
 *   empty; each such cell is reported as a normalisation with its line and column.
 * - Any other mark (`y`, `1`, `✓`) is an {@link InputFileError} naming file, line and column, as is broken
 *   CSV (unterminated or stray quotes) or a row with missing or extra columns.
 * - Exact duplicate rows (same question, answer and system text, same marks) are removed and reported.
 * - Rows with no mark or with two or more marks are kept, reported, and never assigned a category.
 * - A question block that lacks some of the file's systems, or holds one system twice with different
 *   content, is reported with the systems present and missing.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { InputFileError } from '../core/errors.js';
import { compareHumanRatingSystems, describeHumanRatingSystem } from './human-rating-system.js';
import { readCsv, type CsvTable } from './parse-csv.js';

/** The four rating categories, worst to best. The index is the ordinal score (0–3). */
export const RATING_CATEGORIES = ['incorrect', 'partially_incorrect', 'correct_incomplete', 'correct'] as const;
export const ratingCategorySchema = z.enum(RATING_CATEGORIES);
export type RatingCategory = z.infer<typeof ratingCategorySchema>;

/** Readable labels of the categories. */
export const RATING_CATEGORY_LABELS: Readonly<Record<RatingCategory, string>> = {
  incorrect: 'Incorrect',
  partially_incorrect: 'Partially incorrect',
  correct_incomplete: 'Correct but incomplete',
  correct: 'Correct',
};

/** The ordinal score of a category: incorrect 0, partially incorrect 1, correct but incomplete 2, correct 3. */
export function ratingScore(category: RatingCategory): number {
  return RATING_CATEGORIES.indexOf(category);
}

/** One rated answer (one CSV row). */
export const humanRatingSchema = z.object({
  /** The file name (no folder), e.g. `40_questions.csv`. */
  file: z.string().min(1),
  /** The physical line of the row in the file (the header is line 1). */
  line: z.number().int().min(2),
  question: z.string().trim().min(1, 'the question is empty'),
  /** 0-based index of the question block, in order of first appearance. */
  questionIndex: z.number().int().nonnegative(),
  answer: z.string(),
  /** The system string exactly as in the file (e.g. `LLama 3.1 8B + RAG`). */
  system: z.string().trim().min(1, 'the system (Model column) is empty'),
  /** A readable label of the system (e.g. `Llama 3.1 8B + RAG`). */
  systemLabel: z.string().min(1),
  /** Every category marked in the row, worst to best. */
  marks: z.array(ratingCategorySchema),
  /** The rating when exactly one category is marked, otherwise null (unmarked or multi-marked row). */
  category: ratingCategorySchema.nullable(),
  /** The ordinal score 0–3 of `category`, or null. */
  score: z.number().int().min(0).max(3).nullable(),
  /** For an exact duplicate: the line of the first identical row; otherwise null. */
  duplicateOf: z.number().int().min(2).nullable(),
});
export type HumanRating = z.infer<typeof humanRatingSchema>;

export const HUMAN_RATING_ANOMALY_KINDS = ['duplicate-row', 'unmarked', 'multi-marked', 'incomplete-block', 'repeated-system'] as const;

/** A data problem the importer found and did not repair. */
export const humanRatingAnomalySchema = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  /** The system concerned (verbatim), or null for a whole question block. */
  system: z.string().nullable(),
  question: z.string(),
  kind: z.enum(HUMAN_RATING_ANOMALY_KINDS),
  /** One sentence saying what was found and what the importer did. */
  detail: z.string(),
  /** Other lines involved (the original of a duplicate, the earlier row of a repeated system). */
  relatedLines: z.array(z.number().int()).default([]),
  /** For `incomplete-block`: the systems present in the block and those missing. */
  presentSystems: z.array(z.string()).optional(),
  missingSystems: z.array(z.string()).optional(),
});
export type HumanRatingAnomaly = z.infer<typeof humanRatingAnomalySchema>;

/** Something the importer normalised because it was unambiguous. */
export interface HumanRatingNormalisation {
  file: string;
  line: number;
  /** 1-based field number. */
  column: number;
  kind: 'header-label' | 'mark-whitespace' | 'mark-case' | 'blank-cell';
  raw: string;
  normalised: string;
}

/** An imported human-evaluation file. */
export interface HumanRatingsFile {
  /** The file name (no folder). */
  file: string;
  /** The path it was read from. */
  path: string;
  /** The four category headers as written in the file, worst to best. */
  categoryHeaders: string[];
  /** Every row, duplicates included, in file order. */
  rows: HumanRating[];
  /** The rows without exact duplicates (what every count and test uses). */
  ratings: HumanRating[];
  /** Distinct systems (verbatim), in display order. */
  systems: string[];
  /** Distinct questions in order of first appearance. */
  questions: string[];
  /** Every data problem found (duplicates, unmarked and multi-marked rows, incomplete blocks). */
  anomalies: HumanRatingAnomaly[];
  /** Every normalisation applied (header labels, trimmed marks, blank cells). */
  normalisations: HumanRatingNormalisation[];
}

const CANONICAL_HEADERS = ['Question', 'Answer', 'Model', 'Incorrect', 'Partially incorrect', 'Correct but incomplete', 'Correct'];

/** Loose recognisers of the category headers by position, so that reordered columns are refused. */
const CATEGORY_HEADER_CHECKS: Array<(label: string) => boolean> = [
  (label) => /incorrect/.test(label) && !/partial/.test(label),
  (label) => /partial/.test(label),
  (label) => /incomplete/.test(label),
  (label) => /^correct$/.test(label),
];

function checkHeader(table: CsvTable, file: string, normalisations: HumanRatingNormalisation[]): void {
  const where = table.file;
  const fields = table.header.fields;
  const line = table.header.line;
  ['question', 'answer', 'model'].forEach((expected, index) => {
    const label = (fields[index] ?? '').trim().toLowerCase();
    if (label !== expected) {
      throw new InputFileError(
        { file: where, line, column: index + 1, field: fields[index] ?? '' },
        `column ${index + 1} must be "${CANONICAL_HEADERS[index]}", found "${fields[index] ?? ''}"`,
        { kind: 'header' },
      );
    }
  });
  CATEGORY_HEADER_CHECKS.forEach((check, offset) => {
    const column = offset + 4;
    const raw = fields[column - 1] ?? '';
    const label = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!check(label)) {
      throw new InputFileError(
        { file: where, line, column, field: raw },
        `column ${column} must be the category "${CANONICAL_HEADERS[column - 1]}" (categories are read by position, worst to best), found "${raw}"`,
        { kind: 'header' },
      );
    }
  });
  fields.forEach((raw, index) => {
    const canonical = CANONICAL_HEADERS[index] as string;
    if (raw !== canonical) normalisations.push({ file, line, column: index + 1, kind: 'header-label', raw, normalised: canonical });
  });
}

function readMarks(
  fields: string[],
  file: string,
  where: string,
  line: number,
  headers: string[],
  normalisations: HumanRatingNormalisation[],
): RatingCategory[] {
  const marks: RatingCategory[] = [];
  RATING_CATEGORIES.forEach((category, offset) => {
    const column = offset + 4;
    const raw = fields[column - 1] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '') {
      if (raw !== '') normalisations.push({ file, line, column, kind: 'blank-cell', raw, normalised: '' });
      return;
    }
    if (trimmed.toLowerCase() !== 'x') {
      throw new InputFileError(
        { file: where, line, column, field: headers[offset] ?? category },
        `unknown mark ${JSON.stringify(raw)} in column ${column} (${RATING_CATEGORY_LABELS[category]}): a rating is "x" or an empty cell`,
        { kind: 'unknown-mark', mark: raw },
      );
    }
    if (trimmed !== raw) normalisations.push({ file, line, column, kind: 'mark-whitespace', raw, normalised: 'x' });
    else if (trimmed !== 'x') normalisations.push({ file, line, column, kind: 'mark-case', raw, normalised: 'x' });
    marks.push(category);
  });
  return marks;
}

function shorten(text: string, length = 60): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length <= length ? single : `${single.slice(0, length - 1)}…`;
}

/**
 * Imports a parsed human-evaluation table (see the module documentation for every rule).
 *
 * @param table the CSV as parsed by {@link parseCsv} (7 fields per record)
 * @param path the path it came from (its base name is the `file` of every record and anomaly)
 */
export function importHumanRatingsTable(table: CsvTable, path: string = table.file): HumanRatingsFile {
  const file = basename(path);
  const where = table.file;
  const normalisations: HumanRatingNormalisation[] = [];
  if (table.header.fields.length !== 7) {
    throw new InputFileError(
      { file: where, line: table.header.line, column: Math.min(table.header.fields.length, 7) + 1 },
      `expected 7 columns (Question, Answer, Model and four categories), found ${table.header.fields.length}`,
      { kind: 'field-count' },
    );
  }
  checkHeader(table, file, normalisations);
  if (table.records.length === 0) {
    throw new InputFileError(
      { file: where, line: table.header.line + 1 },
      'the file has a header but no rating rows (one row per question, answer and system)',
      { kind: 'no-rows' },
    );
  }
  const categoryHeaders = table.header.fields.slice(3);

  const questions: string[] = [];
  const questionIndex = new Map<string, number>();
  const firstOfKey = new Map<string, number>();
  const rows: HumanRating[] = [];
  for (const record of table.records) {
    const [question = '', answer = '', system = ''] = record.fields;
    const marks = readMarks(record.fields, file, where, record.line, categoryHeaders, normalisations);
    if (!questionIndex.has(question)) {
      questionIndex.set(question, questions.length);
      questions.push(question);
    }
    const key = JSON.stringify([question, answer, system, marks]);
    const duplicateOf = firstOfKey.get(key) ?? null;
    if (duplicateOf === null) firstOfKey.set(key, record.line);
    const category = marks.length === 1 ? (marks[0] as RatingCategory) : null;
    const candidate = {
      file,
      line: record.line,
      question,
      questionIndex: questionIndex.get(question),
      answer,
      system,
      systemLabel: describeHumanRatingSystem(system).label,
      marks,
      category,
      score: category === null ? null : ratingScore(category),
      duplicateOf,
    };
    const fieldOf: Record<string, string> = { question: 'Question', system: 'Model', systemLabel: 'Model' };
    const parsed = humanRatingSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const name = String(issue?.path[0] ?? '');
      throw new InputFileError(
        { file: where, line: record.line, column: ['question', 'answer', 'system'].indexOf(name) + 1 || undefined, field: fieldOf[name] ?? name },
        issue?.message ?? 'invalid row',
        { kind: 'invalid-row' },
      );
    }
    rows.push(parsed.data);
  }

  const ratings = rows.filter((row) => row.duplicateOf === null);
  const systems = [...new Set(rows.map((row) => row.system))].sort(compareHumanRatingSystems);
  const anomalies: HumanRatingAnomaly[] = [];
  for (const row of rows) {
    if (row.duplicateOf !== null) {
      anomalies.push({
        file,
        line: row.line,
        system: row.system,
        question: row.question,
        kind: 'duplicate-row',
        detail: `exact duplicate of line ${row.duplicateOf} (same question, answer, system and marks); removed`,
        relatedLines: [row.duplicateOf],
      });
    } else if (row.marks.length === 0) {
      anomalies.push({ file, line: row.line, system: row.system, question: row.question, kind: 'unmarked', detail: 'no category is marked; kept without a rating', relatedLines: [] });
    } else if (row.marks.length > 1) {
      anomalies.push({
        file,
        line: row.line,
        system: row.system,
        question: row.question,
        kind: 'multi-marked',
        detail: `${row.marks.length} categories are marked (${row.marks.map((mark) => RATING_CATEGORY_LABELS[mark]).join(' and ')}); kept without a rating`,
        relatedLines: [],
      });
    }
  }
  for (const question of questions) {
    const block = ratings.filter((row) => row.question === question);
    const blockLines = rows.filter((row) => row.question === question).map((row) => row.line);
    const firstLine = Math.min(...blockLines);
    const seen = new Map<string, number>();
    for (const row of block) {
      const earlier = seen.get(row.system);
      if (earlier !== undefined) {
        anomalies.push({
          file,
          line: row.line,
          system: row.system,
          question,
          kind: 'repeated-system',
          detail: `the system answers this question again (first at line ${earlier}) with a different answer or rating; both rows kept`,
          relatedLines: [earlier],
        });
      } else {
        seen.set(row.system, row.line);
      }
    }
    const present = systems.filter((system) => seen.has(system));
    const missing = systems.filter((system) => !seen.has(system));
    if (missing.length > 0) {
      anomalies.push({
        file,
        line: firstLine,
        system: null,
        question,
        kind: 'incomplete-block',
        detail:
          `question "${shorten(question)}" has ${blockLines.length} row${blockLines.length === 1 ? '' : 's'} from ${present.length} of ` +
          `${systems.length} systems; missing: ${missing.join('; ')}`,
        relatedLines: blockLines,
        presentSystems: present,
        missingSystems: missing,
      });
    }
  }
  anomalies.sort((left, right) => left.line - right.line || left.kind.localeCompare(right.kind));
  return { file, path, categoryHeaders, rows, ratings, systems, questions, anomalies, normalisations };
}

/**
 * Reads and imports one human-evaluation CSV.
 *
 * @throws {InputFileError} broken CSV quoting, a wrong number of columns, an unexpected header, no rows after
 *   the header, an unknown mark or an empty question/system, naming file, line and column.
 * @example
 * const imported = await importHumanRatings('data/external/human-eval/40_questions.csv');
 * imported.ratings.length;   // 470 (509 rows less 39 exact duplicates)
 * imported.anomalies.filter((anomaly) => anomaly.kind === 'multi-marked').map((anomaly) => anomaly.line); // [352, 379]
 */
export async function importHumanRatings(path: string): Promise<HumanRatingsFile> {
  const table = await readCsv(path);
  return importHumanRatingsTable(table, path);
}
