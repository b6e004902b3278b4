/**
 * Finds the documents of a corpus folder (searched recursively; hidden files skipped):
 *
 * - **MinerU folders**: a `<name>_content_list.json` beside `<name>.md`. The markdown, the content list, every
 *   other `<name>_*` file MinerU writes there (`_middle.json`, `_model.json`, `_layout.pdf`, `_origin.pdf`, …)
 *   and the `images/` folder belong to the one document.
 * - **PDFs**: `*.pdf`, read directly (text layer).
 * - **Markdown**: `*.md` / `*.markdown`.
 * Anything else is listed as ignored.
 *
 * **Parts of one book** are grouped into one document: `<stem>_pages_<s>-<e>` (the authors' 300-page windows)
 * and `<stem>.part<N>` (e.g. `book.part1.md`), in the same folder (for MinerU: the folder that holds the
 * per-part folders), ordered by start page or part number. All parts must be of one kind.
 */
import { stat } from 'node:fs/promises';
import { basename, posix } from 'node:path';
import { InputFileError, NotFoundError } from '../core/errors.js';
import { listFilesRecursive } from '../core/content-hash.js';
import type { SourceKind } from '../schemas/corpus.js';

/** One file (or MinerU folder) that is a document or a part of one. */
export interface SourceUnit {
  kind: SourceKind;
  /** The main file (markdown or PDF), relative to the input folder with `/` separators. */
  path: string;
  /** Every file whose bytes identify the unit (hashed in this order): the main file, then the content list. */
  files: string[];
  /** For MinerU: the content list. */
  contentList?: string;
  /** `<s>` of `_pages_<s>-<e>` (1-based), or null. */
  pageRangeStart: number | null;
  /** `<e>` of `_pages_<s>-<e>`, or null. */
  pageRangeEnd: number | null;
  /** `<N>` of `.part<N>`, or null. */
  partNumber: number | null;
}

/** The units of one document, in reading order. */
export interface SourceGroup {
  /** Folder-relative identity of the document: `<folder>/<stem without part suffix>`. */
  key: string;
  kind: SourceKind;
  units: SourceUnit[];
}

export interface DiscoveredSources {
  groups: SourceGroup[];
  /** Files that are not documents (relative paths). */
  ignored: string[];
}

const MINERU_METHOD_FOLDERS = new Set(['auto', 'ocr', 'txt', 'vlm', 'pipeline']);

/** Splits a file stem into its document stem and part information. */
export function parsePartName(stem: string): { base: string; pageRangeStart: number | null; pageRangeEnd: number | null; partNumber: number | null } {
  const pages = /^(.*)_pages_(\d+)-(\d+)$/.exec(stem);
  if (pages) return { base: pages[1]!, pageRangeStart: Number(pages[2]), pageRangeEnd: Number(pages[3]), partNumber: null };
  const part = /^(.*)\.part(\d+)$/i.exec(stem);
  if (part) return { base: part[1]!, pageRangeStart: null, pageRangeEnd: null, partNumber: Number(part[2]) };
  return { base: stem, pageRangeStart: null, pageRangeEnd: null, partNumber: null };
}

function folderOf(path: string): string {
  const folder = posix.dirname(path);
  return folder === '.' ? '' : folder;
}

/** Lists and groups the documents of `inputDirectory` (see module documentation). */
export async function discoverSources(inputDirectory: string): Promise<DiscoveredSources> {
  const info = await stat(inputDirectory).catch(() => undefined);
  if (!info) throw new NotFoundError('corpus folder', inputDirectory);
  if (!info.isDirectory()) throw new InputFileError({ file: inputDirectory }, 'is a file, not a folder; give the folder that holds the documents');
  const files = await listFilesRecursive(inputDirectory);
  const claimed = new Set<string>();
  const units: Array<SourceUnit & { groupFolder: string; base: string }> = [];

  for (const file of files.filter((name) => name.endsWith('_content_list.json'))) {
    const folder = folderOf(file);
    const stem = basename(file).slice(0, -'_content_list.json'.length);
    const markdown = posix.join(folder, `${stem}.md`);
    if (!files.includes(markdown)) {
      throw new InputFileError({ file: posix.join(inputDirectory, file) }, `MinerU content list without its markdown ${stem}.md beside it`);
    }
    for (const other of files) {
      if (folderOf(other) === folder && (basename(other) === `${stem}.md` || basename(other).startsWith(`${stem}_`))) claimed.add(other);
      if (other.startsWith(`${posix.join(folder, 'images')}/`)) claimed.add(other);
    }
    let groupFolder = folder;
    if (MINERU_METHOD_FOLDERS.has(basename(groupFolder))) groupFolder = folderOf(groupFolder);
    if (basename(groupFolder) === stem) groupFolder = folderOf(groupFolder);
    const part = parsePartName(stem);
    units.push({ kind: 'mineru', path: markdown, files: [markdown, file], contentList: file, groupFolder, ...part });
  }
  const ignored: string[] = [];
  for (const file of files) {
    if (claimed.has(file)) continue;
    const lower = file.toLowerCase();
    const kind: SourceKind | undefined = lower.endsWith('.pdf') ? 'pdf' : lower.endsWith('.md') || lower.endsWith('.markdown') ? 'markdown' : undefined;
    if (!kind) {
      ignored.push(file);
      continue;
    }
    const stem = basename(file).replace(/\.(pdf|md|markdown)$/i, '');
    units.push({ kind, path: file, files: [file], groupFolder: folderOf(file), ...parsePartName(stem) });
  }

  const byKey = new Map<string, typeof units>();
  for (const unit of units) {
    const key = unit.groupFolder ? `${unit.groupFolder}/${unit.base}` : unit.base;
    byKey.set(key, [...(byKey.get(key) ?? []), unit]);
  }
  const groups: SourceGroup[] = [];
  for (const [key, members] of [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const kinds = new Set(members.map((member) => member.kind));
    if (kinds.size > 1) {
      throw new InputFileError(
        { file: posix.join(inputDirectory, members[0]!.path) },
        `the parts of "${key}" are of different kinds (${[...kinds].join(', ')}): ${members.map((member) => member.path).join(', ')}`,
      );
    }
    if (members.length > 1 && members.some((member) => member.pageRangeStart === null && member.partNumber === null)) {
      throw new InputFileError(
        { file: posix.join(inputDirectory, members[0]!.path) },
        `"${key}" exists both whole and in parts: ${members.map((member) => member.path).join(', ')}`,
      );
    }
    const sorted = [...members].sort(
      (a, b) => (a.pageRangeStart ?? 0) - (b.pageRangeStart ?? 0) || (a.partNumber ?? 0) - (b.partNumber ?? 0) || (a.path < b.path ? -1 : 1),
    );
    groups.push({
      key,
      kind: members[0]!.kind,
      units: sorted.map(({ groupFolder: _folder, base: _base, ...unit }) => unit),
    });
  }
  return { groups, ignored };
}

