/**
 * Chunks of the whole demo corpus against LangChain JS (dev dependency), byte for byte, plus the span, page
 * and section-path invariants of every chunk.
 */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { countCl100kTokens } from '../../lib/corpus/cl100k-tokenizer.js';
import { chunkDocument, PAPER_RAG_SPLITTER } from '../../lib/corpus/chunk-documents.js';
import { ingestCorpus } from '../../lib/corpus/ingest-corpus.js';
import { findHeadings } from '../../lib/corpus/markdown-headings.js';
import { splitRecursive } from '../../lib/corpus/recursive-split.js';
import { demoCorpusInput } from '../../lib/corpus/run-corpus-stage.js';
import { chunkSchema, type CorpusDocument } from '../../lib/schemas/corpus.js';
import { repositoryRoot } from '../helpers/temporary-directory.js';

let documents: CorpusDocument[] = [];
beforeAll(async () => {
  documents = (await ingestCorpus(demoCorpusInput(resolveWorkspacePaths({ root: repositoryRoot, packageRoot: repositoryRoot })))).documents;
});

describe('chunks of the demo corpus', () => {
  it('equal LangChain’s RecursiveCharacterTextSplitter(1024, 100) on every cleaned document and every raw text', async () => {
    const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1024, chunkOverlap: 100 });
    for (const document of documents) {
      const reference = (await splitter.splitText(document.text)).filter((text) => text.trim() !== '');
      expect(chunkDocument(document, PAPER_RAG_SPLITTER).map((chunk) => chunk.text), document.title).toEqual(reference);
    }
    const textsFolder = join(repositoryRoot, 'data', 'demo-corpus-sources', 'texts');
    for (const name of await readdir(textsFolder)) {
      const text = await readFile(join(textsFolder, name), 'utf8');
      expect(splitRecursive(text, { chunkSize: 1024, chunkOverlap: 100 }).map((piece) => piece.text), name).toEqual(await splitter.splitText(text));
    }
  });

  it('equal LangChain with a cl100k length function for the token splitter', async () => {
    const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 256, chunkOverlap: 32, lengthFunction: countCl100kTokens });
    for (const document of documents.slice(0, 4)) {
      const chunks = chunkDocument(document, { kind: 'recursive-token', chunkSize: 256, chunkOverlap: 32 });
      expect(chunks.map((chunk) => chunk.text)).toEqual(await splitter.splitText(document.text));
      for (const chunk of chunks) expect(chunk.tokens).toBe(countCl100kTokens(chunk.text));
    }
  });

  it('carry exact spans, page ranges and section paths', () => {
    for (const document of documents) {
      const headings = findHeadings(document.text);
      for (const splitter of [PAPER_RAG_SPLITTER, { kind: 'section-groups', tokenBudget: 2000 } as const, { kind: 'legacy-section-groups', tokenBudget: 2000 } as const]) {
        const chunks = chunkDocument(document, splitter);
        expect(chunks.length).toBeGreaterThan(0);
        chunks.forEach((chunk, index) => {
          chunkSchema.parse(chunk);
          expect(chunk.index).toBe(index);
          expect(document.text.slice(chunk.span.start, chunk.span.end)).toBe(chunk.text);
          if (document.pageOffsets) {
            expect(chunk.pages!.start).toBeGreaterThanOrEqual(1);
            expect(chunk.pages!.end).toBeLessThanOrEqual(document.pageCount!);
            expect(document.pageOffsets[chunk.pages!.start - 1]!).toBeLessThanOrEqual(chunk.span.start);
          } else expect(chunk.pages).toBeNull();
          const last = headings.filter((heading) => heading.start <= chunk.span.start).at(-1);
          expect(chunk.sectionPath.at(-1)).toBe(last?.title);
        });
        expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(chunks.length);
      }
    }
  });
});
