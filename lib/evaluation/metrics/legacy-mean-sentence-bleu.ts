import { InvalidArgumentError } from '../../core/errors.js';
import { nltkSentenceBleu } from './nltk-sentence-bleu.js';

/**
 * The authors' reported Q&A BLEU (authors-pipeline §5.4, docs/authors-pipeline.md): {@link nltkSentenceBleu}
 * of every answer against its single reference answer, then the arithmetic mean over items, on the 0–1 scale.
 * There is no corpus-level aggregation, so many short answers without a 4-gram match pull the mean towards 0.
 * Reference: the authors' evaluation scripts as described in authors-pipeline §5.4; NLTK 3.8 `sentence_bleu`.
 *
 * @example
 * legacyMeanSentenceBleu(['the cat sat on the mat', 'a dog'], ['the cat sat on the mat', 'a cat']); // (1 + 1.53e-231) / 2 ≈ 0.5
 */
export function legacyMeanSentenceBleu(hypotheses: string[], references: string[]): number {
  if (hypotheses.length === 0) throw new InvalidArgumentError('hypotheses', 'at least one item is needed');
  if (references.length !== hypotheses.length) {
    throw new InvalidArgumentError('references', `${references.length} references for ${hypotheses.length} hypotheses; one reference per item is needed`);
  }
  let sum = 0;
  hypotheses.forEach((hypothesis, index) => {
    sum += nltkSentenceBleu(hypothesis, [references[index] as string]);
  });
  return sum / hypotheses.length;
}
