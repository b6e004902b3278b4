import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputFileError } from '../../lib/core/errors.js';
import {
  humanRatingAnomalySchema,
  humanRatingSchema,
  importHumanRatings,
  RATING_CATEGORIES,
  type HumanRatingsFile,
  type RatingCategory,
} from '../../lib/data/import-human-ratings.js';
import { humanEvaluationDataDirectory, pythonReference } from '../helpers/human-eval-data.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

type Row = [rows: number, incorrect: number, partiallyIncorrect: number, correctIncomplete: number, correct: number, unmarked: number, multiMarked: number];

/**
 * Counts per system over ALL rows (duplicates included), multi-marked rows in their own column: the tables of
 * /work/shared/paper/authors-pipeline.md §5.6, computed independently with Python's csv module (columns by
 * position, cells trimmed). The 40-question table lists I+C and PI+C separately; here they are summed as
 * "multi-marked".
 */
const RAW_10: Record<string, Row> = {
  'LLama 3.1 70B + RAG': [10, 0, 0, 1, 9, 0, 0],
  'LLama 3.1 8B + RAG': [10, 0, 0, 0, 10, 0, 0],
  'Finetuned 70B: r=256, alpha=128': [10, 0, 2, 1, 7, 0, 0],
  'Finetuned 70B: r=256, alpha=256': [10, 0, 3, 2, 5, 0, 0],
  'Finetuned 70B: r=256, alpha=512': [10, 0, 2, 2, 6, 0, 0],
  'Finetuned 8B: r=256, alpha=128': [10, 0, 2, 6, 2, 0, 0],
  'Finetuned 8B: r=256, alpha=256': [10, 2, 1, 0, 6, 1, 0],
  'Finetuned 8B: r=256, alpha=512': [10, 0, 2, 5, 3, 0, 0],
};
const RAW_40: Record<string, Row> = {
  'Claude 3.7 Sonnet': [39, 0, 4, 1, 34, 0, 0],
  'LLama 3.1 70B': [39, 3, 4, 3, 29, 0, 0],
  'LLama 3.1 70B + RAG': [40, 2, 1, 3, 34, 0, 0],
  'LLama 3.1 8B': [39, 4, 13, 1, 21, 0, 0],
  'LLama 3.1 8B + RAG': [79, 0, 12, 12, 55, 0, 0],
  'Finetuned 70B: r=256, alpha=128': [39, 4, 9, 5, 20, 0, 1],
  'Finetuned 70B: r=256, alpha=256': [39, 10, 12, 8, 9, 0, 0],
  'Finetuned 70B: r=256, alpha=512': [39, 5, 16, 2, 16, 0, 0],
  'Finetuned 8B: r=256, alpha=128': [39, 6, 13, 3, 16, 0, 1],
  'Finetuned 8B: r=256, alpha=256': [39, 10, 10, 8, 11, 0, 0],
  'Finetuned 8B: r=256, alpha=512': [39, 12, 15, 0, 12, 0, 0],
  'Finetuned 8B: r=64, alpha=16': [39, 8, 13, 3, 15, 0, 0],
};

function tally(rows: HumanRatingsFile['rows'], system: string): Row {
  const own = rows.filter((row) => row.system === system);
  const single = (category: RatingCategory): number => own.filter((row) => row.category === category).length;
  return [
    own.length,
    single('incorrect'),
    single('partially_incorrect'),
    single('correct_incomplete'),
    single('correct'),
    own.filter((row) => row.marks.length === 0).length,
    own.filter((row) => row.marks.length > 1).length,
  ];
}

let ten: HumanRatingsFile;
let forty: HumanRatingsFile;

beforeAll(async () => {
  const directory = humanEvaluationDataDirectory();
  ten = await importHumanRatings(join(directory, '10_questions.csv'));
  forty = await importHumanRatings(join(directory, '40_questions.csv'));
});

describe('importHumanRatings on the real 10_questions.csv', () => {
  it('reads 80 rows of 8 systems and 10 questions, verbatim system strings', () => {
    expect(ten.file).toBe('10_questions.csv');
    expect(ten.rows).toHaveLength(80);
    expect(ten.ratings).toHaveLength(80);
    expect(ten.questions).toHaveLength(10);
    expect([...ten.systems].sort()).toEqual(Object.keys(RAW_10).sort());
  });

  it('matches the per-system counts of authors-pipeline.md §5.6', () => {
    for (const [system, expected] of Object.entries(RAW_10)) expect([system, ...tally(ten.rows, system)]).toEqual([system, ...expected]);
  });

  it('reports line 28 as unmarked and nothing else as an anomaly', () => {
    expect(ten.anomalies).toEqual([
      {
        file: '10_questions.csv',
        line: 28,
        system: 'Finetuned 8B: r=256, alpha=256',
        question: 'How is hyperkalemia reflected on the ECG?',
        kind: 'unmarked',
        detail: 'no category is marked; kept without a rating',
        relatedLines: [],
      },
    ]);
    const row = ten.rows.find((candidate) => candidate.line === 28);
    expect(row?.category).toBeNull();
    expect(row?.score).toBeNull();
  });

  it('reports the white-space-only cell it normalised', () => {
    // Python's csv module finds exactly one " " cell in this file (see test/reference/human-eval-reference.py notes).
    expect(ten.normalisations).toEqual([expect.objectContaining({ kind: 'blank-cell', raw: ' ', normalised: '' })]);
  });
});

