import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../../lib/core/canonical-json.js';
import type { Chunk, CorpusDocument } from '../../lib/schemas/corpus.js';
import { repositoryRoot } from './temporary-directory.js';

/**
 * Test fixture: the demo corpus texts as documents, cut into fixed windows of `size` characters every
 * `stride` characters. This is NOT the corpus stage's splitter (lib/corpus), only a quick way to get many
 * realistic chunks with valid ids and spans for index and search tests.
 */
export async function fixtureCorpus(options: { size?: number; stride?: number; limitDocuments?: number } = {}): Promise<{
  documents: CorpusDocument[];
  chunks: Chunk[];
}> {
  const size = options.size ?? 400;
  const stride = options.stride ?? size;
  const folder = join(repositoryRoot, 'data', 'demo-corpus-sources', 'texts');
  const files = (await readdir(folder)).filter((file) => file.endsWith('.md')).sort().slice(0, options.limitDocuments);
  const documents: CorpusDocument[] = [];
  const chunks: Chunk[] = [];
  for (const file of files) {
    const text = await readFile(join(folder, file), 'utf8');
    const id = `doc-${sha256Hex(text).slice(0, 16)}`;
    documents.push({
      id,
      title: /^# (.+)$/m.exec(text)?.[1] ?? file,
      language: 'en',
      pageCount: null,
      sourceKind: 'markdown',
      sourcePaths: [file],
      text,
      characters: text.length,
      words: text.split(/\s+/).filter(Boolean).length,
    });
    for (let start = 0, index = 0; start < text.length; start += stride, index++) {
      const span = { start, end: Math.min(text.length, start + size) };
      const piece = text.slice(span.start, span.end);
      chunks.push({
        id: `chunk-${sha256Hex(JSON.stringify([id, span.start, span.end, piece])).slice(0, 16)}`,
        documentId: id,
        index,
        text: piece,
        sectionPath: [file],
        span,
        pages: null,
        splitter: `fixture-window:${size}/${stride}`,
      });
    }
  }
  return { documents, chunks };
}
