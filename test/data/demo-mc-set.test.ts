import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoMcItemSchema, readDemoMcSet } from '../../lib/data/demo-mc-set.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const corpus = join(repositoryRoot, 'data', 'demo-corpus-sources');

describe('the demo MC set (data/demo-mc/demo-mc.jsonl)', () => {
  it('has at least 60 valid items with unique ids, covering all 27 demo documents, with balanced answer letters', async () => {
    const items = await readDemoMcSet(join(repositoryRoot, 'data', 'demo-mc', 'demo-mc.jsonl'));
    expect(items.length).toBeGreaterThanOrEqual(60);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    const catalogue = JSON.parse(await readFile(join(corpus, 'catalogue.json'), 'utf8')) as Array<{ slug: string }>;
    expect(catalogue).toHaveLength(27);
    expect(new Set(items.map((item) => item.document))).toEqual(new Set(catalogue.map((entry) => entry.slug)));
    // Balance: 15 ± 1 items per letter for 60 items, i.e. within one of n/4 in general.
    const counts = { A: 0, B: 0, C: 0, D: 0 };
    for (const item of items) counts[item.answer]++;
    for (const count of Object.values(counts)) expect(Math.abs(count - items.length / 4)).toBeLessThanOrEqual(1);
  });

  it('quotes every evidence sentence verbatim from the document the item is drawn from', async () => {
    const items = await readDemoMcSet(join(repositoryRoot, 'data', 'demo-mc', 'demo-mc.jsonl'));
    const missing: string[] = [];
    for (const item of items) {
      const text = await readFile(join(corpus, 'texts', `${item.document}.md`), 'utf8');
      if (!text.includes(item.evidence)) missing.push(`${item.id} (${item.document}): ${item.evidence}`);
      // A sentence, not a fragment: it ends like one.
      expect(item.evidence, item.id).toMatch(/[.!?;:]$/);
    }
    expect(missing).toEqual([]);
  });

  it('refuses a bad item with the file, line and field', async () => {
    const good = { id: 'demo-mc-001', document: 'electrical-axis', question: 'Q?', choices: ['a', 'b', 'c', 'd'], answer: 'A', evidence: 'E.' };
    expect(demoMcItemSchema.safeParse(good).success).toBe(true);
    expect(demoMcItemSchema.safeParse({ ...good, answer: 'E' }).success).toBe(false);
    expect(demoMcItemSchema.safeParse({ ...good, choices: ['a', 'b', 'c'] }).success).toBe(false);
    expect(demoMcItemSchema.safeParse({ ...good, choices: ['a', 'b', 'c', 'A'] }).success).toBe(false);
    const file = join(await temporaryDirectory(), 'bad.jsonl');
    await writeFile(file, `${JSON.stringify(good)}\n${JSON.stringify({ ...good, id: 'demo-mc-002', answer: 'E' })}\n`);
    await expect(readDemoMcSet(file)).rejects.toMatchObject({ name: 'InputFileError', message: expect.stringMatching(/bad\.jsonl:2.*answer/) });
  });
});