describe('importHumanRatings on the real 40_questions.csv', () => {
  it('reads 509 rows, 12 systems and 40 questions; 470 rows after removing exact duplicates', () => {
    expect(forty.rows).toHaveLength(509);
    expect(forty.ratings).toHaveLength(470);
    expect(forty.systems).toHaveLength(12);
    expect(forty.questions).toHaveLength(40);
  });

  it('matches the raw per-system counts of authors-pipeline.md §5.6', () => {
    for (const [system, expected] of Object.entries(RAW_40)) expect([system, ...tally(forty.rows, system)]).toEqual([system, ...expected]);
  });

  it('matches the deduplicated counts: only LLama 3.1 8B + RAG changes, to 40 rows 0/6/6/28', () => {
    // authors-pipeline.md §5.6, "after dropping the 39 exact duplicate rows".
    expect(tally(forty.ratings, 'LLama 3.1 8B + RAG')).toEqual([40, 0, 6, 6, 28, 0, 0]);
    for (const [system, expected] of Object.entries(RAW_40)) {
      if (system !== 'LLama 3.1 8B + RAG') expect(tally(forty.ratings, system)).toEqual(expected);
    }
    const totals = RATING_CATEGORIES.map((category) => forty.ratings.filter((row) => row.category === category).length);
    expect(totals).toEqual([64, 116, 43, 245]);
  });

  it('reports 39 duplicate rows, all of LLama 3.1 8B + RAG, at the lines Python/pandas finds', () => {
    // Expected lines: test/reference/human-eval-reference.py (pandas DataFrame.duplicated, keep="first").
    const duplicates = forty.anomalies.filter((anomaly) => anomaly.kind === 'duplicate-row');
    expect(duplicates).toHaveLength(39);
    expect(new Set(duplicates.map((anomaly) => anomaly.system))).toEqual(new Set(['LLama 3.1 8B + RAG']));
    expect(duplicates.map((anomaly) => anomaly.line)).toEqual(pythonReference()['40_questions.csv']?.duplicateLines);
    for (const duplicate of duplicates) {
      const original = forty.rows.find((row) => row.line === duplicate.relatedLines[0]);
      const copy = forty.rows.find((row) => row.line === duplicate.line);
      expect({ ...copy, line: 0, duplicateOf: null }).toEqual({ ...original, line: 0, duplicateOf: null });
    }
  });

  it('reports the double-marked lines 352 and 379 with their categories, without guessing a rating', () => {
    const multi = forty.anomalies.filter((anomaly) => anomaly.kind === 'multi-marked');
    expect(multi.map((anomaly) => [anomaly.line, anomaly.system])).toEqual([
      [352, 'Finetuned 8B: r=256, alpha=128'],
      [379, 'Finetuned 70B: r=256, alpha=128'],
    ]);
    expect(forty.rows.find((row) => row.line === 352)?.marks).toEqual(['incorrect', 'correct']);
    expect(forty.rows.find((row) => row.line === 379)?.marks).toEqual(['partially_incorrect', 'correct']);
    expect(forty.rows.filter((row) => row.line === 352 || row.line === 379).map((row) => row.category)).toEqual([null, null]);
  });

  it('reports the sinus tachycardia block with 3 rows from 2 of 12 systems', () => {
    const incomplete = forty.anomalies.filter((anomaly) => anomaly.kind === 'incomplete-block');
    expect(incomplete).toHaveLength(1);
    const [block] = incomplete;
    expect(block?.question).toBe('What are the hallmark ECG features of sinus tachycardia?');
    expect(block?.system).toBeNull();
    expect(block?.relatedLines).toHaveLength(3);
    expect(block?.presentSystems).toEqual(['LLama 3.1 8B + RAG', 'LLama 3.1 70B + RAG']);
    expect(block?.missingSystems).toHaveLength(10);
    expect(forty.rows.filter((row) => row.question === block?.question)).toHaveLength(3);
  });

  it('reports no other anomaly, and every anomaly is a valid record', () => {
    expect(forty.anomalies).toHaveLength(39 + 2 + 1);
    for (const anomaly of [...forty.anomalies, ...ten.anomalies]) humanRatingAnomalySchema.parse(anomaly);
    for (const row of [...forty.rows, ...ten.rows]) humanRatingSchema.parse(row);
  });

  it('normalises the header typos and the mark variants, and reports each', () => {
    // Python's csv module over the file: 129 "x ", 3 " x", 9 " " cells; headers " Partially incorrect",
    // " Corret incomplete", " Correct" differ from the canonical labels.
    expect(forty.categoryHeaders).toEqual(['Incorrect', ' Partially incorrect', ' Corret incomplete', ' Correct']);
    const kinds = (kind: string): string[] => forty.normalisations.filter((entry) => entry.kind === kind).map((entry) => entry.raw);
    expect(kinds('header-label')).toEqual([' Partially incorrect', ' Corret incomplete', ' Correct']);
    expect(kinds('mark-whitespace').filter((raw) => raw === 'x ')).toHaveLength(129);
    expect(kinds('mark-whitespace').filter((raw) => raw === ' x')).toHaveLength(3);
    expect(kinds('blank-cell')).toHaveLength(9);
  });

  it('keeps system strings verbatim and adds a display label', () => {
    const row = forty.rows.find((candidate) => candidate.system === 'LLama 3.1 8B + RAG');
    expect(row?.systemLabel).toBe('Llama 3.1 8B + RAG');
    expect(forty.rows.find((candidate) => candidate.system === 'Finetuned 8B: r=64, alpha=16')?.systemLabel).toBe('Finetuned 8B (r=64, α=16)');
  });
});

