import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { ingestCorpus } from '../../lib/corpus/ingest-corpus.js';
import { demoCorpusInput } from '../../lib/corpus/run-corpus-stage.js';
import { corpusDocumentSchema } from '../../lib/schemas/corpus.js';
import { minimalPdf } from '../helpers/minimal-pdf.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const demoInput = demoCorpusInput(resolveWorkspacePaths({ root: repositoryRoot, packageRoot: repositoryRoot }));
const brokenPdf = join(repositoryRoot, 'test', 'corpus', 'fixtures', 'broken.pdf');

interface CatalogueEntry { slug: string; language: string; delivery: string; parts?: number }

describe('ingestCorpus with the same document twice', () => {
  it('keeps one copy of identical files and of files whose cleaned text is identical, and reports the others', async () => {
    const input = await temporaryDirectory();
    const paper = await readFile(join(repositoryRoot, 'data', 'demo-corpus-sources', 'texts', 'electrical-axis.md'));
    // The same paper under two names (identical bytes, so the same id), as literature folders often hold it.
    await writeFile(join(input, 'axis.md'), paper);
    await writeFile(join(input, 'Axis (1).md'), paper);
    // The same paper saved again with trailing blanks and CRLF line ends: other bytes (another id), the same
    // text once cleaned.
    await writeFile(join(input, 'axis-resaved.md'), paper.toString('utf8').replace(/\n/g, '  \r\n'));
    await writeFile(join(input, 'other.md'), await readFile(join(repositoryRoot, 'data', 'demo-corpus-sources', 'texts', 'athletes-ecg.md')));
    const result = await ingestCorpus(input);
    expect(result.documents).toHaveLength(2);
    expect(new Set(result.documents.map((document) => document.id)).size).toBe(2);
    // The first copy in input order ('Axis (1).md' sorts first) is kept; the two others are named in its report.
    const kept = result.documents.find((document) => document.sourcePaths[0] === 'Axis (1).md')!;
    expect(kept).toBeDefined();
    const report = result.reports.find((candidate) => candidate.documentId === kept.id)!;
    expect(report.duplicatesRemoved).toHaveLength(2);
    expect(report.duplicatesRemoved).toEqual(
      expect.arrayContaining([
        { sourcePaths: ['axis-resaved.md'], reason: 'same-text' },
        { sourcePaths: ['axis.md'], reason: 'same-id' },
      ]),
    );
    expect(result.reports.find((candidate) => candidate.sourcePaths[0] === 'other.md')!.duplicatesRemoved).toEqual([]);
  });
});

