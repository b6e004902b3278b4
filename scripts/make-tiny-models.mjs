#!/usr/bin/env node
/**
 * Writes two tiny BERT-style models that @huggingface/transformers (transformers.js) loads fully offline, so
 * the RAG stage's REAL embedding and reranking code can be tested on this machine, where no model weights can
 * be downloaded:
 *
 *   <out>/tiny-bert-encoder/        feature-extraction model (a bi-encoder, like neuml/pubmedbert-base-embeddings)
 *   <out>/tiny-bert-cross-encoder/  sequence-classification model scoring (query, passage) pairs (like
 *                                   cross-encoder/ms-marco-MiniLM-L-2-v2)
 *
 * Usage: `node scripts/make-tiny-models.mjs [OUT_DIR]` (default `<workspace>/.cache/tiny-models`). The output
 * is byte-identical on every run (no randomness beyond hash-seeded generators), so it is generated at test
 * time into a git-ignored folder instead of being committed: a binary ONNX file in git cannot be reviewed,
 * while this script can, and generation takes milliseconds.
 *
 * ## The file layout transformers.js expects for a local model folder
 *
 *     <model>/config.json             `model_type` ("bert") selects the model class; a sequence classifier
 *                                     also names `architectures` and `id2label`.
 *     <model>/tokenizer.json          the Hugging Face `tokenizers` JSON: normalizer, pre-tokenizer,
 *                                     WordPiece model with its vocabulary, post-processor adding [CLS]/[SEP]
 *                                     and token type ids (0 for the first text, 1 for the second of a pair).
 *     <model>/tokenizer_config.json   must exist (without it there is no tokenizer at all); `pad_token` is
 *                                     needed for batches, `tokenizer_class: "BertTokenizer"` makes the
 *                                     tokenizer return token_type_ids, `model_max_length` drives truncation.
 *     <model>/onnx/model.onnx         the fp32 graph (quantized variants would be onnx/model_quantized.onnx).
 *                                     Inputs int64 `input_ids`, `attention_mask`, `token_type_ids`
 *                                     [batch_size, sequence_length]; output `last_hidden_state` float32
 *                                     [batch, sequence, hidden] for an encoder, `logits` [batch, labels] for
 *                                     a classifier.
 *
 * A model exported with `optimum-cli export onnx --model <hub id> <dir>` has this layout once its model.onnx
 * is moved into `<dir>/onnx/`.
 *
 * ## What the tiny models compute
 *
 * Encoder: every vocabulary token gets a fixed pseudo-random vector (seeded from a FNV-1a hash of the token
 * string); special tokens, punctuation and English function words get the zero vector. Token vectors pass through
 * LayerNormalization (so every content token has length sqrt(hidden)) and are multiplied by the attention
 * mask. transformers.js then mean-pools over the mask and L2-normalises, so an embedding is a random
 * projection of the text's bag of content words: texts sharing words have higher cosine similarity.
 *
 * Cross-encoder: from the same token vectors it computes, for each token of the query (segment A), its best
 * cosine match among the passage tokens (segment B), keeps only near-exact matches (cosine above 0.5, scaled
 * to [0, 1]) and sums them: the logit is roughly the number of query content words the passage contains. It
 * is a lexical matcher, deliberately different from the bi-encoder's averaged vectors, so reranking changes
 * the order in a way tests can predict.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Hidden size of the tiny encoder. */
export const TINY_HIDDEN_SIZE = 64;
/** transformers.js truncates inputs to this many tokens. */
export const TINY_MAX_LENGTH = 512;
export const TINY_ENCODER_NAME = 'tiny-bert-encoder';
export const TINY_CROSS_ENCODER_NAME = 'tiny-bert-cross-encoder';

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const PUNCTUATION = Array.from(`.,;:!?'"()[]{}-_/\\+=*<>%&$#@^~|\``);
const SUFFIXES = ['s', 'es', 'ed', 'ing', 'al', 'ly', 'ion', 'ions', 'ic', 'ia', 'ar', 'er', 'ers', 'ity', 'ive', 'ment'];

// Function words carry no topic; they get the zero vector so they do not pull every text towards each other.
const FUNCTION_WORDS = `a an the and or but nor of in on at to from by for with without within into onto over under
between among through during before after above below about against is are was were be been being am do does did
done has have had having it its this that these those there here which who whom whose what when where why how
than then so as if because while although though not no only also very more most less least such same other
another each every all any both either neither some can could may might must shall should will would one two`.split(/\s+/);

