/**
 * Token counting with OpenAI's `cl100k_base` byte-pair encoding (the GPT-4 tokenizer), which the authors used
 * for every budget in their pipeline (`tiktoken.get_encoding("cl100k_base")`, §1.4: 50 000 tokens per Q&A
 * generation call, 48 000 for multiple choice). The rank table ships inside `js-tiktoken`, so this works
 * offline. Note that cl100k is not Llama's tokenizer: the budgets are cl100k budgets.
 *
 * Special-token strings such as `<|endoftext|>` that occur in a document are encoded as ordinary text. (The
 * authors' `encoding.encode(text)` raises on them, and their `count_tokens` then returns 0 for the whole
 * document — see {@link countTokensLikeAuthors}.)
 *
 * @example
 * countCl100kTokens('hello world'); // 2
 */
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';

/** Name of the encoding, recorded in splitter ids and run manifests. */
export const CL100K_BASE = 'cl100k_base';

let encoder: Tiktoken | undefined;

/** The shared cl100k_base encoder (built once, on first use). */
export function cl100kEncoder(): Tiktoken {
  encoder ??= new Tiktoken(cl100kBase);
  return encoder;
}

/** Token ids of `text` under cl100k_base, special-token strings treated as text. */
export function encodeCl100k(text: string): number[] {
  return cl100kEncoder().encode(text, [], []);
}

/** Number of cl100k_base tokens in `text`. */
export function countCl100kTokens(text: string): number {
  if (text === '') return 0;
  return encodeCl100k(text).length;
}

/**
 * The authors' `Processor.count_tokens`: cl100k_base with tiktoken's default `disallowed_special="all"`, and
 * 0 when encoding fails — so a document containing the literal text `<|endoftext|>` counts as 0 tokens and is
 * never split. Used only by the legacy section grouping.
 */
export function countTokensLikeAuthors(text: string): number {
  try {
    return cl100kEncoder().encode(text).length;
  } catch {
    return 0;
  }
}
