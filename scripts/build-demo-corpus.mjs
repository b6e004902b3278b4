#!/usr/bin/env node
/**
 * Packages the demo corpus texts (data/demo-corpus-sources/texts/<slug>.md) into the delivery forms that
 * `ecg-llm corpus` reads by default (data/demo-corpus/, which holds nothing else but the LICENSE, so that the
 * folder users are told about is exactly the input), as listed in data/demo-corpus-sources/catalogue.json:
 *
 * - `markdown`: copied as `<slug>.md`; the one book with `"parts": 2` is cut, as the authors' PDF windows were,
 *   into `<slug>_pages_1-<e>.md` and `<slug>_pages_<e+1>-<n>.md` where the first part ALSO holds page e+1
 *   (MinerU's inclusive end page, authors' pipeline §1.1) — so the ingest's duplicate-page removal has work.
 *   Pages are cut at paragraph boundaries every ~2,200 characters; part II of the book starts a page.
 * - `mineru`: a MinerU output folder `<slug>/` with `<slug>.md` (the text as it is), `<slug>_content_list.json`
 *   in MinerU's format (type / text / text_level / page_idx, img_path + image_caption, table_body, equations with
 *   text_format latex) and `images/` with a small generated PNG under each referenced image name.
 * - `pdf`: `<slug>.pdf`, rendered from the markdown by headless Chromium (A5, page numbers in the footer, the
 *   document title in the PDF metadata). Chromium stamps creation and modification dates into the file; they
 *   are overwritten with a fixed date of the same length so the bytes — and the document ids — are
 *   reproducible.
 *
 * Image files referenced by markdown deliveries are generated beside them (`images/`), as MinerU leaves them.
 * Deterministic: running it twice gives identical files. Usage: `node scripts/build-demo-corpus.mjs`
 * (needs Chromium at /usr/bin/chromium or CHROMIUM_PATH, and playwright-core).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, 'data', 'demo-corpus-sources');
const output = join(root, 'data', 'demo-corpus');
const PAGE_CHARACTERS = 2200;

/** Blocks of markdown: paragraphs separated by blank lines. */
function blocksOf(markdown) {
  return markdown.split(/\n[ \t]*\n/).map((block) => block.replace(/^\n+|\n+$/g, '')).filter((block) => block.trim() !== '');
}

/** Pages: consecutive blocks up to ~PAGE_CHARACTERS; `breakBefore(block)` forces a new page. */
function paginate(blocks, breakBefore = () => false) {
  const pages = [];
  let page = [];
  let size = 0;
  for (const block of blocks) {
    if (page.length > 0 && (size + block.length > PAGE_CHARACTERS || breakBefore(block))) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(block);
    size += block.length + 2;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** A small deterministic PNG (16×16, a grey ECG-paper-like grid seeded by the name). */
function tinyPng(name) {
  const seed = createHash('sha256').update(name).digest();
  const width = 16;
  const height = 16;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const grid = x % 4 === 0 || y % 4 === 0;
      const offset = y * (width * 3 + 1) + 1 + x * 3;
      raw[offset] = grid ? 230 : 255;
      raw[offset + 1] = grid ? 160 : 240 - (seed[(x + y) % 32] % 16);
      raw[offset + 2] = grid ? 160 : 240;
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buffer) => {
    let c = 0xffffffff;
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const check = Buffer.alloc(4);
    check.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, check]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function writeImages(markdown, folder) {
  for (const match of markdown.matchAll(/!\[[^\]]*\]\((images\/[^)\s]+)\)/g)) {
    await mkdir(join(folder, 'images'), { recursive: true });
    await writeFile(join(folder, match[1]), tinyPng(match[1]));
  }
}

