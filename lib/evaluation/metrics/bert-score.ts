import { ConfigurationError, InvalidArgumentError } from '../../core/errors.js';
import { silentProgress } from '../../core/progress.js';
import { loadWithTransformers, pretrainedOptions, resolveModelSource } from '../../rag/transformers-model.js';
import { bertScoreIdf } from './bert-score-idf.js';
import { greedyCosineMatch } from './greedy-cosine-match.js';
import { bertScoreOptionsSchema, type BertScoreOptions, type BertScoreResult } from './metric-schemas.js';
import { parseMetricOptions } from './parse-metric-options.js';

/** Model types whose byte-level BPE tokenizer bert-score calls with `add_prefix_space=True`. */
const PREFIX_SPACE_MODEL_TYPES = new Set(['roberta', 'gpt2', 'bart', 'longformer']);

interface TensorLike {
  dims: number[];
  data: ArrayLike<number | bigint>;
}

interface EncodedText {
  ids: number[];
  vectors: Float32Array[];
}

/**
 * BERTScore (Zhang et al., "BERTScore: Evaluating Text Generation with BERT", ICLR 2020) of each candidate
 * against the reference at the same index, computed with transformers.js on the CPU as bert-score 0.3.13
 * computes it: each text is stripped and encoded with its special tokens (with a leading space for RoBERTa/GPT-2
 * tokenizers), truncated to the model's maximum length, embedded by the chosen hidden layer, and matched
 * greedily by cosine similarity ({@link greedyCosineMatch}); special tokens weigh 0, other tokens 1 or, with
 * `idf`, their inverse document frequency over the references ({@link bertScoreIdf}). With a `baseline` every
 * value x becomes (x − b) / (1 − b), so scores can be negative. Returns P, R and F1 correctly labelled (see
 * {@link legacyBertScoreLabels} for the authors' mislabelled triple).
 *
 * The paper's setting is roberta-large, layer 17 of 24, no idf, rescaled with bert-score's English baseline
 * (see {@link PAPER_BERT_SCORE_SETTINGS} and docs/bertscore.md for exporting it to ONNX). The model must output
 * `hidden_states.<layer>`, or, without `layer`, `last_hidden_state`.
 *
 * @example
 * const result = await bertScore(['The QT interval is long.'], ['The QT interval is prolonged.'], { model: '/models/roberta-large-l17' });
 * result.f1[0]; // BERTScore F1 of the pair
 */
