/**
 * Irregular forms that NLTK's PorterStemmer maps directly in NLTK_EXTENSIONS mode (word -> stem).
 * Source: NLTK `nltk/stem/porter.py`, `PorterStemmer.__init__` (facts of the reference implementation).
 */
const IRREGULAR_FORMS: ReadonlyMap<string, string> = new Map([
  ['sky', 'sky'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['news', 'news'],
  ['innings', 'inning'],
  ['inning', 'inning'],
  ['outings', 'outing'],
  ['outing', 'outing'],
  ['cannings', 'canning'],
  ['canning', 'canning'],
  ['howe', 'howe'],
  ['proceed', 'proceed'],
  ['exceed', 'exceed'],
  ['succeed', 'succeed'],
]);

function isVowelLetter(character: string | undefined): boolean {
  return character === 'a' || character === 'e' || character === 'i' || character === 'o' || character === 'u';
}

/** Porter's consonant: not a, e, i, o, u, and not a y that follows a consonant (a leading y is a consonant). */
function isConsonant(word: string, index: number): boolean {
  // Iterative form of the recursive definition: walk back over a run of y's.
  let position = index;
  let consonant = true;
  for (;;) {
    const character = word[position];
    if (isVowelLetter(character)) return consonant ? false : true;
    if (character !== 'y') return consonant;
    if (position === 0) return consonant;
    // A y is a consonant exactly when the letter before it is not.
    consonant = !consonant;
    position -= 1;
  }
}

/** m in [C](VC)^m[V]: the number of vowel-to-consonant transitions. */
function measure(stem: string): number {
  let count = 0;
  let previousVowel = false;
  for (let index = 0; index < stem.length; index++) {
    const consonant = isConsonant(stem, index);
    if (consonant && previousVowel) count += 1;
    previousVowel = !consonant;
  }
  return count;
}

function containsVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index++) if (!isConsonant(stem, index)) return true;
  return false;
}

/** *d: ends with a double consonant. */
function endsDoubleConsonant(word: string): boolean {
  return word.length >= 2 && word[word.length - 1] === word[word.length - 2] && isConsonant(word, word.length - 1);
}

/** *o: ends consonant-vowel-consonant, the last not w, x or y; NLTK also accepts a two-letter vowel-consonant word. */
function endsConsonantVowelConsonant(word: string): boolean {
  const length = word.length;
  if (length >= 3) {
    const last = word[length - 1] as string;
    if (isConsonant(word, length - 3) && !isConsonant(word, length - 2) && isConsonant(word, length - 1) && last !== 'w' && last !== 'x' && last !== 'y') {
      return true;
    }
  }
  return length === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

type Condition = ((stem: string) => boolean) | null;
type Rule = readonly [suffix: string, replacement: string, condition: Condition];

/**
 * Porter's rule lists: the first rule whose suffix matches decides. If its condition fails the word is left as it
 * is (later rules are not tried).
 */
function applyFirstMatchingRule(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

const positiveMeasure = (stem: string): boolean => measure(stem) > 0;
const measureAboveOne = (stem: string): boolean => measure(stem) > 1;

function step1a(word: string): string {
  if (word.endsWith('ies') && word.length === 4) return `${word.slice(0, -3)}ie`;
  return applyFirstMatchingRule(word, [
    ['sses', 'ss', null],
    ['ies', 'i', null],
    ['ss', 'ss', null],
    ['s', '', null],
  ]);
}

function step1b(word: string): string {
  if (word.endsWith('ied')) return word.length === 4 ? `${word.slice(0, -3)}ie` : `${word.slice(0, -3)}i`;
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let stem: string | undefined;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, word.length - suffix.length);
      if (containsVowel(candidate)) {
        stem = candidate;
        break;
      }
    }
  }
  if (stem === undefined) return word;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (endsDoubleConsonant(stem)) {
    const last = stem[stem.length - 1] as string;
    return last === 'l' || last === 's' || last === 'z' ? stem : stem.slice(0, -1);
  }
  return measure(stem) === 1 && endsConsonantVowelConsonant(stem) ? `${stem}e` : stem;
}

