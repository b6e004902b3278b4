import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../../lib/core/errors.js';
import { readEvaluationDataset, splitInlineOptions } from '../../../lib/evaluation/datasets/read-evaluation-dataset.js';
import { useTemporaryDirectory } from '../../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

async function fileWith(content: string | Uint8Array, name = 'set.jsonl'): Promise<string> {
  const path = join(await temporaryDirectory(), name);
  await writeFile(path, content);
  return path;
}

const jsonl = (...records: unknown[]): string => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

async function refusal(content: string | Uint8Array): Promise<InputFileError> {
  const path = await fileWith(content);
  const error = await readEvaluationDataset(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputFileError);
  expect((error as InputFileError).location.file).toBe(path);
  return error as InputFileError;
}

describe('readEvaluationDataset: formats', () => {
  it("reads the authors' Q&A format {question, answer, context, filename}", async () => {
    const dataset = await readEvaluationDataset(
      await fileWith(jsonl({ question: 'What is a P wave?', answer: 'Atrial depolarisation.', context: 'The P wave …', filename: 'qa_pairs_book.md.json' })),
    );
    expect(dataset).toMatchObject({ kind: 'qa', format: 'authors-qa', name: 'set' });
    expect(dataset.items[0]).toMatchObject({ question: 'What is a P wave?', answer: 'Atrial depolarisation.', context: 'The P wave …', document: 'qa_pairs_book.md.json', line: 1 });
    expect(dataset.items[0]!.id).toMatch(/^item-[0-9a-f]{12}$/);
  });

  it("reads the authors' MC format and upper-cases the answer letter as their answer.upper() did", async () => {
    const dataset = await readEvaluationDataset(await fileWith(jsonl({ question: 'Which wave?', choices: ['P', 'QRS', 'T', 'U'], answer: 'b' })));
    expect(dataset).toMatchObject({ kind: 'mc', format: 'authors-mc' });
    expect(dataset.items[0]).toMatchObject({ choices: ['P', 'QRS', 'T', 'U'], answer: 'B' });
  });

  it('reads MC items with the options written into the question', async () => {
    const dataset = await readEvaluationDataset(
      await fileWith(jsonl({ question: 'Which wave shows atrial depolarisation? A) P wave B) QRS complex C) T wave D) U wave', answer: 'A' })),
    );
    expect(dataset).toMatchObject({ kind: 'mc', format: 'authors-mc-inline' });
    expect(dataset.items[0]).toMatchObject({ question: 'Which wave shows atrial depolarisation?', choices: ['P wave', 'QRS complex', 'T wave', 'U wave'], answer: 'A' });
  });

  it('splits inline options only at markers in order, after whitespace', () => {
    expect(splitInlineOptions('Dose? A) 5 mg (oral) B) 10 mg C) 20 mg D) none')).toEqual({ stem: 'Dose?', options: ['5 mg (oral)', '10 mg', '20 mg', 'none'] });
    expect(splitInlineOptions('No options here')).toBeUndefined();
  });

  it('reads the demo sets and the synthesis outputs', async () => {
    const demo = await readEvaluationDataset(await fileWith(jsonl({ id: 'demo-001', document: 'doc', question: 'Q?', answer: 'An answer.', evidence: 'Evidence.' })));
    expect(demo).toMatchObject({ kind: 'qa', format: 'demo-qa' });
    expect(demo.items[0]).toMatchObject({ id: 'demo-001', context: 'Evidence.', document: 'doc' });
    const source = { documentId: 'doc-0123456789abcdef', sectionPath: ['Intro'], span: { start: 0, end: 10 } };
    const generator = { provider: 'ollama', model: 'llama3.1:8b', promptVersion: 'mc-v1' };
    const workspace = await readEvaluationDataset(
      await fileWith(jsonl({ id: 'mc-0123456789abcdef', question: 'Which?', options: ['a', 'b', 'c', 'd'], answer: 'C', source, generator, flags: [] })),
    );
    expect(workspace).toMatchObject({ kind: 'mc', format: 'workspace-mc' });
    expect(workspace.items[0]).toMatchObject({ id: 'mc-0123456789abcdef', choices: ['a', 'b', 'c', 'd'], answer: 'C', document: 'doc-0123456789abcdef' });
  });
});

describe('readEvaluationDataset: a bad file is refused whole, naming file, line and field', () => {
  const good = { question: 'Which wave?', choices: ['P', 'QRS', 'T', 'U'], answer: 'A' };

  it('invalid JSON on line 3', async () => {
    const error = await refusal(jsonl(good, good) + '{"question": "broken",\n');
    expect(error.location.line).toBe(3);
    expect(error.message).toContain('not valid JSON');
  });

  it('a missing field', async () => {
    const error = await refusal(jsonl(good, { question: 'Which?', answer: 'A', choices: undefined, context: 'x', filename: 'f' }));
    // Line 2 has no choices, so it is read as the first line's format (authors-mc) and misses "choices".
    expect(error.location).toMatchObject({ line: 2, field: 'choices' });
  });

  it('an answer letter outside the options', async () => {
    const error = await refusal(jsonl(good, { ...good, answer: 'E' }));
    expect(error.location).toMatchObject({ line: 2, field: 'answer' });
    expect(error.message).toContain('A, B, C, D');
    const inline = await refusal(jsonl({ question: 'Which? A) P B) QRS C) T', answer: 'D' }));
    expect(inline.location).toMatchObject({ line: 1, field: 'answer' });
    expect(inline.message).toContain('outside the options');
  });

  it('an empty file (or only blank lines)', async () => {
    const error = await refusal('\n\n  \n');
    expect(error.message).toContain('empty');
  });

  it('a file that is not UTF-8: says so and never prints its bytes', async () => {
    // "Herzfrequenz 70 Schläge" in Latin-1: 0xE4 for "ä" starts no valid UTF-8 sequence here.
    const latin1 = Buffer.concat([Buffer.from(jsonl(good)), Buffer.from('{"question": "Schl'), Buffer.from([0xe4]), Buffer.from('ge?", "answer": "A"}\n')]);
    const error = await refusal(latin1);
    expect(error.location.line).toBe(2);
    expect(error.message).toContain('not UTF-8');
    expect(error.message).not.toContain('Schl');
    const utf16 = await refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jsonl(good), 'utf16le')]));
    expect(utf16.message).toContain('UTF-16 LE (byte-order mark FF FE)');
    const nul = await refusal(Buffer.from(jsonl(good), 'utf16le'));
    expect(nul.message).toContain('UTF-16 LE without a byte-order mark');
    expect(nul.message).toContain('NUL bytes');
  });

  it('accepts a UTF-8 byte-order mark (valid UTF-8) and text with multi-byte characters', async () => {
    const dataset = await readEvaluationDataset(await fileWith(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jsonl({ ...good, question: 'Schläge – 70/min?' }))])));
    expect(dataset.items[0]!.question).toBe('Schläge – 70/min?');
  });

  it('duplicate ids in files that have ids', async () => {
    const record = { id: 'demo-001', document: 'doc', question: 'Q?', answer: 'A.', evidence: 'E.' };
    const error = await refusal(jsonl(record, record));
    expect(error.location).toMatchObject({ line: 2, field: 'id' });
  });
});