/** MinerU's content list for a markdown text: one block per paragraph, heading, image, table or equation. */
function contentList(markdown) {
  const pages = paginate(blocksOf(markdown));
  const list = [];
  pages.forEach((blocks, pageIndex) => {
    for (let index = 0; index < blocks.length; index++) {
      const block = blocks[index];
      const image = /^!\[[^\]]*\]\(([^)\s]+)\)$/.exec(block.trim());
      if (image) {
        const next = blocks[index + 1];
        const caption = next && /^(Figure|Fig\.|Abbildung|Abb\.)\s/.test(next) ? [next] : [];
        if (caption.length > 0) index++;
        list.push({ type: 'image', img_path: image[1], image_caption: caption, image_footnote: [], page_idx: pageIndex });
      } else if (/^#{1,6}\s/.test(block)) {
        list.push({ type: 'text', text: block.replace(/^#{1,6}\s+/, ''), text_level: 1, page_idx: pageIndex });
      } else if (/^<(table|html)/i.test(block.trim())) {
        list.push({ type: 'table', table_caption: [], table_footnote: [], table_body: block.trim(), page_idx: pageIndex });
      } else if (block.trim().startsWith('$$')) {
        list.push({ type: 'equation', text: block.trim(), text_format: 'latex', page_idx: pageIndex });
      } else {
        list.push({ type: 'text', text: block, page_idx: pageIndex });
      }
    }
  });
  return list;
}

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const inline = (text) =>
  escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1<em>$2</em>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');

/** Minimal markdown → HTML for the PDF deliveries (headings, paragraphs, lists, emphasis). */
function markdownToHtml(markdown, title) {
  const body = blocksOf(markdown)
    .map((block) => {
      const heading = /^(#{1,6})\s+(.*)$/.exec(block);
      if (heading) return `<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`;
      const lines = block.split('\n');
      if (lines.every((line) => /^\s*[-*]\s/.test(line) || /^\s{2,}\S/.test(line))) {
        return `<ul>${lines.filter((line) => /^\s*[-*]\s/.test(line)).map((line) => `<li>${inline(line.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
      }
      if (lines.every((line) => /^\s*\d+[.)]\s/.test(line))) {
        return `<ol>${lines.map((line) => `<li>${inline(line.replace(/^\s*\d+[.)]\s+/, ''))}</li>`).join('')}</ol>`;
      }
      return `<p>${inline(lines.join(' '))}</p>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 16pt; margin: 14pt 0 6pt; } h2 { font-size: 13.5pt; margin: 12pt 0 5pt; } h3 { font-size: 12pt; margin: 10pt 0 4pt; }
p { margin: 0 0 7pt; text-align: left; } li { margin: 0 0 3pt; }
</style></head><body>\n${body}\n</body></html>`;
}

/** Overwrites Chromium's timestamps with a fixed date of the same length (offsets stay valid). */
function fixPdfDates(pdf) {
  const text = pdf.toString('latin1');
  const fixed = text.replace(/\/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)/g, (_match, key, _date, zone) => `/${key} (D:20250101000000${zone.replace(/[0-9]/g, '0')})`);
  return Buffer.from(fixed, 'latin1');
}

async function main() {
  const catalogue = JSON.parse(await readFile(join(corpus, 'catalogue.json'), 'utf8'));
  await mkdir(output, { recursive: true });
  // Everything in the output folder is generated here, except its LICENSE.
  for (const entry of await readdir(output)) {
    if (entry !== 'LICENSE') await rm(join(output, entry), { recursive: true, force: true });
  }
  const pdfJobs = [];
  for (const entry of catalogue) {
    const markdown = await readFile(join(corpus, 'texts', `${entry.slug}.md`), 'utf8');
    if (entry.delivery === 'markdown' && entry.parts === 2) {
      const pages = paginate(blocksOf(markdown), (block) => /^# Part II\b/.test(block));
      const partTwo = pages.findIndex((page) => /^# Part II\b/.test(page[0]));
      if (partTwo < 1) throw new Error(`${entry.slug}: no "# Part II" heading to split at`);
      const text = (selected) => `${selected.map((page) => page.join('\n\n')).join('\n\n')}\n`;
      // Part 1 is named 1-<e> but holds pages 1..e+1: MinerU's inclusive end page.
      await writeFile(join(output, `${entry.slug}_pages_1-${partTwo}.md`), text(pages.slice(0, partTwo + 1)));
      await writeFile(join(output, `${entry.slug}_pages_${partTwo + 1}-${pages.length}.md`), text(pages.slice(partTwo)));
      await writeImages(markdown, output);
    } else if (entry.delivery === 'markdown') {
      await writeFile(join(output, `${entry.slug}.md`), markdown);
      await writeImages(markdown, output);
    } else if (entry.delivery === 'mineru') {
      const folder = join(output, entry.slug);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, `${entry.slug}.md`), markdown);
      await writeFile(join(folder, `${entry.slug}_content_list.json`), `${JSON.stringify(contentList(markdown), null, 4)}\n`);
      await writeImages(markdown, folder);
    } else if (entry.delivery === 'pdf') {
      pdfJobs.push({ slug: entry.slug, html: markdownToHtml(markdown, entry.title) });
    } else {
      throw new Error(`${entry.slug}: unknown delivery "${entry.delivery}"`);
    }
  }
  if (pdfJobs.length > 0) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      for (const job of pdfJobs) {
        await page.setContent(job.html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          format: 'A5',
          margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: '<div style="font-size:8pt;width:100%;text-align:center;"><span class="pageNumber"></span></div>',
        });
        await writeFile(join(output, `${job.slug}.pdf`), fixPdfDates(Buffer.from(pdf)));
      }
    } finally {
      await browser.close();
    }
  }
  process.stdout.write(`demo corpus packaged into ${output}\n`);
}

await main();