// Content words: general scientific English plus electrocardiography. Words outside the list still work:
// WordPiece spells them with the letter pieces below.
const CONTENT_WORDS = `ecg ekg electrocardiogram electrocardiography electrocardiographic heart cardiac cardiology
cardiologist atrium atria atrial ventricle ventricles ventricular node nodes sinus sinoatrial atrioventricular
bundle branch branches purkinje fibers fibre fibres his septum septal wall apex apical base basal lateral
anterior posterior inferior superior right left axis deviation vector vectors mean frontal horizontal plane
lead leads limb limbs precordial chest unipolar bipolar augmented electrode electrodes placement position
positive negative pole poles einthoven triangle wilson central terminal goldberger avr avl avf aVR aVL aVF
v1 v2 v3 v4 v5 v6 wave waves complex complexes segment segments interval intervals p q r s t u qrs qt qtc
rr pr st j point baseline isoelectric amplitude duration millimeter millimeters millimetre millivolt mv ms
millisecond milliseconds second seconds minute minutes beat beats rate rates rhythm rhythms regular
irregular normal abnormal paper speed grid square squares small large box boxes calibration standard
filter filters noise artifact artefact signal signals frequency hz sampling digital analog recording
record recordings measurement measure measured measuring depolarization depolarisation repolarization
repolarisation conduction conducted conducting delay delayed block blocks blocked first degree second third
complete mobitz wenckebach tachycardia bradycardia fibrillation flutter arrhythmia arrhythmias ectopic
premature contraction contractions extrasystole pacemaker pacemakers pacing paced escape junctional
reentry re entry accessory pathway pathways preexcitation wolff parkinson white delta wave long short
syndrome syndromes torsades de pointes polymorphic monomorphic sudden death risk drug drugs drug-induced
potassium sodium calcium magnesium ion ions channel channels current currents action potential plateau
phase phases membrane cell cells myocyte myocytes tissue muscle myocardium myocardial infarction ischemia
ischaemia ischemic injury elevation depression hypertrophy enlargement dilation strain pattern patterns
criterion criteria sokolow lyon cornell voltage voltages low high increased decreased prolonged shortened
corrected correction formula formulas bazett fridericia framingham hodges linear cube root square power
exponent overcorrects undercorrects adult adults child children women men male female age sex threshold
thresholds reference value values upper limit limits range ranges percentile population study studies
patient patients clinical clinician clinicians physician diagnosis diagnostic interpretation interpret
systematic approach method methods algorithm algorithms automated automatic machine computer software data
scientist scientists learning model models training classification detection feature features
quadrant quadrants degree degrees angle angles hexaxial reference system clockwise counterclockwise
orientation direction perpendicular parallel equiphasic biphasic isoelectric net deflection upright
inverted notched peaked flat flattened tall deep wide narrow broad tented hyperkalemia hypokalemia
hypercalcemia hypocalcemia electrolyte electrolytes disturbance disturbances medication medications
antiarrhythmic amiodarone sotalol antibiotic antibiotics congenital inherited genetic mutation mutations
ventricular fibrillation tachycardia sinus arrest pause pauses sick syndrome athlete athletes exercise
stress test holter monitor monitoring ambulatory twelve 12-lead three six ten four five seven eight nine
zero hundred thousand percent time times timing first last early late onset offset end peak nadir tangent
method threshold teaching material review practical guide guideline guidelines recommendation recommendations
association society american european heart body surface skin gel contact impedance misplacement reversal
reversed swapped arm arms leg legs foot ankle wrist shoulder torso intercostal space spaces midclavicular
line anterior axillary midaxillary sternum sternal border fourth fifth rib ribs generate generation
genesis origin spread spreads propagation propagate impulse impulses electrical activity activation
sequence pathway fast slow velocity velocities spontaneous automaticity intrinsic dominant backup
mechanism mechanisms because cause causes caused effect effects result results lead leading produce
produces produced show shows shown indicate indicates suggest suggests define defined definition
example examples case cases common rare frequent typical important useful clinically relevant relationship
between individual individuals adaptation steady state change changes abrupt instantaneous settle`.split(/\s+/);