function step1c(word: string): string {
  // NLTK: y -> i only after a consonant that is not the whole stem ('happy' -> 'happi', 'enjoy', 'by' unchanged).
  return applyFirstMatchingRule(word, [['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

function step2(word: string): string {
  if (word.endsWith('alli') && positiveMeasure(word.slice(0, -4))) return step2(`${word.slice(0, -4)}al`);
  return applyFirstMatchingRule(word, [
    ['ational', 'ate', positiveMeasure],
    ['tional', 'tion', positiveMeasure],
    ['enci', 'ence', positiveMeasure],
    ['anci', 'ance', positiveMeasure],
    ['izer', 'ize', positiveMeasure],
    ['bli', 'ble', positiveMeasure],
    ['alli', 'al', positiveMeasure],
    ['entli', 'ent', positiveMeasure],
    ['eli', 'e', positiveMeasure],
    ['ousli', 'ous', positiveMeasure],
    ['ization', 'ize', positiveMeasure],
    ['ation', 'ate', positiveMeasure],
    ['ator', 'ate', positiveMeasure],
    ['alism', 'al', positiveMeasure],
    ['iveness', 'ive', positiveMeasure],
    ['fulness', 'ful', positiveMeasure],
    ['ousness', 'ous', positiveMeasure],
    ['aliti', 'al', positiveMeasure],
    ['iviti', 'ive', positiveMeasure],
    ['biliti', 'ble', positiveMeasure],
    ['fulli', 'ful', positiveMeasure],
    // NLTK tests the measure of the word without its last three letters (the stem plus the 'l').
    ['logi', 'log', () => positiveMeasure(word.slice(0, -3))],
  ]);
}

function step3(word: string): string {
  return applyFirstMatchingRule(word, [
    ['icate', 'ic', positiveMeasure],
    ['ative', '', positiveMeasure],
    ['alize', 'al', positiveMeasure],
    ['iciti', 'ic', positiveMeasure],
    ['ical', 'ic', positiveMeasure],
    ['ful', '', positiveMeasure],
    ['ness', '', positiveMeasure],
  ]);
}

function step4(word: string): string {
  return applyFirstMatchingRule(word, [
    ['al', '', measureAboveOne],
    ['ance', '', measureAboveOne],
    ['ence', '', measureAboveOne],
    ['er', '', measureAboveOne],
    ['ic', '', measureAboveOne],
    ['able', '', measureAboveOne],
    ['ible', '', measureAboveOne],
    ['ant', '', measureAboveOne],
    ['ement', '', measureAboveOne],
    ['ment', '', measureAboveOne],
    ['ent', '', measureAboveOne],
    ['ion', '', (stem) => measureAboveOne(stem) && (stem.endsWith('s') || stem.endsWith('t'))],
    ['ou', '', measureAboveOne],
    ['ism', '', measureAboveOne],
    ['ate', '', measureAboveOne],
    ['iti', '', measureAboveOne],
    ['ous', '', measureAboveOne],
    ['ive', '', measureAboveOne],
    ['ize', '', measureAboveOne],
  ]);
}

function step5a(word: string): string {
  if (!word.endsWith('e')) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  if (m > 1) return stem;
  if (m === 1 && !endsConsonantVowelConsonant(stem)) return stem;
  return word;
}

function step5b(word: string): string {
  return word.endsWith('ll') && measure(word.slice(0, -1)) > 1 ? word.slice(0, -1) : word;
}

/**
 * The Porter stemmer exactly as NLTK's `PorterStemmer()` in its default NLTK_EXTENSIONS mode, which is the
 * stemmer Google's rouge-score uses with `use_stemmer=True`. Porter, "An algorithm for suffix stripping",
 * Program 14(3), 1980, with NLTK's documented departures: a table of irregular forms (skies, dying, news, ...),
 * words of one or two letters kept, `ies`/`ied` -> `ie` in four-letter words and -> `i` otherwise, y -> i only
 * after a consonant that is not the first letter, `bli` -> `ble` (instead of `abli` -> `able`), recursive
 * `alli`, and the extra step-2 rules `fulli` -> `ful` and `logi` -> `log`. The word is lowercased first.
 * Reference: NLTK `nltk/stem/porter.py` (3.8, Debian python3-nltk); checked word by word against it on a large
 * word list (test/reference/porter_stems.py). Lengths are counted in UTF-16 code units, which equals Python's
 * count for every word without characters outside the Basic Multilingual Plane.
 *
 * @example
 * porterStem('generously'); // 'gener'
 * porterStem('dying'); // 'die'
 */
export function porterStem(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR_FORMS.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return lower;
  let stem = step1a(lower);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = step3(stem);
  stem = step4(stem);
  stem = step5a(stem);
  stem = step5b(stem);
  return stem;
}
