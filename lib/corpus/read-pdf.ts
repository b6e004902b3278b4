/**
 * PDF → markdown without a GPU: the text layer of each page through `pdfjs-dist` (its legacy build, the one
 * meant for Node), turned into simple markdown with one string per page.
 *
 * How the text layer becomes markdown:
 * - text items are collected into lines (a line ends where pdf.js reports an end of line or the baseline moves);
 * - a line that is only a page number (`12`, `Page 12`, `Seite 12`) at the top or bottom of a page is dropped;
 * - the body font size is the size that carries most characters in the document; lines set at least 15 %
 *   larger (and shorter than 200 characters) are headings, the largest size level 1, the next level 2, …;
 * - a vertical gap more than 1.3 times the usual line spacing starts a new paragraph; lines inside a paragraph
 *   stay on separate lines (cleaning joins them and rejoins hyphenated words).
 *
 * This only works for PDFs with a text layer. Scanned books have none (or a poor OCR layer); for those — and
 * for better tables, formulas and reading order in multi-column layouts — convert them with MinerU first, as
 * the authors did, and give `ecg-llm corpus` MinerU's output folder instead:
 *
 * ```sh
 * pip install -U "mineru[core]"            # MinerU 2.x; needs Python 3.10+, a GPU helps
 * mineru -p book.pdf -o mineru-out/ -b pipeline -m ocr   # -m ocr forces OCR, as the authors did (magic-pdf 0.10 OCRPipe)
 * # → mineru-out/book/ocr/book.md, book_content_list.json, images/
 * ```
 * (The authors cut books over 300 pages into 300-page windows named `<stem>_pages_<s>-<e>.md`; such parts are
 * merged back here, see `merge-parts.ts`.)
 */
import { InputFileError } from '../core/errors.js';

export interface PdfText {
  /** Markdown of each page, in order. */
  pages: string[];
  /** The document title from the PDF metadata, when it has a real one. */
  metadataTitle: string | undefined;
  /** Lines dropped as running page numbers. */
  pageNumberLinesRemoved: number;
}

interface PdfLine {
  text: string;
  size: number;
  y: number;
}

interface PdfTextItem {
  str: string;
  transform: number[];
  height: number;
  hasEOL: boolean;
}

const roundSize = (size: number): number => Math.round(size * 2) / 2;

function isTextItem(item: unknown): item is PdfTextItem {
  return typeof item === 'object' && item !== null && typeof (item as PdfTextItem).str === 'string' && Array.isArray((item as PdfTextItem).transform);
}

function linesOfPage(items: readonly unknown[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  const finish = (): void => {
    if (current && current.text.trim() !== '') lines.push({ ...current, text: current.text.replace(/\s+/g, ' ').trim() });
    current = undefined;
  };
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const y = item.transform[5] ?? 0;
    const size = Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || item.height;
    if (current && item.str.trim() !== '' && current.text.trim() !== '' && Math.abs(current.y - y) > Math.max(2, 0.5 * current.size)) finish();
    if (!current) current = { text: '', size: 0, y };
    current.text += item.str;
    if (item.str.trim() !== '') {
      current.size = Math.max(current.size, roundSize(size));
      if (current.text.trim() === item.str.trim()) current.y = y;
    }
    if (item.hasEOL) finish();
  }
  finish();
  return lines;
}

const PAGE_NUMBER_LINE = /^(?:(?:page|seite|s\.)\s*)?\d{1,4}(?:\s*(?:of|von|\/)\s*\d{1,4})?$/i;

/**
 * Reads the text layer of a PDF as markdown pages. Unreadable bytes, and a PDF without any text (a scan without
 * an OCR layer, which would otherwise become an empty document), are an {@link InputFileError} naming `file`.
 */