/** The vocabulary (token -> id): specials, punctuation, characters, word pieces, then whole words. */
export function buildVocabulary(extraWords = []) {
  const tokens = [];
  const seen = new Set();
  const add = (token) => {
    if (token && !seen.has(token)) {
      seen.add(token);
      tokens.push(token);
    }
  };
  SPECIAL_TOKENS.forEach(add);
  PUNCTUATION.forEach(add);
  const characters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  characters.forEach(add);
  characters.forEach((character) => add(`##${character}`));
  SUFFIXES.forEach((suffix) => add(`##${suffix}`));
  [...FUNCTION_WORDS, ...CONTENT_WORDS, ...extraWords]
    .map((word) => word.toLowerCase())
    // BertPreTokenizer splits at punctuation, so a word containing it could never be produced whole.
    .filter((word) => /^[a-z0-9]+$/.test(word))
    .forEach(add);
  return Object.fromEntries(tokens.map((token, index) => [token, index]));
}

/** FNV-1a 32-bit hash of a string's UTF-16 code units. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The raw (pre-LayerNorm) vector of one token: zero for special tokens, function words and
 * punctuation, otherwise uniform in [-1, 1) from mulberry32 seeded with the FNV-1a hash of the token.
 */
export function tokenVector(token, hidden = TINY_HIDDEN_SIZE) {
  const vector = new Float32Array(hidden);
  if (SPECIAL_TOKENS.includes(token) || PUNCTUATION.includes(token) || FUNCTION_WORDS.includes(token)) return vector;
  const random = mulberry32(fnv1a(token));
  for (let dimension = 0; dimension < hidden; dimension++) vector[dimension] = random() * 2 - 1;
  return vector;
}

/** The [V, hidden] word-vector table. */
function wordVectors(vocabulary, hidden) {
  const entries = Object.entries(vocabulary);
  const table = new Float32Array(entries.length * hidden);
  for (const [token, id] of entries) table.set(tokenVector(token, hidden), id * hidden);
  return table;
}

function tensor(name, dims, values) {
  const isFloat = values instanceof Float32Array;
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: isFloat ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
    rawData: bytes, // little-endian on every platform Node runs on
  });
}

function node(opType, inputs, outputs, attributes = {}) {
  const attribute = Object.entries(attributes).map(([name, value]) => {
    if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: value });
    if (Number.isInteger(value) && name !== 'epsilon') return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
    return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value });
  });
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, name: `${opType}_${outputs[0]}`, attribute });
}

function valueInfo(name, elementType, dims) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: elementType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((dim) => (typeof dim === 'string' ? { dimParam: dim } : { dimValue: dim })),
        }),
      }),
    }),
  });
}

const INT64 = onnx.TensorProto.DataType.INT64;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => valueInfo(name, INT64, ['batch_size', 'sequence_length']));

/** The shared trunk: embeddings -> LayerNorm -> masked token states `hidden` [b, s, D], plus `mask3` [b, s, 1]. */
function trunk(vocabulary, hidden) {
  const size = Object.keys(vocabulary).length;
  const initializers = [
    tensor('word_embeddings', [size, hidden], wordVectors(vocabulary, hidden)),
    tensor('token_type_embeddings', [2, hidden], new Float32Array(2 * hidden)),
    tensor('layer_norm_gamma', [hidden], new Float32Array(hidden).fill(1)),
    tensor('layer_norm_beta', [hidden], new Float32Array(hidden)),
    tensor('last_axis', [1], BigInt64Array.from([-1n])),
  ];
  const nodes = [
    node('Gather', ['word_embeddings', 'input_ids'], ['words'], { axis: 0 }),
    node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types'], { axis: 0 }),
    node('Add', ['words', 'types'], ['summed']),
    node('LayerNormalization', ['summed', 'layer_norm_gamma', 'layer_norm_beta'], ['normed'], { axis: -1, epsilon: 1e-12 }),
    node('Cast', ['attention_mask'], ['mask_float'], { to: FLOAT }),
    node('Unsqueeze', ['mask_float', 'last_axis'], ['mask3']),
    node('Mul', ['normed', 'mask3'], ['hidden']),
  ];
  return { initializers, nodes };
}

function encodeModel(graphName, nodes, initializers, outputs) {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'ecg-llm-workspace make-tiny-models',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 17 }],
    graph: onnx.GraphProto.create({ name: graphName, node: nodes, initializer: initializers, input: INPUTS, output: outputs }),
  });
  const problem = onnx.ModelProto.verify(model);
  if (problem) throw new TypeError(`invalid ONNX model: ${problem}`);
  return onnx.ModelProto.encode(model).finish();
}

