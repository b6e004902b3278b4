import { bleuTokenize } from './bleu-tokenize.js';
import type { BleuOptions } from './metric-schemas.js';
import { rstripPython } from './python-whitespace.js';

/**
 * sacrebleu 2.x `BLEU._preprocess_segment`: optional lowercasing, Python `rstrip()`, then the tokenizer.
 *
 * @example
 * preprocessBleuSegment('The End. ', { lowercase: true, tokenize: '13a' }); // 'the end .'
 */
export function preprocessBleuSegment(segment: string, options: Required<Pick<BleuOptions, 'lowercase' | 'tokenize'>>): string {
  return bleuTokenize(rstripPython(options.lowercase ? segment.toLowerCase() : segment), options.tokenize);
}