describe('importHumanRatings on malformed copies of the real file', () => {
  async function variant(change: (lines: string[]) => void): Promise<string> {
    const original = await readFile(join(humanEvaluationDataDirectory(), '40_questions.csv'), 'utf8');
    const lines = original.split('\n');
    change(lines);
    const path = join(await temporaryDirectory(), '40_questions.csv');
    await writeFile(path, lines.join('\n'));
    return path;
  }

  async function failure(path: string): Promise<InputFileError> {
    const error = await importHumanRatings(path).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InputFileError);
    return error as InputFileError;
  }

  it('rejects a broken quote with file, line and column', async () => {
    // Line 10 ends `…,"Finetuned 70B: r=256, alpha=256",,,,x `; without the closing quote of the system field the
    // quoted field runs on until the opening quote of line 11, which is then followed by text.
    const path = await variant((lines) => {
      lines[9] = (lines[9] as string).replace('alpha=256",', 'alpha=256,');
    });
    const error = await failure(path);
    expect(error.location).toEqual({ file: path, line: 11, column: 2 });
    expect(error.message).toContain('after the closing quote');
  });

  it('rejects an unterminated quote at the end of the file', async () => {
    const path = await variant((lines) => {
      lines.splice(lines.length - 1, 0, '"never closed,answer,LLama 3.1 8B,x,,,');
    });
    const error = await failure(path);
    // The header is line 1 and the 509 rows are lines 2–510, so the appended row is line 511.
    expect(error.location).toEqual({ file: path, line: 511, column: 1 });
    expect(error.message).toContain('unterminated quoted field');
  });

  it('rejects a stray quote in an unquoted field', async () => {
    // Line 5 ends with the mark cell `x `; `x"` puts a quote inside an unquoted field.
    let column = 0;
    const path = await variant((lines) => {
      lines[4] = (lines[4] as string).replace(/x $/, 'x"');
      column = (lines[4] as string).length;
    });
    const error = await failure(path);
    expect(error.location).toEqual({ file: path, line: 5, column });
    expect(error.message).toContain('stray quote');
  });

  it('rejects a row with a missing column', async () => {
    // Line 20 ends `…,x,,,`: dropping the last comma leaves 6 fields.
    const path = await variant((lines) => {
      lines[19] = (lines[19] as string).replace(/,$/, '');
    });
    const error = await failure(path);
    expect(error.location).toEqual({ file: path, line: 20, column: 7 });
    expect(error.message).toContain('expected 7, found 6');
  });

  it('rejects an unknown mark "y", naming line, column and category', async () => {
    // Line 2 of the real file ends `…,LLama 3.1 8B + RAG,,x,,` (marked "Partially incorrect", column 5).
    const path = await variant((lines) => {
      lines[1] = (lines[1] as string).replace(/,,x,,$/, ',,y,,');
    });
    const error = await failure(path);
    expect(error.location).toEqual({ file: path, line: 2, column: 5, field: ' Partially incorrect' });
    expect(error.message).toBe(
      `${path}:2:5 (field " Partially incorrect"): unknown mark "y" in column 5 (Partially incorrect): a rating is "x" or an empty cell`,
    );
  });

  it('rejects category columns in another order instead of misreading them', async () => {
    const path = await variant((lines) => {
      lines[0] = 'Question,Answer,Model,Correct, Partially incorrect, Corret incomplete,Incorrect';
    });
    const error = await failure(path);
    expect(error.location).toMatchObject({ line: 1, column: 4 });
  });

  it('rejects a file with the header but no rows, naming the line after the header', async () => {
    const path = await variant((lines) => {
      lines.splice(1);
    });
    const error = await failure(path);
    expect(error.location).toEqual({ file: path, line: 2 });
    expect(error.message).toBe(`${path}:2: the file has a header but no rating rows (one row per question, answer and system)`);
  });

  it('rejects a row without a system', async () => {
    const path = await variant((lines) => {
      lines[2] = (lines[2] as string).replace('"Finetuned 8B: r=256, alpha=128"', '');
    });
    const error = await failure(path);
    expect(error.location).toMatchObject({ file: path, line: 3, column: 3, field: 'Model' });
    expect(error.message).toContain('the system (Model column) is empty');
  });
});