/** ONNX bytes of the tiny encoder (output `last_hidden_state`). */
export function tinyEncoderOnnx(vocabulary, hidden = TINY_HIDDEN_SIZE) {
  const { initializers, nodes } = trunk(vocabulary, hidden);
  nodes.push(node('Identity', ['hidden'], ['last_hidden_state']));
  return encodeModel('tiny_bert_encoder', nodes, initializers, [valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden])]);
}

/** ONNX bytes of the tiny cross-encoder (output `logits` [batch, 1]). */
export function tinyCrossEncoderOnnx(vocabulary, hidden = TINY_HIDDEN_SIZE) {
  const { initializers, nodes } = trunk(vocabulary, hidden);
  initializers.push(
    tensor('sequence_axis', [1], BigInt64Array.from([1n])),
    tensor('inverse_hidden', [], Float32Array.from([1 / hidden])),
    tensor('match_threshold', [], Float32Array.from([0.5])),
    tensor('match_scale', [], Float32Array.from([2])),
  );
  nodes.push(
    node('Cast', ['token_type_ids'], ['type_float'], { to: FLOAT }),
    node('Unsqueeze', ['type_float', 'last_axis'], ['type3']),
    node('Mul', ['hidden', 'type3'], ['passage_states']), // segment B (type 1)
    node('Sub', ['hidden', 'passage_states'], ['query_states']), // segment A (type 0), [CLS]/[SEP] are zero anyway
    node('Transpose', ['passage_states'], ['passage_states_t'], { perm: [0, 2, 1] }),
    node('MatMul', ['query_states', 'passage_states_t'], ['dot']), // [b, s, s]
    node('Mul', ['dot', 'inverse_hidden'], ['cosine']), // content tokens have length sqrt(hidden)
    node('ReduceMax', ['cosine'], ['best_match'], { axes: [2], keepdims: 0 }), // [b, s]
    node('Sub', ['best_match', 'match_threshold'], ['above']),
    node('Relu', ['above'], ['kept']),
    node('Mul', ['kept', 'match_scale'], ['matched']),
    node('ReduceSum', ['matched', 'sequence_axis'], ['logits'], { keepdims: 1 }), // [b, 1]
  );
  return encodeModel('tiny_bert_cross_encoder', nodes, initializers, [valueInfo('logits', FLOAT, ['batch_size', 1])]);
}

/** tokenizer.json (Hugging Face tokenizers format) for a BERT WordPiece tokenizer over `vocabulary`. */
export function tinyTokenizerJson(vocabulary) {
  const special = (token) => ({ id: token, type_id: 0 });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((token) => ({
      id: vocabulary[token],
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [vocabulary[token]], tokens: [token] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: vocabulary },
  };
}

function tokenizerConfig() {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: TINY_MAX_LENGTH,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
}

function bertConfig(vocabulary, hidden, extra = {}) {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hidden,
    vocab_size: Object.keys(vocabulary).length,
    type_vocab_size: 2,
    max_position_embeddings: TINY_MAX_LENGTH,
    pad_token_id: vocabulary['[PAD]'],
    ...extra,
  };
}

async function writeAtomically(path, data) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

async function writeModelFolder(directory, files) {
  for (const [name, data] of Object.entries(files)) await writeAtomically(join(directory, name), data);
  return directory;
}

/** Writes the tiny encoder folder; returns its path. */
export async function makeTinyEncoder(directory, options = {}) {
  const hidden = options.hiddenSize ?? TINY_HIDDEN_SIZE;
  const vocabulary = buildVocabulary(options.extraWords);
  return writeModelFolder(directory, {
    'config.json': json(bertConfig(vocabulary, hidden)),
    'tokenizer.json': json(tinyTokenizerJson(vocabulary)),
    'tokenizer_config.json': json(tokenizerConfig()),
    'onnx/model.onnx': tinyEncoderOnnx(vocabulary, hidden),
  });
}