export async function readPdf(bytes: Uint8Array, file: string): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document;
  try {
    document = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      useSystemFonts: false,
      disableFontFace: true,
      isEvalSupported: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
  } catch (error) {
    throw new InputFileError({ file }, `not a readable PDF (${(error as Error).message})`, {}, { cause: error });
  }
  try {
    const info = ((await document.getMetadata().catch(() => ({ info: {} }))).info ?? {}) as { Title?: unknown };
    const rawTitle = typeof info.Title === 'string' ? info.Title.trim() : '';
    const metadataTitle = rawTitle && !/^(about:blank|untitled|microsoft word|document\d*)/i.test(rawTitle) ? rawTitle : undefined;
    const pageLines: PdfLine[][] = [];
    let pageNumberLinesRemoved = 0;
    for (let number = 1; number <= document.numPages; number++) {
      let lines: PdfLine[];
      try {
        const page = await document.getPage(number);
        lines = linesOfPage((await page.getTextContent()).items);
        page.cleanup();
      } catch (error) {
        throw new InputFileError({ file, field: `page ${number}` }, `cannot read the text of page ${number} (${(error as Error).message})`, {}, { cause: error });
      }
      if (lines.length > 0 && PAGE_NUMBER_LINE.test(lines[lines.length - 1]!.text)) {
        lines.pop();
        pageNumberLinesRemoved++;
      }
      if (lines.length > 0 && PAGE_NUMBER_LINE.test(lines[0]!.text)) {
        lines.shift();
        pageNumberLinesRemoved++;
      }
      pageLines.push(lines);
    }
    if (document.numPages > 0 && pageLines.every((lines) => lines.length === 0)) {
      throw new InputFileError(
        { file },
        `has no text layer (${document.numPages} page${document.numPages === 1 ? '' : 's'}, no text): probably a scanned document. ` +
          'Convert it with MinerU (OCR) and give its output folder instead; see "Bringing your own literature" in the README',
      );
    }
    return { pages: linesToMarkdown(pageLines), metadataTitle, pageNumberLinesRemoved };
  } finally {
    await document.destroy();
  }
}

/** Turns the lines of each page into markdown (headings by font size, paragraphs by vertical gaps). */
export function linesToMarkdown(pageLines: readonly PdfLine[][]): string[] {
  const charactersBySize = new Map<number, number>();
  for (const line of pageLines.flat()) charactersBySize.set(line.size, (charactersBySize.get(line.size) ?? 0) + line.text.length);
  let bodySize = 0;
  let most = -1;
  for (const [size, characters] of charactersBySize) {
    if (characters > most) {
      most = characters;
      bodySize = size;
    }
  }
  const headingSizes = [...new Set(pageLines.flat().filter((line) => line.size >= bodySize * 1.15 && line.text.length < 200).map((line) => line.size))]
    .sort((a, b) => b - a)
    .slice(0, 6);
  const headingLevel = (line: PdfLine): number => (line.text.length < 200 ? headingSizes.indexOf(line.size) + 1 : 0);

  const gaps: number[] = [];
  for (const lines of pageLines) {
    for (let index = 1; index < lines.length; index++) {
      const gap = lines[index - 1]!.y - lines[index]!.y;
      if (lines[index]!.size === bodySize && lines[index - 1]!.size === bodySize && gap > 0) gaps.push(gap);
    }
  }
  gaps.sort((a, b) => a - b);
  const lineGap = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! : bodySize * 1.2;

  return pageLines.map((lines) => {
    const blocks: string[] = [];
    let block: string[] = [];
    let blockLevel = 0;
    let previous: PdfLine | undefined;
    const flush = (): void => {
      if (block.length > 0) blocks.push(blockLevel > 0 ? `${'#'.repeat(blockLevel)} ${block.join(' ')}` : block.join('\n'));
      block = [];
    };
    for (const line of lines) {
      const level = headingLevel(line);
      const gap = previous ? previous.y - line.y : 0;
      const newBlock = !previous || level !== blockLevel || (level === 0 && (gap > lineGap * 1.3 || gap < 0)) || (level > 0 && gap > line.size * 1.6);
      if (newBlock) {
        flush();
        blockLevel = level;
      }
      block.push(line.text);
      previous = line;
    }
    flush();
    return blocks.join('\n\n');
  });
}
