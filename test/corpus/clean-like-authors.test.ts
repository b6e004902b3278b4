/**
 * The legacy cleaner against the authors' regexes run by Python's own `re` (test/reference/authors_clean.py),
 * and the documented differences from the exact cleaner.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTHORS_SECTION_TITLES } from '../../lib/corpus/boilerplate-titles.js';
import { cleanLikeAuthors } from '../../lib/corpus/clean-like-authors.js';
import { cleanMarkdown } from '../../lib/corpus/clean-markdown.js';
import { repositoryRoot } from '../helpers/temporary-directory.js';
import { runPythonReference } from './python-reference.js';

const ADVERSARIAL = [
  '# Title\n\n## Indexing of leads\n\nLead #2 is aVR.\n\n## Results\n\nKept.\n',
  "# Study\n\n## Authors' perspective\n\nWe think.\n\n## Literature review\n\nMany.\n\n## Contents of the box\n\nx\n",
  '# Book\n\n# Index\n\nabsolute 4\n\n# A\n\naVR 12\n\n# B\n\nBazett 7\n',
  '#### Deep heading References inside\n\nbody\n\n# Next\n',
  '# References\n\nRef with C# code and more refs after the hash.\n\n# Discussion\n\nText.',
  '# Über den Autor\n\nMax Mustermann\n\n# Zusammenfassung\n\nKurz.\n\n# 1 Einleitung\n\nText.\n',
  '# Disclosure Statement\n\nnone\n\n#  Disclosure Statement\n\nnone\n\n# Keywords\nECG\n# Abstract\nA\n',
  'no headings at all, only text with # signs # here\n',
  '# INDEX\n\n# a\n\nfoo\n\n# Z\n',
];

describe('cleanLikeAuthors', () => {
  it('gives exactly what the authors’ Python regexes give, on adversarial inputs and the whole demo corpus', async () => {
    const textsFolder = join(repositoryRoot, 'data', 'demo-corpus-sources', 'texts');
    const demo = await Promise.all((await readdir(textsFolder)).sort().map((name) => readFile(join(textsFolder, name), 'utf8')));
    const texts = [...ADVERSARIAL, ...demo];
    const reference = runPythonReference<{ cleaned: string[] }>('authors_clean.py', { texts, titles: AUTHORS_SECTION_TITLES });
    expect(texts.map((text) => cleanLikeAuthors(text).text)).toEqual(reference.cleaned);
  });

  it('shows the over- and under-deletion the exact cleaner fixes', () => {
    // Prefix matching: the index pattern also takes "## Indexing of leads", lazily up to the next "# " — the
    // second '#' of "## Results" — so the section is lost and "## Results" loses a '#'.
    const indexing = ADVERSARIAL[0]!;
    expect(cleanLikeAuthors(indexing).text).toBe('# Title\n\n# Results\n\nKept.\n');
    expect(cleanMarkdown(indexing).text).toBe('# Title\n\n## Indexing of leads\n\nLead #2 is aVR.\n\n## Results\n\nKept.');
    // The index pattern stops at the first "# ": the letter sections survive the authors' regex.
    const index = ADVERSARIAL[2]!;
    expect(cleanLikeAuthors(index).text).toBe('# Book\n\n# A\n\naVR 12\n\n# B\n\nBazett 7\n');
    expect(cleanMarkdown(index).text).toBe('# Book');
    // A '#' inside a reference ends the authors' deletion early; the exact cleaner removes the whole section.
    const references = ADVERSARIAL[4]!;
    expect(cleanLikeAuthors(references).text).toBe('# code and more refs after the hash.\n\n# Discussion\n\nText.');
    expect(cleanMarkdown(references).text).toBe('# Discussion\n\nText.');
    const report = cleanLikeAuthors(references).removed;
    expect(report).toEqual([expect.objectContaining({ rule: 'legacy-regex', title: 'References', characters: '# References\n\nRef with C'.length })]);
  });
});