describe('ingestCorpus on the packaged demo corpus', () => {
  it('reads all three input kinds, merges the split book and describes every document', async () => {
    const catalogue = JSON.parse(await readFile(join(repositoryRoot, 'data', 'demo-corpus-sources', 'catalogue.json'), 'utf8')) as CatalogueEntry[];
    const result = await ingestCorpus(demoInput);
    expect(result.skipped).toEqual([]);
    expect(result.documents).toHaveLength(catalogue.length);
    for (const document of result.documents) corpusDocumentSchema.parse(document);
    const kinds = (delivery: string) => catalogue.filter((entry) => entry.delivery === delivery).length;
    expect(result.documents.filter((document) => document.sourceKind === 'markdown')).toHaveLength(kinds('markdown'));
    expect(result.documents.filter((document) => document.sourceKind === 'mineru')).toHaveLength(kinds('mineru'));
    expect(result.documents.filter((document) => document.sourceKind === 'pdf')).toHaveLength(kinds('pdf'));
    // Languages as the catalogue's authors declared them.
    for (const entry of catalogue) {
      const document = result.documents.find((candidate) => candidate.sourcePaths[0]!.includes(entry.slug))!;
      expect(document.language, entry.slug).toBe(entry.language);
    }
    // The split book: one document from two parts, the duplicated page dropped.
    const book = result.documents.find((document) => document.sourcePaths.length === 2)!;
    expect(book.sourcePaths[0]).toMatch(/_pages_1-\d+\.md$/);
    const bookReport = result.reports.find((report) => report.documentId === book.id)!;
    expect(bookReport.droppedOverlaps).toHaveLength(1);
    expect(bookReport.droppedOverlaps[0]).toMatchObject({ method: 'text-overlap', identical: true });
    const partTwoHeading = '# Part II Equivalents, Subtle Patterns and Pitfalls';
    expect(book.text.split(partTwoHeading)).toHaveLength(2);
    // The id is the SHA-256 of the source bytes, parts in order.
    const bytes = await Promise.all(book.sourcePaths.map((path) => readFile(join(demoInput, path))));
    expect(book.id).toBe(`doc-${createHash('sha256').update(Buffer.concat(bytes)).digest('hex').slice(0, 16)}`);
  });

  it('counts PDF pages like the file does and MinerU pages like its content list does', async () => {
    const result = await ingestCorpus(demoInput);
    for (const document of result.documents.filter((candidate) => candidate.sourceKind === 'pdf')) {
      const raw = (await readFile(join(demoInput, document.sourcePaths[0]!))).toString('latin1');
      // Page objects in the PDF file itself.
      expect(document.pageCount).toBe((raw.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length);
      expect(document.pageOffsets).toHaveLength(document.pageCount!);
    }
    for (const document of result.documents.filter((candidate) => candidate.sourceKind === 'mineru')) {
      const contentList = JSON.parse(await readFile(join(demoInput, document.sourcePaths[0]!.replace(/\.md$/, '_content_list.json')), 'utf8')) as Array<{ page_idx: number }>;
      expect(document.pageCount).toBe(Math.max(...contentList.map((block) => block.page_idx)) + 1);
      const offsets = document.pageOffsets!;
      expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
      // Each page starts where the text of its first content-list block begins.
      const firstOfPage = contentList.find((block) => block.page_idx === 2) as { text?: string } | undefined;
      if (firstOfPage?.text) expect(document.text.slice(offsets[2]!)).toContain(firstOfPage.text.slice(0, 20));
    }
  });

  it('gives the same ids twice and keeps the duplicate page in legacy mode, as the authors did', async () => {
    const first = await ingestCorpus(demoInput);
    const again = await ingestCorpus(demoInput, { cleaning: 'legacy' });
    expect(again.documents.map((document) => document.id)).toEqual(first.documents.map((document) => document.id));
    const book = again.documents.find((document) => document.sourcePaths.length === 2)!;
    expect(book.text.split('# Part II Equivalents, Subtle Patterns and Pitfalls')).toHaveLength(3);
  });
});

describe('ingestCorpus on small folders', () => {
  it('stops at a broken PDF naming the file, or skips it with skipUnreadable', async () => {
    const folder = await temporaryDirectory();
    await copyFile(brokenPdf, join(folder, 'broken.pdf'));
    await writeFile(join(folder, 'note.md'), '# A note\n\nThe QT interval is measured from the start of the QRS complex.\n');
    const failure = await ingestCorpus(folder).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputFileError);
    expect((failure as InputFileError).location.file).toBe(join(folder, 'broken.pdf'));
    expect((failure as InputFileError).message).toContain('not a readable PDF');
    const skipped = await ingestCorpus(folder, { skipUnreadable: true });
    expect(skipped.documents.map((document) => document.title)).toEqual(['A note']);
    expect(skipped.skipped).toEqual([expect.objectContaining({ path: join(folder, 'broken.pdf') })]);
  });

  it('treats a PDF without a text layer as unreadable, and notes pages without text', async () => {
    const folder = await temporaryDirectory();
    await writeFile(join(folder, 'scan.pdf'), minimalPdf([null, null]));
    await writeFile(join(folder, 'mixed.pdf'), minimalPdf(['The P wave shows atrial depolarisation.', null, 'The QRS complex shows ventricular depolarisation.']));
    const failure = await ingestCorpus(folder).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputFileError);
    expect((failure as InputFileError).location.file).toBe(join(folder, 'scan.pdf'));
    expect((failure as InputFileError).message).toContain('has no text layer (2 pages, no text): probably a scanned document');
    const skipped = await ingestCorpus(folder, { skipUnreadable: true });
    expect(skipped.skipped).toEqual([expect.objectContaining({ path: join(folder, 'scan.pdf') })]);
    expect(skipped.documents.map((document) => document.pageCount)).toEqual([3]);
    expect(skipped.reports[0]!.notes).toEqual(['mixed.pdf: no text on page 2 (blank, or scanned without OCR)']);
  });

  it('names an input that is missing or a file instead of a folder', async () => {
    const folder = await temporaryDirectory();
    await expect(ingestCorpus(join(folder, 'nowhere'))).rejects.toThrow(`corpus folder not found: ${join(folder, 'nowhere')}`);
    await writeFile(join(folder, 'note.md'), '# Note\n');
    await expect(ingestCorpus(join(folder, 'note.md'))).rejects.toThrow(`${join(folder, 'note.md')}: is a file, not a folder`);
  });

  it('merges MinerU parts by their page ranges, dropping the page the inclusive end duplicated', async () => {
    const folder = await temporaryDirectory();
    const part = async (name: string, pages: Array<[number, string]>) => {
      await mkdir(join(folder, name), { recursive: true });
      await writeFile(join(folder, name, `${name}.md`), pages.map(([, text]) => text).join('\n\n'));
      await writeFile(join(folder, name, `${name}_content_list.json`), JSON.stringify(pages.map(([page, text]) => ({ type: 'text', text, page_idx: page }))));
    };
    // Named 1-2 but holding pages 1-3 (page_idx 0-2); the next part starts at page 3.
    await part('book_pages_1-2', [[0, 'Page one text about sinus rhythm.'], [1, 'Page two text about the P wave.'], [2, 'Page three text about the PR interval.']]);
    await part('book_pages_3-4', [[0, 'Page three text about the PR interval.'], [1, 'Page four text about the QRS complex.']]);
    const result = await ingestCorpus(folder);
    const [document] = result.documents;
    expect(document!.pageCount).toBe(4);
    expect(document!.text).toBe(['Page one text about sinus rhythm.', 'Page two text about the P wave.', 'Page three text about the PR interval.', 'Page four text about the QRS complex.'].join('\n\n'));
    expect(document!.pageOffsets).toEqual([0, 35, 68, 108]);
    expect(result.reports[0]!.droppedOverlaps).toEqual([{ part: 'book_pages_1-2/book_pages_1-2.md', page: 3, characters: 'Page three text about the PR interval.'.length, identical: true, method: 'page-range' }]);
  });

  it('rejects a MinerU content list that is not one, naming file and field', async () => {
    const folder = await temporaryDirectory();
    await writeFile(join(folder, 'x.md'), '# X\n');
    await writeFile(join(folder, 'x_content_list.json'), JSON.stringify([{ type: 'text', text: 'X' }]));
    const failure = await ingestCorpus(folder).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputFileError);
    expect((failure as InputFileError).location).toMatchObject({ file: join(folder, 'x_content_list.json'), field: '[0].page_idx' });
  });
});
