import { describe, expect, it } from 'vitest';
import { ADDITIONAL_SECTION_TITLES, AUTHORS_SECTION_TITLES, boilerplateTitles } from '../../lib/corpus/boilerplate-titles.js';
import { cleanMarkdown } from '../../lib/corpus/clean-markdown.js';

const article = [
  '# QT prolongation in practice',
  '',
  'The QT interval is measured from the onset of the QRS complex to the end of the T wave.',
  '',
  '## Funding',
  '',
  'This work received no specific grant.',
  '',
  '## Funding of screening programmes',
  '',
  'Screening athletes is paid for differently from country to country.',
  '',
  '## Conflict of interest',
  '',
  'None declared.',
  '',
].join('\n');

describe('boilerplate title sets', () => {
  it('the authors set is their 75 titles; the extended set adds the declarations they missed', () => {
    // 75 entries: authors' pipeline §1.2 (`section_titles`, duplicates included).
    expect(AUTHORS_SECTION_TITLES).toHaveLength(75);
    expect(boilerplateTitles('authors')).toBe(AUTHORS_SECTION_TITLES);
    expect(boilerplateTitles('extended')).toEqual([...AUTHORS_SECTION_TITLES, ...ADDITIONAL_SECTION_TITLES]);
    expect(AUTHORS_SECTION_TITLES.some((title) => title.trim().toLowerCase() === 'funding')).toBe(false);
  });

  it('extended cleaning removes whole-title declaration sections and keeps sections that only start with the word', () => {
    const extended = cleanMarkdown(article, { sectionTitles: boilerplateTitles('extended') }).text;
    expect(extended).not.toContain('no specific grant');
    expect(extended).not.toContain('None declared');
    expect(extended).toContain('Screening athletes is paid for differently');
    const authors = cleanMarkdown(article, { sectionTitles: boilerplateTitles('authors') }).text;
    expect(authors).toContain('no specific grant');
    expect(authors).toContain('None declared');
  });
});
