/**
 * Default cleaning. Expected texts are written out by hand from the rules in lib/corpus/clean-markdown.ts.
 */
import { describe, expect, it } from 'vitest';
import { AUTHORS_SECTION_TITLES, effectiveSectionTitles } from '../../lib/corpus/boilerplate-titles.js';
import { cleanMarkdown, isRunningHeaderLine } from '../../lib/corpus/clean-markdown.js';
import { extractPageOffsets, joinPages } from '../../lib/corpus/page-marks.js';

describe('the authors’ title list', () => {
  it('has the 75 entries of clean_markdown.py’s section_titles, in order', () => {
    // Count and end points from the authors' pipeline notes, section 1.2.
    expect(AUTHORS_SECTION_TITLES).toHaveLength(75);
    expect(AUTHORS_SECTION_TITLES[0]).toBe('References');
    expect(AUTHORS_SECTION_TITLES[42]).toBe(' Disclosure Statement');
    expect(AUTHORS_SECTION_TITLES[74]).toBe('Finanzierungsinformationen');
    expect(effectiveSectionTitles(AUTHORS_SECTION_TITLES, false)).toHaveLength(75 - 4);
  });
});

describe('cleanMarkdown: exact section removal', () => {
  it('removes a section up to the next heading of the same or a higher level, nothing more', () => {
    const text = '# Title\n\nIntro.\n\n## References\n\n1. A ref.\n\n### Sub of references\n\nMore refs.\n\n## Results\n\nKept.\n';
    const result = cleanMarkdown(text);
    expect(result.text).toBe('# Title\n\nIntro.\n\n## Results\n\nKept.');
    expect(result.removedSections).toEqual([
      expect.objectContaining({ rule: 'section-title', title: 'References', heading: 'References', level: 2, page: null }),
    ]);
    expect(result.removedSections[0]!.characters).toBe('## References\n\n1. A ref.\n\n### Sub of references\n\nMore refs.\n\n'.length);
  });

  it('matches whole titles only, line-anchored: look-alike headings and a # in running text survive', () => {
    const text = [
      '# Leads',
      '## Indexing of leads',
      'Lead #2 is aVR. Leads are numbered # by # convention.',
      "## Authors' perspective",
      'Screening matters.',
      '## 3 Literature review of QT formulas',
      'Many formulas.',
      '## Author',
      'Jane Example',
      '## Next',
      'Body.',
    ].join('\n\n');
    const result = cleanMarkdown(text);
    expect(result.text).toContain('## Indexing of leads\n\nLead #2 is aVR. Leads are numbered # by # convention.');
    expect(result.text).toContain("## Authors' perspective");
    expect(result.text).toContain('## 3 Literature review of QT formulas');
    expect(result.text).not.toContain('Jane Example');
    expect(result.removedSections.map((section) => section.heading)).toEqual(['Author']);
  });

  it('removes a back-of-book index with single-letter headings at the same level entirely', () => {
    const text = '# 13 Bedside approach\n\nText.\n\n# Index\n\nabsolute 4\n\n# A\n\naVR 12\n\n# B\n\nBazett 7\n\n# W\n\nWellens 40\n';
    const result = cleanMarkdown(text);
    expect(result.text).toBe('# 13 Bedside approach\n\nText.');
    expect(result.removedSections).toHaveLength(1);
  });

  it('infers levels of flat MinerU headings from numbering, so front matter ends at the first numbered section', () => {
    const text = '# 7 Junctional rhythms\n\n# List of Abbreviations\n\nAV atrioventricular\n\n# 7.1 The AV junction\n\nBody.\n\n# 7.1.1 Detail\n\nMore.\n\n# References\n\nRef.\n';
    const result = cleanMarkdown(text);
    expect(result.text).toBe('# 7 Junctional rhythms\n\n## 7.1 The AV junction\n\nBody.\n\n### 7.1.1 Detail\n\nMore.');
    expect(result.normalisation.relevelledHeadings).toBe(3);
    expect(result.removedSections.map((section) => [section.title, section.level])).toEqual([['List of Abbreviations', 2], ['References', 1]]);
  });

  it('removes abstract and keywords by default and keeps them on request', () => {
    const text = '# Paper\n\n## Abstract\n\nSummary.\n\n## Keywords\n\nECG; QT\n\n## Introduction\n\nBody.';
    expect(cleanMarkdown(text).text).toBe('# Paper\n\n## Introduction\n\nBody.');
    expect(cleanMarkdown(text).removedSections.map((section) => section.rule)).toEqual(['abstract-keywords', 'abstract-keywords']);
    expect(cleanMarkdown(text, { removeAbstractAndKeywords: false }).text).toBe(text);
  });
});

