/**
 * MinerU output folders: `<name>.md` (the markdown), `<name>_content_list.json` and `images/`.
 *
 * `content_list.json` is MinerU's flat list of content blocks in reading order (MinerU docs, "Output Files →
 * Content List"): each block has a `type` (`text`, `image`, `table`, `equation`; newer versions add `list`,
 * `code`, …), a 0-based `page_idx`, and type-specific fields — `text` and `text_level` (absent or 0 = body,
 * 1 = level-1 heading, 2 = level-2 heading, …) for text, `img_path` and captions for images and tables,
 * `table_body` (HTML) for tables, `text` with `text_format: "latex"` for equations. The markdown has no page
 * information, so each block is located in the markdown (its text, or its image path) in order, and a page
 * starts at the line of its first located block; pages whose blocks cannot be located start where the next
 * page starts. Where MinerU reports heading depths (`text_level` ≥ 2, MinerU 2.x) the markdown headings are
 * given that many `#`; MinerU 0.x/1.x (the authors' magic-pdf 0.10) reports every heading as level 1, and then
 * levels are inferred from numbering during cleaning (markdown-headings.ts).
 */
import { z } from 'zod';
import { InputFileError } from '../core/errors.js';
import { formatIssuePath } from '../core/validate.js';
import { findHeadings } from './markdown-headings.js';
import { PAGE_MARK, stripNoncharacters } from './page-marks.js';

/** One block of MinerU's `content_list.json` (unknown fields are kept). */
export const mineruBlockSchema = z.looseObject({
  type: z.string(),
  page_idx: z.number().int().nonnegative(),
  text: z.string().optional(),
  text_level: z.number().int().nonnegative().optional(),
  text_format: z.string().optional(),
  img_path: z.string().optional(),
  img_caption: z.array(z.string()).optional(),
  image_caption: z.array(z.string()).optional(),
  table_body: z.string().optional(),
  table_caption: z.array(z.string()).optional(),
  table_footnote: z.array(z.string()).optional(),
});
export type MineruBlock = z.infer<typeof mineruBlockSchema>;

export const mineruContentListSchema = z.array(mineruBlockSchema);

export interface MineruText {
  /** The markdown with a page mark at the start of each page. */
  text: string;
  /** Number of pages from the first to the last `page_idx`. */
  pageCount: number;
  /** The smallest `page_idx` (0 unless the folder is one part of a split book numbered absolutely). */
  firstPageIndex: number;
  /** Blocks that could not be located in the markdown (their page boundaries are approximate). */
  unlocatedBlocks: number;
  /** Headings given levels from `text_level`. */
  levelledHeadings: number;
}

/** Parses `content_list.json` text; errors name the file and the failing field. */
export function parseContentList(jsonText: string, file: string): MineruBlock[] {
  let value: unknown;
  try {
    value = JSON.parse(jsonText);
  } catch (error) {
    throw new InputFileError({ file }, `not valid JSON (${(error as Error).message})`, {}, { cause: error });
  }
  const parsed = mineruContentListSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputFileError({ file, field: formatIssuePath(issue.path) }, `not a MinerU content list: ${issue.message}`);
  }
  return parsed.data;
}

const normalizeForSearch = (text: string): string => text.replace(/\s+/g, ' ').trim();

function searchKey(block: MineruBlock): string | undefined {
  if (block.img_path) return block.img_path;
  if (block.text === undefined) return undefined;
  const firstLine = block.text.split('\n').find((line) => line.trim() !== '' && !/^\$\$\s*$/.test(line.trim()));
  if (!firstLine) return undefined;
  const key = firstLine.trim().slice(0, 40).trim();
  return key === '' ? undefined : key;
}

/** Combines MinerU markdown and its content list into paged markdown (see module documentation). */
export function alignMineruPages(markdown: string, blocks: readonly MineruBlock[]): MineruText {
  let text = stripNoncharacters(markdown);
  // Heading levels, where MinerU reports depths.
  const headingBlocks = blocks.filter((block) => (block.text_level ?? 0) >= 1 && block.text !== undefined);
  let levelledHeadings = 0;
  if (headingBlocks.some((block) => (block.text_level ?? 0) >= 2)) {
    const headings = findHeadings(text);
    let next = 0;
    let result = '';
    let cursor = 0;
    for (const heading of headings) {
      const index = headingBlocks.findIndex((block, position) => position >= next && normalizeForSearch(block.text!) === normalizeForSearch(heading.title));
      if (index === -1) continue;
      next = index + 1;
      const level = Math.min(6, Math.max(1, headingBlocks[index]!.text_level!));
      if (level === heading.marker) continue;
      result += text.slice(cursor, heading.start) + `${'#'.repeat(level)} ${heading.title}`;
      cursor = heading.end;
      levelledHeadings++;
    }
    text = result + text.slice(cursor);
  }
  if (blocks.length === 0) return { text: PAGE_MARK + text, pageCount: 1, firstPageIndex: 0, unlocatedBlocks: 0, levelledHeadings };
  const firstPageIndex = Math.min(...blocks.map((block) => block.page_idx));
  const lastPageIndex = Math.max(...blocks.map((block) => block.page_idx));
  const pageCount = lastPageIndex - firstPageIndex + 1;
  const starts: Array<number | undefined> = new Array(pageCount).fill(undefined);
  let cursor = 0;
  let unlocatedBlocks = 0;
  for (const block of blocks) {
    const key = searchKey(block);
    const position = key === undefined ? -1 : text.indexOf(key, cursor);
    if (position === -1) {
      unlocatedBlocks++;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', position - 1) + 1;
    const page = block.page_idx - firstPageIndex;
    if (starts[page] === undefined && lineStart >= (starts.slice(0, page).reduce<number>((max, value) => Math.max(max, value ?? 0), 0))) {
      starts[page] = lineStart;
    }
    cursor = position + key!.length;
  }
  starts[0] = 0;
  for (let page = pageCount - 1, following = text.length; page >= 0; page--) {
    if (starts[page] === undefined) starts[page] = following;
    following = starts[page]!;
  }
  let paged = '';
  let previous = 0;
  for (const start of starts) {
    paged += text.slice(previous, start!) + PAGE_MARK;
    previous = start!;
  }
  paged += text.slice(previous);
  return { text: paged, pageCount, firstPageIndex, unlocatedBlocks, levelledHeadings };
}