/** Writes the tiny cross-encoder folder; returns its path. */
export async function makeTinyCrossEncoder(directory, options = {}) {
  const hidden = options.hiddenSize ?? TINY_HIDDEN_SIZE;
  const vocabulary = buildVocabulary(options.extraWords);
  return writeModelFolder(directory, {
    'config.json': json(
      bertConfig(vocabulary, hidden, {
        architectures: ['BertForSequenceClassification'],
        id2label: { 0: 'LABEL_0' },
        label2id: { LABEL_0: 0 },
        // One logit; a sigmoid (not a softmax over one value, which is always 1) turns it into a probability.
        problem_type: 'multi_label_classification',
      }),
    ),
    'tokenizer.json': json(tinyTokenizerJson(vocabulary)),
    'tokenizer_config.json': json(tokenizerConfig()),
    'onnx/model.onnx': tinyCrossEncoderOnnx(vocabulary, hidden),
  });
}

/** Writes both tiny models under `outputDirectory`; returns their folders. */
export async function makeTinyModels(outputDirectory, options = {}) {
  const encoder = await makeTinyEncoder(join(outputDirectory, TINY_ENCODER_NAME), options);
  const crossEncoder = await makeTinyCrossEncoder(join(outputDirectory, TINY_CROSS_ENCODER_NAME), options);
  return { encoder, crossEncoder };
}

// ------------------------------------------------------------------------------------------------------------
// BERT-shaped models with random weights, for benchmarks: the same architecture and sizes as the real models
// (PubMedBERT is BERT-base: 12 layers, hidden 768, 12 heads, feed-forward 3072; ms-marco-MiniLM-L-2-v2 has 2
// layers, hidden 384, 12 heads, feed-forward 1536), so they cost the same CPU time per token, while their outputs
// are meaningless. Post-LayerNorm transformer layers as in BERT: x = LN(x + Attention(x)); x = LN(x + FFN(x)),
// FFN(x) = GELU(x W1 + b1) W2 + b2 with the exact (erf) GELU; padding masked with a -10000 additive bias.

/** BERT-base, the shape of neuml/pubmedbert-base-embeddings. */
export const BERT_BASE_SHAPE = { layers: 12, hidden: 768, heads: 12, intermediate: 3072 };
/** The shape of cross-encoder/ms-marco-MiniLM-L-2-v2. */
export const MINILM_L2_SHAPE = { layers: 2, hidden: 384, heads: 12, intermediate: 1536 };

function randomWeights(name, count, scale = 0.02) {
  const random = mulberry32(fnv1a(name));
  const values = new Float32Array(count);
  const half = scale * Math.sqrt(3); // uniform(-half, half) has standard deviation `scale`
  for (let index = 0; index < count; index++) values[index] = (random() * 2 - 1) * half;
  return values;
}

function scalar(name, value) {
  return tensor(name, [], Float32Array.from([value]));
}

function ints(name, values) {
  return tensor(name, [values.length], BigInt64Array.from(values.map(BigInt)));
}

