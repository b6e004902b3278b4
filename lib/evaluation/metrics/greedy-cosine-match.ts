import { InvalidArgumentError } from '../../core/errors.js';

/** The contextual token embeddings of one text with BERTScore's token weights. */
export interface WeightedTokenEmbeddings {
  /** One vector per token, special tokens included ([CLS]/[SEP] or <s>/</s> take part in the matching). */
  vectors: ArrayLike<number>[];
  /** One weight per token: 1 (or the idf) for ordinary tokens, 0 for [CLS]/[SEP]. */
  weights: number[];
}

/** Precision, recall and F1 of one candidate against one reference. */
export interface BertScoreTriple {
  precision: number;
  recall: number;
  f1: number;
}

function normalized(vectors: ArrayLike<number>[]): Float64Array[] {
  return vectors.map((vector) => {
    let norm = 0;
    for (let index = 0; index < vector.length; index++) norm += (vector[index] as number) ** 2;
    norm = Math.sqrt(norm);
    const unit = new Float64Array(vector.length);
    // A zero vector (never produced by a trained model) would make bert-score's division NaN; here its cosine
    // with everything is 0.
    if (norm > 0) for (let index = 0; index < vector.length; index++) unit[index] = (vector[index] as number) / norm;
    return unit;
  });
}

/**
 * BERTScore's greedy matching (Zhang et al., "BERTScore: Evaluating Text Generation with BERT", ICLR 2020,
 * eq. 1–3 with the idf weighting of §3): every candidate token is matched to its most cosine-similar reference
 * token and vice versa; P = Σ_c w_c · max_r cos(c, r) / Σ_c w_c over candidate tokens, R the same over
 * reference tokens with reference weights, F1 = 2PR/(P+R). As in bert-score 0.3.13 (`greedy_cos_idf`) special
 * tokens are matching targets but carry weight 0, and a candidate or reference with only special tokens
 * (an empty text) gives P = R = F1 = 0. One pair at a time, so there is no batch padding (the authors scored one
 * pair per call as well).
 *
 * @example
 * // identical one-token texts: cos = 1 everywhere
 * greedyCosineMatch({ vectors: [[1, 0]], weights: [1] }, { vectors: [[2, 0]], weights: [1] }); // {precision: 1, recall: 1, f1: 1}
 */
export function greedyCosineMatch(candidate: WeightedTokenEmbeddings, reference: WeightedTokenEmbeddings): BertScoreTriple {
  for (const [name, side] of [['candidate', candidate], ['reference', reference]] as const) {
    if (side.vectors.length !== side.weights.length) {
      throw new InvalidArgumentError(name, `${side.vectors.length} vectors but ${side.weights.length} weights`);
    }
    if (side.vectors.length === 0) throw new InvalidArgumentError(name, 'no token vectors');
  }
  const candidateUnits = normalized(candidate.vectors);
  const referenceUnits = normalized(reference.vectors);
  const dimension = candidateUnits[0]!.length;
  const bestForCandidate = new Float64Array(candidateUnits.length).fill(-Infinity);
  const bestForReference = new Float64Array(referenceUnits.length).fill(-Infinity);
  candidateUnits.forEach((c, i) => {
    if (c.length !== dimension) throw new InvalidArgumentError('candidate', 'token vectors differ in length');
    referenceUnits.forEach((r, j) => {
      if (r.length !== dimension) throw new InvalidArgumentError('reference', 'token vectors differ in length');
      let cosine = 0;
      for (let k = 0; k < dimension; k++) cosine += (c[k] as number) * (r[k] as number);
      if (cosine > (bestForCandidate[i] as number)) bestForCandidate[i] = cosine;
      if (cosine > (bestForReference[j] as number)) bestForReference[j] = cosine;
    });
  });
  const weightedMean = (best: Float64Array, weights: number[]): number => {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    if (total === 0) return Number.NaN;
    let sum = 0;
    best.forEach((value, index) => {
      sum += value * ((weights[index] as number) / total);
    });
    return sum;
  };
  let precision = weightedMean(bestForCandidate, candidate.weights);
  let recall = weightedMean(bestForReference, reference.weights);
  if (Number.isNaN(precision) || Number.isNaN(recall)) {
    precision = 0;
    recall = 0;
  }
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1: Number.isNaN(f1) ? 0 : f1 };
}