describe('cleanMarkdown: normalisation', () => {
  it('normalises unicode: NFC, ligatures, special spaces, soft hyphens, zero-width spaces, line endings', () => {
    const text = 'Deﬁnition\u00a0of the e\u0301lan:\r\nﬂutter\u2009waves and re\u00adpolarisation\u200b.';
    const result = cleanMarkdown(text);
    expect(result.text).toBe('Definition of the élan:\nflutter waves and repolarisation.');
    expect(result.normalisation).toMatchObject({ ligatures: 2, specialSpaces: 2, softHyphens: 1, zeroWidthCharacters: 1, lineEndings: 1, nfcChanges: 1 });
  });

  it('rejoins words broken across lines but keeps real compounds and suspended hyphens', () => {
    const text = [
      'The P wave represents depolari-\nsation of both atria.',
      'Measure the ST-\nsegment at the J point.',
      'A beta-\nblocker slows the rate.',
      'Das Herz-\nund Kreislaufsystem.',
      'MinerU leaves electro- cardiogram joined by a space.',
      'The 12-\nlead ECG.',
      'Das EKG-\nAbleitungssystem.',
    ].join('\n\n');
    const result = cleanMarkdown(text);
    expect(result.text).toBe(
      [
        'The P wave represents depolarisation of both atria.',
        'Measure the ST-segment at the J point.',
        'A beta-blocker slows the rate.',
        'Das Herz- und Kreislaufsystem.',
        'MinerU leaves electrocardiogram joined by a space.',
        'The 12-lead ECG.',
        'Das EKG-Ableitungssystem.',
      ].join('\n\n'),
    );
    expect(result.normalisation.hyphenationsJoined).toBe(2);
    expect(result.normalisation.hyphenationsKept).toBe(5);
    expect(result.hyphenationExamples.find((example) => example.after === 'beta-blocker')?.reason).toBe('known compound prefix');
  });

  it('uses the document’s own spelling as evidence for a hyphen', () => {
    const result = cleanMarkdown('Give a loop-\ndiuretic.\n\nA loop-diuretic was given. Then a non-\nsense word and nonsense again.');
    expect(result.text).toBe('Give a loop-diuretic.\n\nA loop-diuretic was given. Then a nonsense word and nonsense again.');
  });

  it('removes running page headers and footers standing alone, not ordinary short paragraphs', () => {
    expect(isRunningHeaderLine('ECG Teaching Notes · Chapter 3 · Waves, Segments and Intervals 31')).toBe(true);
    expect(isRunningHeaderLine('ECG Teaching Notes — Chamber Enlargement — Page 7')).toBe(true);
    expect(isRunningHeaderLine('The Ischaemic ECG · Part I · 21')).toBe(true);
    expect(isRunningHeaderLine('The normal PR interval is 120 to 200 ms.')).toBe(false);
    expect(isRunningHeaderLine('# Chapter 3 · Waves 31')).toBe(false);
    const result = cleanMarkdown('Body text.\n\nECG Teaching Notes · Chapter 3 · Waves 31\n\n# 3.5 Next\n\nMore.');
    expect(result.text).toBe('Body text.\n\n# 3.5 Next\n\nMore.');
    expect(result.removedSections[0]).toMatchObject({ rule: 'running-header', characters: 'ECG Teaching Notes · Chapter 3 · Waves 31'.length });
  });

  it('collapses whitespace', () => {
    expect(cleanMarkdown('\n\n  A  line   with  spaces   \n\n\n\n\nNext\t\tline\n\n').text).toBe('A line with spaces\n\nNext line');
  });
});

describe('cleanMarkdown: page offsets survive cleaning', () => {
  it('keeps page starts through section removal, hyphen rejoining and whitespace collapse (PDF text)', () => {
    const pages = ['# Title\n\nPage one text ends with electro-', 'cardiogram and goes on.\n\n# References\n\nRef 1', 'Ref 2\n\n# 2 Results\n\nFinal page.'];
    const cleaned = cleanMarkdown(joinPages(pages), { softLineBreaks: true });
    const { text, pageOffsets } = extractPageOffsets(cleaned.text);
    expect(text).toBe('# Title\n\nPage one text ends with electrocardiogram and goes on.\n\n# 2 Results\n\nFinal page.');
    // Page 2 starts after the rejoined word; page 3 starts where the removed References section ended.
    expect(pageOffsets).toEqual([0, text.indexOf('and goes on'), text.indexOf('# 2 Results')]);
    expect(cleaned.removedSections[0]).toMatchObject({ title: 'References', page: 2 });
  });
});