/** ONNX bytes of a BERT-shaped encoder (output `last_hidden_state`), or with `classifier` a 1-logit classifier. */
export function bertShapedOnnx(vocabulary, shape, options = {}) {
  const { layers, hidden, heads, intermediate } = shape;
  const headSize = hidden / heads;
  const size = Object.keys(vocabulary).length;
  const initializers = [
    tensor('word_embeddings', [size, hidden], randomWeights('word_embeddings', size * hidden)),
    tensor('position_embeddings', [TINY_MAX_LENGTH, hidden], randomWeights('position_embeddings', TINY_MAX_LENGTH * hidden)),
    tensor('token_type_embeddings', [2, hidden], randomWeights('token_type_embeddings', 2 * hidden)),
    tensor('ones', [hidden], new Float32Array(hidden).fill(1)),
    tensor('zeros', [hidden], new Float32Array(hidden)),
    ints('axis_one', [1]),
    ints('axes_one_two', [1, 2]),
    ints('split_heads', [0, 0, heads, headSize]),
    ints('merge_heads', [0, 0, hidden]),
    scalar('zero_scalar', 0),
    scalar('one_scalar', 1),
    scalar('mask_penalty', -10000),
    scalar('attention_scale', 1 / Math.sqrt(headSize)),
    scalar('half', 0.5),
    scalar('inverse_sqrt2', Math.SQRT1_2),
    tensor('position_start', [], BigInt64Array.from([0n])),
    tensor('position_step', [], BigInt64Array.from([1n])),
    tensor('sequence_axis_index', [], BigInt64Array.from([1n])),
  ];
  const nodes = [
    // Position ids 0..s-1.
    node('Shape', ['input_ids'], ['input_shape']),
    node('Gather', ['input_shape', 'sequence_axis_index'], ['sequence_length_scalar'], { axis: 0 }),
    node('Range', ['position_start', 'sequence_length_scalar', 'position_step'], ['position_ids']),
    node('Gather', ['word_embeddings', 'input_ids'], ['words'], { axis: 0 }),
    node('Gather', ['position_embeddings', 'position_ids'], ['positions'], { axis: 0 }),
    node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types'], { axis: 0 }),
    node('Add', ['words', 'positions'], ['words_positions']),
    node('Add', ['words_positions', 'types'], ['embedded']),
    node('LayerNormalization', ['embedded', 'ones', 'zeros'], ['x0'], { axis: -1, epsilon: 1e-12 }),
    // Additive attention mask [b, 1, 1, s].
    node('Cast', ['attention_mask'], ['mask_float'], { to: FLOAT }),
    node('Sub', ['one_scalar', 'mask_float'], ['mask_inverse']),
    node('Mul', ['mask_inverse', 'mask_penalty'], ['mask_bias_2d']),
    node('Unsqueeze', ['mask_bias_2d', 'axes_one_two'], ['mask_bias']),
  ];
  let x = 'x0';
  for (let layer = 0; layer < layers; layer++) {
    const p = `layer${layer}`;
    const linear = (input, name, inputSize, outputSize) => {
      initializers.push(
        tensor(`${p}_${name}_weight`, [inputSize, outputSize], randomWeights(`${p}_${name}_weight`, inputSize * outputSize)),
        tensor(`${p}_${name}_bias`, [outputSize], new Float32Array(outputSize)),
      );
      nodes.push(node('MatMul', [input, `${p}_${name}_weight`], [`${p}_${name}_product`]), node('Add', [`${p}_${name}_product`, `${p}_${name}_bias`], [`${p}_${name}`]));
      return `${p}_${name}`;
    };
    const heads4 = (input, name, permutation) => {
      nodes.push(node('Reshape', [input, 'split_heads'], [`${p}_${name}_split`]), node('Transpose', [`${p}_${name}_split`], [`${p}_${name}_heads`], { perm: permutation }));
      return `${p}_${name}_heads`;
    };
    const query = heads4(linear(x, 'query', hidden, hidden), 'query', [0, 2, 1, 3]); // [b, h, s, d]
    const key = heads4(linear(x, 'key', hidden, hidden), 'key', [0, 2, 3, 1]); // [b, h, d, s]
    const value = heads4(linear(x, 'value', hidden, hidden), 'value', [0, 2, 1, 3]);
    nodes.push(
      node('MatMul', [query, key], [`${p}_scores_raw`]),
      node('Mul', [`${p}_scores_raw`, 'attention_scale'], [`${p}_scores_scaled`]),
      node('Add', [`${p}_scores_scaled`, 'mask_bias'], [`${p}_scores`]),
      node('Softmax', [`${p}_scores`], [`${p}_probabilities`], { axis: -1 }),
      node('MatMul', [`${p}_probabilities`, value], [`${p}_context_heads`]),
      node('Transpose', [`${p}_context_heads`], [`${p}_context_split`], { perm: [0, 2, 1, 3] }),
      node('Reshape', [`${p}_context_split`, 'merge_heads'], [`${p}_context`]),
    );
    const attention = linear(`${p}_context`, 'attention_output', hidden, hidden);
    nodes.push(node('Add', [x, attention], [`${p}_attention_residual`]), node('LayerNormalization', [`${p}_attention_residual`, 'ones', 'zeros'], [`${p}_attended`], { axis: -1, epsilon: 1e-12 }));
    const up = linear(`${p}_attended`, 'intermediate', hidden, intermediate);
    nodes.push(
      node('Mul', [up, 'inverse_sqrt2'], [`${p}_gelu_scaled`]),
      node('Erf', [`${p}_gelu_scaled`], [`${p}_gelu_erf`]),
      node('Add', [`${p}_gelu_erf`, 'one_scalar'], [`${p}_gelu_shifted`]),
      node('Mul', [up, `${p}_gelu_shifted`], [`${p}_gelu_product`]),
      node('Mul', [`${p}_gelu_product`, 'half'], [`${p}_gelu`]),
    );
    const down = linear(`${p}_gelu`, 'output', intermediate, hidden);
    nodes.push(node('Add', [`${p}_attended`, down], [`${p}_output_residual`]), node('LayerNormalization', [`${p}_output_residual`, 'ones', 'zeros'], [`${p}_out`], { axis: -1, epsilon: 1e-12 }));
    x = `${p}_out`;
  }
  if (!options.classifier) {
    nodes.push(node('Identity', [x], ['last_hidden_state']));
    return encodeModel('bert_shaped_encoder', nodes, initializers, [valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden])]);
  }
  // Pooler (the [CLS] state through a dense tanh layer) and a one-logit classifier, as BertForSequenceClassification.
  initializers.push(
    tensor('cls_index', [], BigInt64Array.from([0n])),
    tensor('pooler_weight', [hidden, hidden], randomWeights('pooler_weight', hidden * hidden)),
    tensor('pooler_bias', [hidden], new Float32Array(hidden)),
    tensor('classifier_weight', [hidden, 1], randomWeights('classifier_weight', hidden)),
    tensor('classifier_bias', [1], new Float32Array(1)),
  );
  nodes.push(
    node('Gather', [x, 'cls_index'], ['cls_state'], { axis: 1 }),
    node('MatMul', ['cls_state', 'pooler_weight'], ['pooled_product']),
    node('Add', ['pooled_product', 'pooler_bias'], ['pooled_linear']),
    node('Tanh', ['pooled_linear'], ['pooled']),
    node('MatMul', ['pooled', 'classifier_weight'], ['logits_product']),
    node('Add', ['logits_product', 'classifier_bias'], ['logits']),
  );
  return encodeModel('bert_shaped_classifier', nodes, initializers, [valueInfo('logits', FLOAT, ['batch_size', 1])]);
}

