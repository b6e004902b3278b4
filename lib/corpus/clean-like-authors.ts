/**
 * The authors' cleaning, reproduced for comparison (`MarkdownCleaner` in
 * `datageneration/data_preparation/clean_markdown.py`; authors' pipeline §1.2). For each title of the list,
 * in order, duplicates included, one `re.sub(pattern, "", content, flags=IGNORECASE|DOTALL)`:
 *
 * - ordinary titles: `([#]{1,3} *<title>[^#]*?)(?=[#]{1,3}|\Z)` — not line-anchored (it also hits the last
 *   three `#` of a `####` heading), the title is a *prefix* (`Author` removes "Authors' perspective", `Index`
 *   removes "Indexing of leads", `Literatur` removes "Literature review"), and the body stops at the first `#`
 *   anywhere, so a literal `#` in running text ends the deletion early while the rest of the section stays;
 * - `index`: `([#]{1,3} *Index.*?(?:# *[A-Z]\s*(?:.*?))*?)(?=# (?![A-Z]$)|\Z)` — meant to take the index with
 *   its letter sections, but without MULTILINE `$` is the end of the string, so the match stops at the first
 *   `# ` and the letter sections `# A`, `# B`, … survive.
 *
 * Nothing else is changed (no normalisation). The translation to JavaScript: `\Z` → `(?![\s\S])`; Python's `$`
 * (end, or before a final newline) → `(?=\n?(?![\s\S]))`; IGNORECASE|DOTALL → flags `isu`. Python's
 * IGNORECASE also lets `[A-Z]` match `İ` and `ı`, which JavaScript's case folding does not — immaterial for
 * index letters. Page marks inside a removed match are kept (they are not part of the authors' text).
 */
import { AUTHORS_SECTION_TITLES } from './boilerplate-titles.js';
import type { RemovedSection } from './corpus-records.js';
import { PAGE_MARK, countPageMarks, pageMarksOf } from './page-marks.js';

const END_OF_STRING = '(?![\\s\\S])';
const PYTHON_DOLLAR = `(?=\\n?${END_OF_STRING})`;

/** The authors' regular expression for one title, translated to JavaScript (see module documentation). */
export function authorsTitlePattern(title: string): RegExp {
  if (title.toLowerCase() === 'index') {
    return new RegExp(`([#]{1,3} *${title}.*?(?:# *[A-Z]\\s*(?:.*?))*?)(?=# (?![A-Z]${PYTHON_DOLLAR})|${END_OF_STRING})`, 'gisu');
  }
  return new RegExp(`([#]{1,3} *${title}[^#]*?)(?=[#]{1,3}|${END_OF_STRING})`, 'gisu');
}

/** Applies the authors' regexes to one markdown file's content; returns the text and what each match removed. */
export function cleanLikeAuthors(text: string, titles: readonly string[] = AUTHORS_SECTION_TITLES): { text: string; removed: RemovedSection[] } {
  const removed: RemovedSection[] = [];
  const paged = text.includes(PAGE_MARK);
  let current = text;
  for (const title of titles) {
    const pattern = authorsTitlePattern(title);
    const source = current;
    current = source.replace(pattern, (match: string, _group: string, offset: number) => {
      const visible = match.split(PAGE_MARK).join('');
      removed.push({
        rule: 'legacy-regex',
        title,
        heading: visible.split('\n')[0]!.slice(0, 160),
        level: null,
        characters: visible.length,
        page: paged ? Math.max(1, countPageMarks(source.slice(0, offset))) : null,
        preview: visible.slice(0, 160),
      });
      return pageMarksOf(match);
    });
  }
  return { text: current, removed };
}
