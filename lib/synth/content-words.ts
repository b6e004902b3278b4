/**
 * Words and content-word stems of a text, for the lexical checks of the synthesis stage: whether a generated
 * answer is supported by its source span, where in a unit that span is, and the shingles for duplicate
 * detection.
 *
 * Normalisation: Unicode NFKC, lower case, every run of characters that is not a letter or a digit is a word
 * boundary (so "QRS-complex" gives `qrs`, `complex` and "0.12 s" gives `0`, `12`, `s`).
 * Content words: words that are not in a short English function-word list and are either at least three
 * characters long or contain a digit (numbers such as "12" or "60" carry the facts ECG answers test).
 * Stems: a light suffix stripper (plural -s, -es after s/sh/ch/x/z, -ies to -y, -ing, -ed, -ly; then a final
 * silent -e), never shortening a word below three characters. It only has to map inflections of the same
 * word onto one key; it is not a linguistic stemmer and is not meant to be one.
 */

/** English function words (articles, pronouns, auxiliaries, prepositions, conjunctions, question words). */
const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each either every few for from further had has have having he her here hers ' +
    'herself him himself his how i if in into is it its itself just let may me might more most must my myself neither no ' +
    'nor not now of off on once only or other ought our ours ourselves out over own same shall she should so some such ' +
    'than that the their theirs them themselves then there these they this those through thus to too under until up upon ' +
    'us very was we were what when where whether which while who whom whose why will with within without would you your ' +
    'yours yourself yourselves'
  ).split(' '),
);

/** True when `word` (already lower case) is an English function word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** The words of a text after normalisation (NFKC, lower case, split at every non-letter, non-digit). */
export function normalizedWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** The stem of one lower-case word under the light suffix stripper described in the module documentation. */
export function stemWord(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  const strip = (from: string, suffix: string, replacement = ''): string => {
    if (!from.endsWith(suffix)) return from;
    const stem = from.slice(0, from.length - suffix.length) + replacement;
    return stem.length >= 3 ? stem : from;
  };
  let stem = word;
  if (stem.endsWith('ies')) stem = strip(stem, 'ies', 'y');
  else if (/(?:ss|sh|ch|x|z)es$/.test(stem)) stem = strip(stem, 'es');
  else if (stem.endsWith('s') && !/(?:ss|us|is)$/.test(stem)) stem = strip(stem, 's');
  else if (stem.endsWith('ing')) stem = strip(stem, 'ing');
  else if (stem.endsWith('ed') && !stem.endsWith('eed')) stem = strip(stem, 'ed');
  else if (stem.endsWith('ly')) stem = strip(stem, 'ly');
  // A final silent "e" is dropped so that "increase", "increased" and "increasing" share one stem.
  return stem.endsWith('e') && !stem.endsWith('ee') ? strip(stem, 'e') : stem;
}

/** True when a normalised word counts as a content word (see module documentation). */
export function isContentWord(word: string): boolean {
  return !STOP_WORDS.has(word) && (word.length >= 3 || /\d/.test(word));
}

/** The stems of the content words of a text, in order, with repeats. */
export function contentStems(text: string): string[] {
  return normalizedWords(text).filter(isContentWord).map(stemWord);
}

/** The set of content-word stems of a text. */
export function contentStemSet(text: string): Set<string> {
  return new Set(contentStems(text));
}