/**
 * Writes a BERT-shaped encoder with random weights (for benchmarks); returns its folder. Give the corpus's words
 * as `extraWords` so that texts tokenize into about as many tokens as with a real 30,000-piece vocabulary
 * (attention cost grows with the square of the length).
 */
export async function makeBertShapedEncoder(directory, shape = BERT_BASE_SHAPE, options = {}) {
  const vocabulary = buildVocabulary(options.extraWords);
  return writeModelFolder(directory, {
    'config.json': json(bertConfig(vocabulary, shape.hidden, { num_hidden_layers: shape.layers, num_attention_heads: shape.heads, intermediate_size: shape.intermediate })),
    'tokenizer.json': json(tinyTokenizerJson(vocabulary)),
    'tokenizer_config.json': json(tokenizerConfig()),
    'onnx/model.onnx': bertShapedOnnx(vocabulary, shape),
  });
}

/** Writes a BERT-shaped one-logit cross-encoder with random weights (for benchmarks); returns its folder. */
export async function makeBertShapedCrossEncoder(directory, shape = MINILM_L2_SHAPE, options = {}) {
  const vocabulary = buildVocabulary(options.extraWords);
  return writeModelFolder(directory, {
    'config.json': json(
      bertConfig(vocabulary, shape.hidden, {
        architectures: ['BertForSequenceClassification'],
        num_hidden_layers: shape.layers,
        num_attention_heads: shape.heads,
        intermediate_size: shape.intermediate,
        id2label: { 0: 'LABEL_0' },
        label2id: { LABEL_0: 0 },
        problem_type: 'multi_label_classification',
      }),
    ),
    'tokenizer.json': json(tinyTokenizerJson(vocabulary)),
    'tokenizer_config.json': json(tokenizerConfig()),
    'onnx/model.onnx': bertShapedOnnx(vocabulary, shape, { classifier: true }),
  });
}

// ------------------------------------------------------------------------------------------------------------
// A tiny encoder that also exports per-layer hidden states, for BERTScore (which reads one chosen hidden layer,
// layer 17 of roberta-large in the paper). Outputs, named as Hugging Face's `hidden_states` tuple is indexed:
//   hidden_states.0   LayerNorm(word vector)                 (the "embedding layer")
//   hidden_states.k   tanh(hidden_states.(k-1) · A_k), k = 1..TINY_LAYERED_LAYERS
//   last_hidden_state the last of these.
// Unlike the retrieval encoder, EVERY token (special tokens and function words too) has a non-zero pseudo-random
// vector: BERTScore divides by vector norms, and real models never output exact zero vectors. There is no
// attention, so a token's states do not depend on its neighbours or on padding; tests can recompute them.

