/**
 * The section titles the authors remove from every document (`section_titles` in
 * `datageneration/datageneration_pipeline.py`; authors' pipeline §1.2): 75 English and German front- and
 * back-matter titles, in their order, duplicates and the leading space of `" Disclosure Statement"` included
 * (the order and the duplicates matter only to the legacy regex cleaner).
 */
export const AUTHORS_SECTION_TITLES: readonly string[] = [
  'References', 'Bibliography', 'Contents', 'Content', 'Inhalt', 'Herausgegeben von', 'Vorwort', 'Inhaltsverzeichnis',
  'Table of Contents', 'List of Contributors', 'List of Editors', 'List of Abbreviations', 'Über den Autor',
  'Empfohlene Literatur', 'Über die Herausgeber', 'Über die Autoren', 'Korrespondenz', 'Literatur', 'Contributors',
  'Editors', 'Index', 'Abbreviations', 'Anhang', 'Stichwortverzeichnis', 'Foreword', 'Preface', 'Acknowledgements',
  'About the Author', 'Recommended Reading', 'About the Editors', 'About the Contributors', 'Correspondence',
  'Abstract', 'Appendix', 'Keywords', 'Abbreviations', 'Glossary', 'List of Figures', 'List of Tables', 'Author',
  'Acknowledgments', 'Ethics Statement', ' Disclosure Statement', 'Funding Information', 'Referenzen',
  'Bibliographie', 'Inhalt', 'Inhaltsverzeichnis', 'Verzeichnis der Mitwirkenden', 'Verzeichnis der Herausgeber',
  'Abkürzungsverzeichnis', 'Mitwirkende', 'Herausgeber', 'Index', 'Abkürzungen', 'Vorwort', 'Vorwort', 'Danksagung',
  'Über den Autor', 'Empfohlene Lektüre', 'Über die Herausgeber', 'Über die Mitwirkenden', 'Korrespondenz',
  'Zusammenfassung', 'Anhang', 'Schlüsselwörter', 'Abkuerzungen', 'Glossar', 'Abbildungsverzeichnis',
  'Tabellenverzeichnis', 'Autor', 'Danksagungen', 'Ethikerklärung', 'Offenlegungserklärung', 'Finanzierungsinformationen',
];

/**
 * The titles that drop article abstracts and keyword lists. The authors removed them (German
 * `Zusammenfassung` is both "abstract" and "summary"); `removeAbstractAndKeywords: false` keeps them.
 */
export const ABSTRACT_AND_KEYWORD_TITLES: readonly string[] = ['Abstract', 'Keywords', 'Zusammenfassung', 'Schlüsselwörter'];

/** Normalises a heading or list title for whole-title comparison: case, emphasis, numbering, punctuation. */
export function normalizeSectionTitle(title: string): string {
  return title
    .normalize('NFC')
    .replace(/[*_`]/g, '')
    .trim()
    .replace(/^(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s+/, '')
    .replace(/\s*[:.]\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The title list in effect: the given (or the authors') titles, minus abstract and keywords when those are
 * kept. Titles compare after {@link normalizeSectionTitle}.
 */
export function effectiveSectionTitles(titles: readonly string[] = AUTHORS_SECTION_TITLES, removeAbstractAndKeywords = true): string[] {
  if (removeAbstractAndKeywords) return [...titles];
  const kept = new Set(ABSTRACT_AND_KEYWORD_TITLES.map(normalizeSectionTitle));
  return titles.filter((title) => !kept.has(normalizeSectionTitle(title)));
}

/**
 * Front- and back-matter titles that the authors' list misses but that journal articles commonly carry
 * (declarations required by ICMJE-style author guidelines, reading lists), in English and German. Removed by
 * the default cleaning together with {@link AUTHORS_SECTION_TITLES}; `boilerplate: 'authors'` keeps them.
 */
export const ADDITIONAL_SECTION_TITLES: readonly string[] = [
  'Funding',
  'Conflict of interest',
  'Conflicts of interest',
  'Competing interests',
  'Declaration of competing interest',
  'Disclosures',
  'Data availability',
  'Data availability statement',
  'Author contributions',
  'Further reading',
  'Interessenkonflikt',
  'Förderung',
  'Weiterführende Literatur',
];

/** Which boilerplate title list the default cleaning uses. */
export type BoilerplateTitleSet = 'authors' | 'extended';

/** The title list of a set: the authors' 75 titles, or those plus {@link ADDITIONAL_SECTION_TITLES}. */
export function boilerplateTitles(set: BoilerplateTitleSet): readonly string[] {
  return set === 'authors' ? AUTHORS_SECTION_TITLES : [...AUTHORS_SECTION_TITLES, ...ADDITIONAL_SECTION_TITLES];
}

/**
 * The title set a cleaning mode uses when none is chosen: `legacy` reproduces the authors, so it gets their own
 * 75 titles; the exact (`default`) cleaning gets the extended list. Every entry point (the corpus stage, the
 * RAG stage's and the notebooks' demo corpus, `ingestCorpus`) takes its default from here, so the same input
 * gives the same documents and chunks whichever stage reads it.
 *
 * @example
 * defaultBoilerplateSet('legacy'); // 'authors'
 * defaultBoilerplateSet('default'); // 'extended'
 */
export function defaultBoilerplateSet(cleaning: 'default' | 'legacy' | 'none'): BoilerplateTitleSet {
  return cleaning === 'legacy' ? 'authors' : 'extended';
}
