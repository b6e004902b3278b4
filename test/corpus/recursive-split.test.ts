/**
 * The recursive splitter against the reference: LangChain JS `RecursiveCharacterTextSplitter` from
 * `@langchain/textsplitters` (a dev dependency; the library never imports it). Every comparison is byte for
 * byte on the chunk texts, plus a check that each span slices exactly the chunk text out of the input.
 */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import { countCl100kTokens } from '../../lib/corpus/cl100k-tokenizer.js';
import { splitRecursive, type RecursiveSplitOptions } from '../../lib/corpus/recursive-split.js';

async function langchainChunks(text: string, options: RecursiveSplitOptions): Promise<string[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
    ...(options.separators ? { separators: [...options.separators] } : {}),
    ...(options.length ? { lengthFunction: options.length } : {}),
  });
  return splitter.splitText(text);
}

async function expectSameAsLangchain(text: string, options: RecursiveSplitOptions): Promise<void> {
  const ours = splitRecursive(text, options);
  const reference = await langchainChunks(text, options);
  expect(ours.map((piece) => piece.text)).toEqual(reference);
  for (const piece of ours) expect(text.slice(piece.start, piece.end)).toBe(piece.text);
}

const PAPER: RecursiveSplitOptions = { chunkSize: 1024, chunkOverlap: 100 };

describe('splitRecursive', () => {
  it('splits a small example as worked out by hand', () => {
    // Worked by hand: pieces "aaa", " bbb", " ccc" (cut in front of each space). "aaa bbb" (7) fits; adding
    // " ccc" would make 11 > 7, so "aaa bbb" is emitted and pieces are dropped from the front while the
    // total exceeds the overlap 3: both "aaa" (7 > 3) and " bbb" (4 > 3) go, and the next chunk is "ccc".
    expect(splitRecursive('aaa bbb ccc', { chunkSize: 7, chunkOverlap: 3 })).toEqual([
      { start: 0, end: 7, text: 'aaa bbb' },
      { start: 8, end: 11, text: 'ccc' },
    ]);
    // With size 8 / overlap 4, " bbb" (4, not > 4) stays and 4 + 4 fits in 8: the chunks share "bbb".
    expect(splitRecursive('aaa bbb ccc', { chunkSize: 8, chunkOverlap: 4 })).toEqual([
      { start: 0, end: 7, text: 'aaa bbb' },
      { start: 4, end: 11, text: 'bbb ccc' },
    ]);
  });

  it('matches LangChain on adversarial inputs with the paper settings and with tiny sizes', async () => {
    const inputs = [
      '',
      '   \n\n  \n ',
      'x',
      'a'.repeat(5000),
      `${'word '.repeat(600)}${'z'.repeat(3000)} tail`,
      'para one.\n\n\n\npara two\n\n\n\n\npara three\n',
      '\n\nleading separators and trailing\n\n',
      'line\nline\nline\n'.repeat(300),
      'Ünïcödé — “quotes” ﬁ ligature ß ẞ Ω\u00a0nbsp\u2009thin 🫀 heart 𝔼𝕂𝔾 '.repeat(80),
      '🫀'.repeat(700),
      `${'𝔼'.repeat(600)}\n\n${'x '.repeat(700)}`,
      'a\n\n\nb\n\n\n\nc'.repeat(400),
      '\u2028\u2029\ufeff\u00a0 mixed exotic whitespace \u3000\u1680 '.repeat(120),
    ];
    for (const text of inputs) {
      await expectSameAsLangchain(text, PAPER);
      await expectSameAsLangchain(text, { chunkSize: 10, chunkOverlap: 3 });
      await expectSameAsLangchain(text, { chunkSize: 2, chunkOverlap: 1 });
      await expectSameAsLangchain(text, { chunkSize: 1, chunkOverlap: 0 });
      await expectSameAsLangchain(text, { chunkSize: 50, chunkOverlap: 49 });
    }
  });

  it('matches LangChain on seeded random texts built from separators, words and unicode', async () => {
    const random = createRandom(20251018, 'recursive-split');
    const atoms = ['\n\n', '\n', ' ', '  ', 'ECG', 'ST-segment', 'beta-blocker', 'Vorhofflimmern', 'é', '🫀', '\t', 'x'.repeat(30), '.', '\n\n\n'];
    for (let round = 0; round < 150; round++) {
      const parts: string[] = [];
      const count = random.integer(400);
      for (let index = 0; index < count; index++) parts.push(random.choice(atoms));
      const text = parts.join('');
      const chunkSize = 1 + random.integer(200);
      const chunkOverlap = random.integer(chunkSize);
      await expectSameAsLangchain(text, { chunkSize, chunkOverlap });
    }
  });

  it('matches LangChain with custom separators (including ones without the empty separator)', async () => {
    const text = 'alpha. beta; gamma. delta\n\nepsilon; zeta. eta '.repeat(60);
    await expectSameAsLangchain(text, { chunkSize: 40, chunkOverlap: 10, separators: ['. ', '; '] });
    await expectSameAsLangchain(text, { chunkSize: 40, chunkOverlap: 10, separators: ['\n\n', '. ', ''] });
    await expectSameAsLangchain(text, { chunkSize: 40, chunkOverlap: 0, separators: ['zzz'] });
    // Regular-expression characters are literal separators.
    await expectSameAsLangchain('a.b.c(d)e|f'.repeat(50), { chunkSize: 12, chunkOverlap: 2, separators: ['.', '(', '|', ''] });
  });

  it('matches LangChain with a cl100k token length function', async () => {
    const text = 'The QT interval spans ventricular depolarization and repolarization. '.repeat(40) +
      '\n\nDie QT-Zeit wird frequenzkorrigiert.\n\n' + 'Bazett divides QT by the square root of RR. '.repeat(30);
    await expectSameAsLangchain(text, { chunkSize: 64, chunkOverlap: 8, length: countCl100kTokens });
    await expectSameAsLangchain(text, { chunkSize: 7, chunkOverlap: 2, length: countCl100kTokens });
  });

  it('returns spans that locate repeated chunk texts at their own positions', () => {
    const text = 'same block\n\nsame block\n\nsame block';
    const pieces = splitRecursive(text, { chunkSize: 12, chunkOverlap: 0 });
    expect(pieces.map((piece) => piece.start)).toEqual([0, 12, 24]);
    expect(new Set(pieces.map((piece) => piece.text))).toEqual(new Set(['same block']));
  });

  it('rejects sizes LangChain rejects', () => {
    expect(() => splitRecursive('x', { chunkSize: 10, chunkOverlap: 10 })).toThrow(InvalidArgumentError);
    expect(() => splitRecursive('x', { chunkSize: 0, chunkOverlap: 0 })).toThrow(InvalidArgumentError);
    expect(() => new RecursiveCharacterTextSplitter({ chunkSize: 10, chunkOverlap: 10 })).toThrow();
  });
});
