import { InvalidArgumentError } from '../../core/errors.js';
import { bleuSegmentStatistics, type BleuStatistics } from './bleu-segment-statistics.js';
import type { BleuOptions } from './metric-schemas.js';
import { preprocessBleuSegment } from './preprocess-bleu-segment.js';

/**
 * BLEU's sufficient statistics of every segment of a corpus, as sacrebleu 2.x
 * `BLEU._extract_corpus_statistics` computes them (lowercase, right-strip and tokenize each segment, then
 * {@link bleuSegmentStatistics}). Summed over any subset of segments and passed to {@link bleuFromStatistics}
 * they give that subset's corpus BLEU, which is how a paired bootstrap resamples corpus BLEU without
 * re-tokenizing (Koehn, "Statistical Significance Tests for Machine Translation Evaluation", EMNLP 2004).
 * `references` are reference streams parallel to `hypotheses`, as in {@link corpusBleu}.
 *
 * @example
 * corpusBleuStatistics(['the cat sat'], [['the cat sat down']])[0];
 * // { hypothesisLength: 3, referenceLength: 4, counts: [3, 2, 1, 0], totals: [3, 2, 1, 0] }
 */
export function corpusBleuStatistics(
  hypotheses: string[],
  references: string[][],
  options: Pick<BleuOptions, 'tokenize' | 'lowercase' | 'maxNgramOrder'> = {},
): BleuStatistics[] {
  if (references.length === 0) throw new InvalidArgumentError('references', 'at least one reference stream is needed');
  references.forEach((stream, index) => {
    if (stream.length !== hypotheses.length) {
      throw new InvalidArgumentError(
        'references',
        `reference stream ${index} has ${stream.length} segments but there are ${hypotheses.length} hypotheses`,
      );
    }
  });
  const lowercase = options.lowercase ?? false;
  const tokenize = options.tokenize ?? '13a';
  const maxNgramOrder = options.maxNgramOrder ?? 4;
  return hypotheses.map((hypothesis, segment) =>
    bleuSegmentStatistics(
      preprocessBleuSegment(hypothesis, { lowercase, tokenize }),
      references.map((stream) => preprocessBleuSegment(stream[segment] as string, { lowercase, tokenize })),
      maxNgramOrder,
    ),
  );
}
