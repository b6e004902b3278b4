import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { countCl100kTokens } from '../../lib/corpus/cl100k-tokenizer.js';
import { legacySectionGroups } from '../../lib/corpus/legacy-section-groups.js';
import { groupSectionsByTokens } from '../../lib/corpus/section-groups.js';
import { runPythonReference } from './python-reference.js';

const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function randomDocument(seed: number): string {
  const random = createRandom(seed, 'section-groups');
  const lines: string[] = [];
  const count = 1 + random.integer(60);
  for (let index = 0; index < count; index++) {
    if (random.next() < 0.3) lines.push(`${'#'.repeat(1 + random.integer(3))} Heading ${index}`);
    else lines.push(Array.from({ length: random.integer(7) }, () => 'word').join(' '));
  }
  return lines.join('\n') + (random.next() < 0.5 ? '\n' : '');
}

describe('legacySectionGroups (the authors’ halving scheme)', () => {
  it('reproduces the reference implementation: texts, recorded ranges with the off-by-one, halving 10→5→2→1', () => {
    for (let seed = 0; seed < 60; seed++) {
      const text = randomDocument(seed);
      const limit = 1 + (seed % 25);
      const reference = runPythonReference<{ chunks: Array<[string, number, number]> }>('authors_split.py', { text, limit });
      const ours = legacySectionGroups(text, limit, countWords).map((group) => [group.text, group.recordedStartLine, group.recordedEndLine]);
      expect(ours).toEqual(reference.chunks);
    }
  });

  it('documents the off-by-one and the drift, next to the exact line ranges', () => {
    // Three 2-word sections, limit 3. Recorded ranges from test/reference/authors_split.py (the previous test
    // shows the implementations agree): [0, 9], [5, 9], [8, 10] for a 6-line document — each re-split works on
    // text with inserted blank lines, and each closed group records the end of the section that closed it.
    // The sections really are lines [0, 2), [2, 4), [4, 6).
    const text = '# A\nx\n# B\ny\n# C\nz\n';
    const groups = legacySectionGroups(text, 3, countWords);
    expect(groups.map((group) => [group.recordedStartLine, group.recordedEndLine])).toEqual([[0, 9], [5, 9], [8, 10]]);
    expect(groups.map((group) => [group.startLine, group.endLine, group.sectionsPerGroup])).toEqual([[0, 2, 1], [2, 4, 1], [4, 6, 2]]);
  });
});

describe('groupSectionsByTokens (greedy, exact spans)', () => {
  it('covers the text with non-overlapping groups under the budget, cut at headings', () => {
    const text = Array.from({ length: 30 }, (_, index) => `## Section ${index}\n\n${'The QT interval is long. '.repeat(5 + (index % 7))}`).join('\n\n');
    const budget = 200;
    const groups = groupSectionsByTokens(text, { tokenBudget: budget });
    expect(groups.length).toBeGreaterThan(3);
    let previousEnd = 0;
    for (const group of groups) {
      expect(text.slice(group.start, group.end)).toBe(group.text);
      expect(group.start).toBeGreaterThanOrEqual(previousEnd);
      expect(text.slice(previousEnd, group.start).trim()).toBe('');
      expect(group.text.startsWith('## Section')).toBe(true);
      expect(countCl100kTokens(group.text)).toBe(group.tokens);
      expect(group.tokens).toBeLessThanOrEqual(budget);
      previousEnd = group.end;
    }
    expect(text.slice(previousEnd).trim()).toBe('');
    // Greedy: no group could have taken the next section as well.
    for (let index = 0; index + 1 < groups.length; index++) {
      expect(countCl100kTokens(text.slice(groups[index]!.start, groups[index + 1]!.end))).toBeGreaterThan(budget);
    }
  });

  it('splits a single over-budget section into pieces under the budget', () => {
    const text = `# Long\n\n${'Sinus rhythm with a normal axis. '.repeat(200)}`;
    const groups = groupSectionsByTokens(text, { tokenBudget: 100 });
    expect(groups.length).toBeGreaterThan(5);
    for (const group of groups) expect(group.tokens).toBeLessThanOrEqual(100);
  });
});