/** Number of layers of the tiny layered encoder (outputs hidden_states.0 .. hidden_states.N). */
export const TINY_LAYERED_LAYERS = 2;
export const TINY_LAYERED_ENCODER_NAME = 'tiny-bert-layered-encoder';

/** The raw word vector of the layered encoder: uniform in [-1, 1), seeded from the token (never zero). */
export function layeredTokenVector(token, hidden = TINY_HIDDEN_SIZE) {
  const random = mulberry32(fnv1a(`layered:${token}`));
  const vector = new Float32Array(hidden);
  for (let dimension = 0; dimension < hidden; dimension++) vector[dimension] = random() * 2 - 1;
  return vector;
}

/** A_k of layer k (row-major [hidden, hidden]), uniform in [-1, 1) / sqrt(hidden). */
export function layeredLayerMatrix(layer, hidden = TINY_HIDDEN_SIZE) {
  const random = mulberry32(fnv1a(`layered-matrix:${layer}`));
  const matrix = new Float32Array(hidden * hidden);
  const scale = 1 / Math.sqrt(hidden);
  for (let index = 0; index < matrix.length; index++) matrix[index] = (random() * 2 - 1) * scale;
  return matrix;
}

/** ONNX bytes of the tiny layered encoder. */
export function tinyLayeredEncoderOnnx(vocabulary, hidden = TINY_HIDDEN_SIZE, layers = TINY_LAYERED_LAYERS) {
  const entries = Object.entries(vocabulary);
  const table = new Float32Array(entries.length * hidden);
  for (const [token, id] of entries) table.set(layeredTokenVector(token, hidden), id * hidden);
  const initializers = [
    tensor('word_embeddings', [entries.length, hidden], table),
    tensor('layer_norm_gamma', [hidden], new Float32Array(hidden).fill(1)),
    tensor('layer_norm_beta', [hidden], new Float32Array(hidden)),
  ];
  const nodes = [
    node('Gather', ['word_embeddings', 'input_ids'], ['words'], { axis: 0 }),
    node('LayerNormalization', ['words', 'layer_norm_gamma', 'layer_norm_beta'], ['state_0'], { axis: -1, epsilon: 1e-12 }),
    node('Identity', ['state_0'], ['hidden_states.0']),
  ];
  const outputs = [valueInfo('hidden_states.0', FLOAT, ['batch_size', 'sequence_length', hidden])];
  for (let layer = 1; layer <= layers; layer++) {
    initializers.push(tensor(`layer_${layer}_matrix`, [hidden, hidden], layeredLayerMatrix(layer, hidden)));
    nodes.push(
      node('MatMul', [`state_${layer - 1}`, `layer_${layer}_matrix`], [`linear_${layer}`]),
      node('Tanh', [`linear_${layer}`], [`state_${layer}`]),
      node('Identity', [`state_${layer}`], [`hidden_states.${layer}`]),
    );
    outputs.push(valueInfo(`hidden_states.${layer}`, FLOAT, ['batch_size', 'sequence_length', hidden]));
  }
  nodes.push(node('Identity', [`state_${layers}`], ['last_hidden_state']));
  outputs.unshift(valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden]));
  return encodeModel('tiny_bert_layered_encoder', nodes, initializers, outputs);
}

/** Writes the tiny layered encoder folder; returns its path. */
export async function makeTinyLayeredEncoder(directory, options = {}) {
  const hidden = options.hiddenSize ?? TINY_HIDDEN_SIZE;
  const vocabulary = buildVocabulary(options.extraWords);
  return writeModelFolder(directory, {
    'config.json': json(bertConfig(vocabulary, hidden, { num_hidden_layers: TINY_LAYERED_LAYERS })),
    'tokenizer.json': json(tinyTokenizerJson(vocabulary)),
    'tokenizer_config.json': json(tokenizerConfig()),
    'onnx/model.onnx': tinyLayeredEncoderOnnx(vocabulary, hidden),
  });
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const output = resolve(process.argv[2] ?? join(process.env.ECG_LLM_CACHE_DIR ?? join(root, '.cache'), 'tiny-models'));
  const { encoder, crossEncoder } = await makeTinyModels(output);
  process.stdout.write(`tiny encoder:       ${encoder}\ntiny cross-encoder: ${crossEncoder}\n`);
}
