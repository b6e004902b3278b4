import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../lib/core/errors.js';
import { findQuote, loadEvidenceQuestions } from '../../lib/rag/evidence-questions.js';
import { qaItemSchema } from '../../lib/schemas/synthesis.js';
import type { CorpusDocument } from '../../lib/schemas/corpus.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { ingestCorpus } from '../../lib/corpus/ingest-corpus.js';
import { demoCorpusInput } from '../../lib/corpus/run-corpus-stage.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

function document(id: string, path: string, text: string, pageOffsets?: number[]): CorpusDocument {
  return {
    id,
    title: path,
    language: 'en',
    pageCount: pageOffsets ? pageOffsets.length : null,
    sourceKind: 'markdown',
    sourcePaths: [path],
    text,
    ...(pageOffsets ? { pageOffsets } : {}),
    characters: text.length,
    words: text.split(/\s+/).length,
  };
}

const text = '# Intro\n\nThe QT interval\nshortens as heart rate rises.\n\n## Bazett\n\nBazett divides QT by the square root of RR.\nFridericia divides QT by the cube root.\n';
const documents = [document('doc-00000000000000a1', 'qt-notes.md', text, [0, 40]), document('doc-00000000000000b2', 'mineru/axis-notes/axis-notes.md', 'Axis text.')];

describe('findQuote', () => {
  it('matches across line breaks and runs of spaces, returning exact spans of the original text', () => {
    const [span] = findQuote(text, 'The QT interval shortens as  heart rate rises.');
    expect(span).toEqual({ start: text.indexOf('The QT'), end: text.indexOf('rises.') + 'rises.'.length });
    expect(findQuote(text, 'QT')).toHaveLength(3);
    expect(findQuote(text, 'not there')).toEqual([]);
  });
});

describe('loadEvidenceQuestions', () => {
  it('locates each quote, derives section path and pages, and builds valid QaItems', async () => {
    const file = join(await temporaryDirectory(), 'questions.jsonl');
    await writeFile(
      file,
      [
        { id: 'q-1', document: 'qt-notes', question: 'What does Bazett divide by?', answer: 'The square root of RR.', evidence: 'divides QT by the square root of RR' },
        { id: 'q-2', document: 'axis-notes', question: 'What is this?', answer: 'Axis text.', evidence: 'Axis text.' },
      ]
        .map((entry) => JSON.stringify(entry))
        .join('\n\n'),
    );
    const { questions, skipped } = await loadEvidenceQuestions(file, documents);
    expect(skipped).toEqual([]);
    const first = questions[0]!;
    const start = text.indexOf('divides QT');
    expect(first.item.source).toEqual({
      documentId: 'doc-00000000000000a1',
      sectionPath: ['Intro', 'Bazett'],
      span: { start, end: start + 'divides QT by the square root of RR'.length },
      pages: { start: 2, end: 2 },
    });
    expect(qaItemSchema.parse(first.item)).toEqual(first.item);
    expect(first.item.generator.provider).toBe('human');
    // A MinerU folder name is a slug too.
    expect(questions[1]!.item.source.documentId).toBe('doc-00000000000000b2');
    expect(questions[1]!.item.source.pages).toBeNull();
  });

  it('names file, line and field of a quote that is missing or ambiguous, or an unknown document', async () => {
    const directory = await temporaryDirectory();
    const cases: Array<[object, RegExp]> = [
      [{ id: 'q-1', document: 'qt-notes', question: 'Q?', answer: 'A.', evidence: 'Hodges adds a linear term' }, /:2 \(field "evidence"\): the evidence quote is not in the cleaned text/],
      [{ id: 'q-1', document: 'qt-notes', question: 'Q?', answer: 'A.', evidence: 'divides QT by the' }, /:2 \(field "evidence"\): .*occurs 2 times/],
      [{ id: 'q-1', document: 'unknown-slug', question: 'Q?', answer: 'A.', evidence: 'whatever text' }, /:2 \(field "document"\): no corpus document has the slug "unknown-slug"/],
      [{ id: 'q-1', document: 'qt-notes', question: '', answer: 'A.', evidence: 'whatever text' }, /:2 \(field "question"\)/],
    ];
    for (const [entry, message] of cases) {
      const file = join(directory, 'questions.jsonl');
      await writeFile(file, `\n${JSON.stringify(entry)}\n`);
      const attempt = loadEvidenceQuestions(file, documents);
      await expect(attempt).rejects.toBeInstanceOf(InputFileError);
      await expect(attempt).rejects.toThrow(message);
    }
    const file = join(directory, 'duplicate.jsonl');
    const entry = { id: 'q-1', document: 'qt-notes', question: 'Q?', answer: 'A.', evidence: 'Bazett divides QT' };
    await writeFile(file, `${JSON.stringify(entry)}\n${JSON.stringify(entry)}\n`);
    await expect(loadEvidenceQuestions(file, documents)).rejects.toThrow(/:2 \(field "id"\): id "q-1" was already used on line 1/);
  });

  it('can skip unresolved questions and report them', async () => {
    const file = join(await temporaryDirectory(), 'questions.jsonl');
    await writeFile(file, JSON.stringify({ id: 'q-9', document: 'qt-notes', question: 'Q?', answer: 'A.', evidence: 'not in the text at all' }));
    const { questions, skipped } = await loadEvidenceQuestions(file, documents, { onUnresolved: 'skip' });
    expect(questions).toEqual([]);
    expect(skipped).toEqual([{ handle: 'q-9', line: 1, reason: expect.stringMatching(/not in the cleaned text/) }]);
  });

  it('resolves every question of the demo question set in the cleaned demo corpus, each quote exactly once', async () => {
    // The corpus stage's real output for the packaged demo corpus (markdown, MinerU folders, PDFs, a split book).
    const { documents: demo } = await ingestCorpus(demoCorpusInput(resolveWorkspacePaths({ root: repositoryRoot })));
    const { questions } = await loadEvidenceQuestions(join(repositoryRoot, 'data', 'demo-corpus-sources', 'questions.jsonl'), demo);
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(new Set(questions.map((question) => question.item.source.documentId)).size).toBe(demo.length);
    expect(new Set(questions.map((question) => question.item.id)).size).toBe(questions.length);
    expect(questions.filter((question) => question.item.source.pages !== null).length).toBeGreaterThan(0); // the PDFs have pages
    for (const question of questions) {
      const source = demo.find((candidate) => candidate.id === question.item.source.documentId)!;
      const quoted = source.text.slice(question.item.source.span.start, question.item.source.span.end);
      expect(quoted.replace(/\s+/g, ' ')).toBe(question.evidence.replace(/\s+/g, ' '));
    }
  });
});
