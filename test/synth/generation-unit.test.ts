import { describe, expect, it } from 'vitest';
import { countCl100kTokens } from '../../lib/corpus/cl100k-tokenizer.js';
import { documentId } from '../../lib/corpus/ingest-corpus.js';
import type { CorpusDocument } from '../../lib/schemas/corpus.js';
import { documentUnits, generationUnitSchema, unitSplitter } from '../../lib/synth/generation-unit.js';

function sentence(index: number): string {
  return `Finding number ${index} describes how the QRS complex and the T wave change in lead V${(index % 6) + 1}.`;
}

const sections = Array.from({ length: 12 }, (_, section) => `## Section ${section + 1}\n\n${Array.from({ length: 30 }, (_, index) => sentence(section * 30 + index)).join(' ')}\n`);
const text = `# A long chapter\n\n${sections.join('\n')}`;
const document: CorpusDocument = {
  id: documentId([Buffer.from(text)]),
  title: 'A long chapter',
  language: 'en',
  pageCount: null,
  sourceKind: 'markdown',
  sourcePaths: ['chapter.md'],
  text,
  characters: text.length,
  words: text.split(/\s+/).length,
};

describe('generation units', () => {
  it('maps the unit modes to the corpus splitters (legacy: the authors\' 50k / 48k budgets)', () => {
    expect(unitSplitter('fixed-tokens', 'qa', 1200)).toEqual({ kind: 'recursive-token', chunkSize: 1200, chunkOverlap: 0 });
    expect(unitSplitter('sections', 'mc', 900)).toEqual({ kind: 'section-groups', tokenBudget: 900 });
    expect(unitSplitter('sections-legacy', 'qa')).toEqual({ kind: 'legacy-section-groups', tokenBudget: 50_000 });
    expect(unitSplitter('sections-legacy', 'mc')).toEqual({ kind: 'legacy-section-groups', tokenBudget: 48_000 });
  });

  it('cuts fixed-token units within the budget, as exact slices of the document, covering it in order', () => {
    const units = documentUnits(document, unitSplitter('fixed-tokens', 'qa', 500));
    expect(units.length).toBeGreaterThan(3);
    let previousEnd = 0;
    for (const unit of units) {
      expect(generationUnitSchema.parse(unit)).toEqual(unit);
      expect(unit.text).toBe(text.slice(unit.span.start, unit.span.end));
      // The token count is recomputed independently with the cl100k encoder.
      expect(unit.tokens).toBe(countCl100kTokens(unit.text));
      expect(unit.tokens).toBeLessThanOrEqual(500);
      expect(unit.span.start).toBeGreaterThanOrEqual(previousEnd);
      expect(text.slice(previousEnd, unit.span.start).trim()).toBe('');
      previousEnd = unit.span.end;
      expect(unit.language).toBe('en');
    }
    expect(text.slice(previousEnd).trim()).toBe('');
  });

  it('sends a document under the legacy budget whole, as the authors did', () => {
    const [only, ...rest] = documentUnits(document, unitSplitter('sections-legacy', 'qa'));
    expect(rest).toEqual([]);
    expect(only?.text).toBe(text.trim());
    expect(only?.tokens).toBe(countCl100kTokens(text.trim()));
  });
});
