import { describe, expect, it } from 'vitest';
import { countCl100kTokens, countTokensLikeAuthors, encodeCl100k } from '../../lib/corpus/cl100k-tokenizer.js';

describe('cl100k_base token counts', () => {
  it('reproduces published cl100k_base encodings', () => {
    // "hello world" = [15339, 1917] (2 tokens), the usual tiktoken smoke test.
    expect(encodeCl100k('hello world')).toEqual([15339, 1917]);
    // The next four come from the OpenAI Cookbook notebook "How to count tokens with tiktoken"
    // (examples/How_to_count_tokens_with_tiktoken.ipynb, sections 4 and 5, cl100k_base outputs).
    expect(encodeCl100k('tiktoken is great!')).toEqual([83, 1609, 5963, 374, 2294, 0]);
    expect(encodeCl100k('antidisestablishmentarianism')).toEqual([519, 85342, 34500, 479, 8997, 2191]);
    expect(encodeCl100k('2 + 2 = 4')).toEqual([17, 489, 220, 17, 284, 220, 19]);
    expect(encodeCl100k('お誕生日おめでとう')).toEqual([33334, 45918, 243, 21990, 9080, 33334, 62004, 16556, 78699]);
    expect(countCl100kTokens('お誕生日おめでとう')).toBe(9);
    expect(countCl100kTokens('')).toBe(0);
  });

  it('counts special-token strings as text, while the authors counted the whole text as 0 tokens', () => {
    const text = 'ECG text with a stray <|endoftext|> marker';
    expect(countCl100kTokens(text)).toBeGreaterThan(5);
    // tiktoken's encode() raises on disallowed special tokens; their count_tokens caught it and returned 0.
    expect(countTokensLikeAuthors(text)).toBe(0);
    expect(countTokensLikeAuthors('hello world')).toBe(2);
  });
});