export async function bertScore(candidates: string[], references: string[], options: BertScoreOptions): Promise<BertScoreResult> {
  const parsed = parseMetricOptions(bertScoreOptionsSchema, options);
  if (candidates.length !== references.length) {
    throw new InvalidArgumentError('references', `${references.length} references for ${candidates.length} candidates; one reference per candidate is needed`);
  }
  const source = resolveModelSource(
    { model: parsed.model, ...(parsed.allowRemoteModels === undefined ? {} : { allowRemoteModels: parsed.allowRemoteModels }) },
    'feature-extraction',
  );
  const { tokenizer, model } = await loadWithTransformers(source, 'feature-extraction', async (transformers) => ({
    tokenizer: await transformers.AutoTokenizer.from_pretrained(source.loadId, pretrainedOptions(source) as never),
    model: await transformers.AutoModel.from_pretrained(source.loadId, pretrainedOptions(source) as never),
  }));
  const modelType = String((model as unknown as { config?: { model_type?: unknown } }).config?.model_type ?? '');
  const addPrefixSpace = parsed.addPrefixSpace ?? PREFIX_SPACE_MODEL_TYPES.has(modelType);
  const outputName = parsed.layer === undefined ? 'last_hidden_state' : `hidden_states.${parsed.layer}`;
  const batchSize = parsed.batchSize ?? 16;
  const tokenize = tokenizer as unknown as (texts: string[], options: Record<string, unknown>) => Record<string, TensorLike>;
  const run = model as unknown as (inputs: Record<string, TensorLike>) => Promise<Record<string, TensorLike>>;

  // The ids of an empty text are exactly the special tokens bert-score weighs 0 ([CLS] and [SEP], or <s> and </s>).
  const specialIds = new Set(Array.from(tokenize([''], { padding: false, truncation: true }).input_ids!.data, Number));

  const prepare = (text: string): string => {
    const stripped = text.trim();
    return addPrefixSpace && stripped !== '' ? ` ${stripped}` : stripped;
  };
  const encoded = new Map<string, EncodedText>();
  const pending = [...new Set([...candidates, ...references].map(prepare))];
  const task = (parsed.progress ?? silentProgress)('BERTScore: embedding texts', pending.length);
  for (let start = 0; start < pending.length; start += batchSize) {
    const batch = pending.slice(start, start + batchSize);
    const inputs = tokenize(batch, { padding: true, truncation: true });
    const outputs = await run(inputs);
    const states = outputs[outputName];
    if (!states) {
      throw new ConfigurationError(
        'layer',
        `model "${parsed.model}" has no output "${outputName}" (it has ${Object.keys(outputs).join(', ')}). ` +
          'Export it with that hidden state, or truncated to the layer and without "layer"; see docs/bertscore.md.',
      );
    }
    const [, sequenceLength, hidden] = states.dims as [number, number, number];
    const ids = inputs.input_ids!;
    const mask = inputs.attention_mask!;
    batch.forEach((text, row) => {
      const textIds: number[] = [];
      const vectors: Float32Array[] = [];
      for (let position = 0; position < sequenceLength; position++) {
        if (Number(mask.data[row * sequenceLength + position]) === 0) continue;
        textIds.push(Number(ids.data[row * sequenceLength + position]));
        const offset = (row * sequenceLength + position) * hidden;
        vectors.push(Float32Array.from({ length: hidden }, (_, k) => Number(states.data[offset + k])));
      }
      encoded.set(text, { ids: textIds, vectors });
    });
    task.tick(batch.length);
  }
  task.done();

  const idf = parsed.idf ? bertScoreIdf(references.map((reference) => encoded.get(prepare(reference))!.ids)) : undefined;
  const weightsOf = (ids: number[]): number[] =>
    ids.map((id) => (specialIds.has(id) ? 0 : idf ? (idf.weights.get(id) ?? idf.unseen) : 1));
  const rescale = (value: number, base: number | undefined): number => (base === undefined ? value : (value - base) / (1 - base));

  const result: BertScoreResult = {
    precision: [],
    recall: [],
    f1: [],
    settings: { model: parsed.model, layer: parsed.layer ?? 'last', idf: parsed.idf ?? false, rescaled: parsed.baseline !== undefined, addPrefixSpace },
  };
  candidates.forEach((candidate, index) => {
    const c = encoded.get(prepare(candidate))!;
    const r = encoded.get(prepare(references[index] as string))!;
    const triple = greedyCosineMatch({ vectors: c.vectors, weights: weightsOf(c.ids) }, { vectors: r.vectors, weights: weightsOf(r.ids) });
    result.precision.push(rescale(triple.precision, parsed.baseline?.precision));
    result.recall.push(rescale(triple.recall, parsed.baseline?.recall));
    result.f1.push(rescale(triple.f1, parsed.baseline?.f1));
  });
  return result;
}

/**
 * The paper's BERTScore settings (authors-pipeline §5.4): bert-score 0.3.13 defaults for `lang="en"`:
 * roberta-large, layer 17 (bert-score `model2layers`), no idf, `rescale_with_baseline=True` with the layer-17
 * row of bert-score's `rescale_baseline/en/roberta-large.tsv` (P 0.83150584, R 0.8314941, F 0.83122575).
 * `model` names the Hub id; for transformers.js it must be an ONNX export with `hidden_states.17` (docs/bertscore.md).
 */
export const PAPER_BERT_SCORE_SETTINGS = {
  model: 'roberta-large',
  layer: 17,
  idf: false,
  baseline: { precision: 0.83150584, recall: 0.8314941, f1: 0.83122575 },
} as const satisfies BertScoreOptions;
