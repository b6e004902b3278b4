#!/usr/bin/env node
/**
 * Writes a tiny Llama-architecture chat model and a tiny LoRA adapter for it, both as GGUF files that
 * node-llama-cpp (llama.cpp) loads, so the embedded `llama-cpp` provider, the study and the notebooks can be
 * tested on a machine where no model weights can be downloaded:
 *
 *   <out>/tiny-llama-chat.gguf        2 layers, embedding 64, 4 heads, ChatML chat template, ~500 tokens, 16k context
 *   <out>/tiny-llama-lora.gguf        a rank-1 LoRA adapter on output.weight that raises one token's logit
 *
 * Usage: `node scripts/make-tiny-gguf.mjs [OUT_DIR]` (default `<workspace>/.cache/tiny-models`). The bytes are
 * identical on every run (a fixed-seed generator), so the files are generated at test time instead of being
 * committed. The output text of the model is meaningless; its *shape* is real: chat template, tokenizer,
 * sampling, JSON-schema grammars, log-probabilities, LoRA adapters and context limits all go through
 * llama.cpp's real code.
 *
 * ## File format (GGUF v3, as specified in ggml's docs/gguf.md)
 *
 *     magic "GGUF", u32 version = 3, u64 tensor count, u64 metadata count
 *     metadata: key (u64 length + UTF-8), u32 value type, value (arrays: u32 element type, u64 count, elements)
 *     tensor infos: name, u32 dimension count, u64 dimensions (ne[0], the contiguous axis, first), u32 type
 *                   (0 = F32), u64 offset from the start of the data section
 *     zero padding to `general.alignment` (32), then each tensor's little-endian data, each padded to 32.
 *
 * llama.cpp checks metadata types strictly: every `llama.*` count is UINT32, epsilon and rope base FLOAT32.
 *
 * ## What makes the random model usable: a "bias channel"
 *
 * Embedding dimension 0 is the constant 4 for every token, and no layer writes to it (row 0 of every
 * attn_output and ffn_down is zero). After the final RMSNorm it is a positive constant, so
 * output.weight[token][0] acts as a per-token logit bias: byte tokens get -8 (no invalid UTF-8), the `"` token
 * +1 (JSON strings close after a few dozen tokens), `<|im_end|>` +1 (replies end). The LoRA adapter uses the same
 * channel: lora_a picks dimension 0, lora_b adds {@link TINY_LORA_BOOST} to the logit of {@link TINY_LORA_TOKEN}.
 *
 * Keep the shapes as they are: llama.cpp aborts the whole process (an uncatchable GGML_ASSERT) on some
 * malformed hyperparameters instead of returning an error.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TINY_GGUF_NAME = 'tiny-llama-chat.gguf';
export const TINY_LORA_NAME = 'tiny-llama-lora.gguf';
/** The token whose logit the tiny adapter raises (a normal vocabulary token). */
export const TINY_LORA_TOKEN = '▁ecg';
/** How much the adapter adds to that token's logit at scale 1 (in units of the normalised bias channel). */
export const TINY_LORA_BOOST = 6;
/** The training context length written into the model. */
export const TINY_CONTEXT_LENGTH = 16384;

const EMBEDDING = 64;
const HEADS = 4;
const HEAD_DIMENSION = EMBEDDING / HEADS;
const FEED_FORWARD = 128;
const LAYERS = 2;
const ALIGNMENT = 32;
const BIAS_CONSTANT = 4;

const TYPE = { UINT32: 4, INT32: 5, FLOAT32: 6, BOOL: 7, STRING: 8, ARRAY: 9 };
const TOKEN_TYPE = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, BYTE: 6 };

const WORDS = `the and of to is in a an heart ecg wave qrs lead rate rhythm normal answer question yes no
interval atrial ventricular sinus block st segment because which patient signal`.split(/\s+/);

/** ChatML chat template (the same format as Qwen2.5's; node-llama-cpp recognises it as "ChatML"). */
const CHAT_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** mulberry32: a 32-bit-state generator; deterministic across platforms. */
function seededUniform(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a uniform generator. */
function seededNormal(seed) {
  const uniform = seededUniform(seed);
  return () => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** The SPM vocabulary: tokens, their scores and types. */
export function tinyVocabulary() {
  const tokens = [];
  const types = [];
  const add = (token, type) => {
    if (tokens.includes(token)) return;
    tokens.push(token);
    types.push(type);
  };
  add('<unk>', TOKEN_TYPE.UNKNOWN);
  add('<s>', TOKEN_TYPE.CONTROL);
  add('</s>', TOKEN_TYPE.CONTROL);
  add('<|im_start|>', TOKEN_TYPE.CONTROL);
  add('<|im_end|>', TOKEN_TYPE.CONTROL);
  for (let byte = 0; byte < 256; byte++) add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, TOKEN_TYPE.BYTE);
  add('▁', TOKEN_TYPE.NORMAL);
  for (let code = 0x21; code < 0x7f; code++) {
    add(String.fromCharCode(code), TOKEN_TYPE.NORMAL);
    add(`▁${String.fromCharCode(code)}`, TOKEN_TYPE.NORMAL);
  }
  // Every prefix of every word, with and without the word-start marker, so SPM's pair merges can reach it.
  for (const word of WORDS) {
    for (let length = 2; length <= word.length; length++) {
      add(word.slice(0, length), TOKEN_TYPE.NORMAL);
      add(`▁${word.slice(0, length)}`, TOKEN_TYPE.NORMAL);
    }
  }
  const scores = tokens.map((token, index) => (types[index] === TOKEN_TYPE.NORMAL ? -1000 + 10 * [...token].length : 0));
  return { tokens, types, scores };
}

class Writer {
  constructor() {
    this.chunks = [];
    this.length = 0;
  }
  push(buffer) {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(value) {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.push(buffer);
  }
  i32(value) {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32LE(value);
    this.push(buffer);
  }
  u64(value) {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.push(buffer);
  }
  f32(value) {
    const buffer = Buffer.alloc(4);
    buffer.writeFloatLE(value);
    this.push(buffer);
  }
  string(value) {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  pad() {
    const remainder = this.length % ALIGNMENT;
    if (remainder) this.push(Buffer.alloc(ALIGNMENT - remainder));
  }
  buffer() {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(writer, type, value) {
  switch (type) {
    case TYPE.UINT32:
      return writer.u32(value);
    case TYPE.INT32:
      return writer.i32(value);
    case TYPE.FLOAT32:
      return writer.f32(value);
    case TYPE.BOOL:
      return writer.push(Buffer.from([value ? 1 : 0]));
    case TYPE.STRING:
      return writer.string(value);
    default:
      throw new TypeError(`unsupported GGUF value type ${type}`);
  }
}

/**
 * Serialises a GGUF v3 file. `metadata`: [key, type, value] with arrays as [key, TYPE.ARRAY, [elementType, values]];
 * `tensors`: {name, dimensions (ne order), data: Float32Array}.
 */
export function encodeGguf(metadata, tensors) {
  const writer = new Writer();
  writer.push(Buffer.from('GGUF', 'ascii'));
  writer.u32(3);
  writer.u64(tensors.length);
  writer.u64(metadata.length);
  for (const [key, type, value] of metadata) {
    writer.string(key);
    writer.u32(type);
    if (type === TYPE.ARRAY) {
      const [elementType, values] = value;
      writer.u32(elementType);
      writer.u64(values.length);
      for (const element of values) writeValue(writer, elementType, element);
    } else {
      writeValue(writer, type, value);
    }
  }
  let offset = 0;
  const offsets = [];
  for (const tensor of tensors) {
    offsets.push(offset);
    offset += Math.ceil((tensor.data.length * 4) / ALIGNMENT) * ALIGNMENT;
  }
  tensors.forEach((tensor, index) => {
    writer.string(tensor.name);
    writer.u32(tensor.dimensions.length);
    for (const dimension of tensor.dimensions) writer.u64(dimension);
    writer.u32(0);
    writer.u64(offsets[index]);
  });
  writer.pad();
  for (const tensor of tensors) {
    const bytes = Buffer.alloc(tensor.data.length * 4);
    tensor.data.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
    writer.push(bytes);
    writer.pad();
  }
  return writer.buffer();
}

function randomTensor(name, dimensions, standardDeviation, normal) {
  const size = dimensions.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let index = 0; index < size; index++) data[index] = normal() * standardDeviation;
  return { name, dimensions, data };
}

function onesTensor(name, length) {
  return { name, dimensions: [length], data: new Float32Array(length).fill(1) };
}

/** Zeroes output row 0 (the bias channel) of a matrix with ne = [inputs, outputs]. */
function protectBiasChannel(tensor) {
  tensor.data.fill(0, 0, tensor.dimensions[0]);
  return tensor;
}

/** The tiny model's GGUF bytes. */
export function tinyGgufBytes() {
  const { tokens, types, scores } = tinyVocabulary();
  const vocabularySize = tokens.length;
  const normal = seededNormal(20251021);
  const embedding = randomTensor('token_embd.weight', [EMBEDDING, vocabularySize], 0.5, normal);
  for (let token = 0; token < vocabularySize; token++) embedding.data[token * EMBEDDING] = BIAS_CONSTANT;
  const output = randomTensor('output.weight', [EMBEDDING, vocabularySize], 0.5, normal);
  tokens.forEach((token, index) => {
    let bias = 0;
    if (types[index] === TOKEN_TYPE.BYTE) bias = -8;
    if (token === '"' || token === '<|im_end|>') bias = 1;
    output.data[index * EMBEDDING] = bias;
  });
  const tensors = [embedding, onesTensor('output_norm.weight', EMBEDDING), output];
  for (let layer = 0; layer < LAYERS; layer++) {
    const prefix = `blk.${layer}`;
    tensors.push(
      onesTensor(`${prefix}.attn_norm.weight`, EMBEDDING),
      randomTensor(`${prefix}.attn_q.weight`, [EMBEDDING, EMBEDDING], 0.05, normal),
      randomTensor(`${prefix}.attn_k.weight`, [EMBEDDING, EMBEDDING], 0.05, normal),
      randomTensor(`${prefix}.attn_v.weight`, [EMBEDDING, EMBEDDING], 0.05, normal),
      protectBiasChannel(randomTensor(`${prefix}.attn_output.weight`, [EMBEDDING, EMBEDDING], 0.05, normal)),
      onesTensor(`${prefix}.ffn_norm.weight`, EMBEDDING),
      randomTensor(`${prefix}.ffn_gate.weight`, [EMBEDDING, FEED_FORWARD], 0.05, normal),
      randomTensor(`${prefix}.ffn_up.weight`, [EMBEDDING, FEED_FORWARD], 0.05, normal),
      protectBiasChannel(randomTensor(`${prefix}.ffn_down.weight`, [FEED_FORWARD, EMBEDDING], 0.05, normal)),
    );
  }
  const metadata = [
    ['general.architecture', TYPE.STRING, 'llama'],
    ['general.name', TYPE.STRING, 'tiny-llama-chat (ecg-llm-workspace test model)'],
    ['general.alignment', TYPE.UINT32, ALIGNMENT],
    ['general.file_type', TYPE.UINT32, 0],
    ['llama.context_length', TYPE.UINT32, TINY_CONTEXT_LENGTH],
    ['llama.embedding_length', TYPE.UINT32, EMBEDDING],
    ['llama.block_count', TYPE.UINT32, LAYERS],
    ['llama.feed_forward_length', TYPE.UINT32, FEED_FORWARD],
    ['llama.attention.head_count', TYPE.UINT32, HEADS],
    ['llama.attention.head_count_kv', TYPE.UINT32, HEADS],
    ['llama.rope.dimension_count', TYPE.UINT32, HEAD_DIMENSION],
    ['llama.rope.freq_base', TYPE.FLOAT32, 10000],
    ['llama.attention.layer_norm_rms_epsilon', TYPE.FLOAT32, 1e-5],
    ['llama.vocab_size', TYPE.UINT32, vocabularySize],
    ['tokenizer.ggml.model', TYPE.STRING, 'llama'],
    ['tokenizer.ggml.tokens', TYPE.ARRAY, [TYPE.STRING, tokens]],
    ['tokenizer.ggml.scores', TYPE.ARRAY, [TYPE.FLOAT32, scores]],
    ['tokenizer.ggml.token_type', TYPE.ARRAY, [TYPE.INT32, types]],
    ['tokenizer.ggml.unknown_token_id', TYPE.UINT32, tokens.indexOf('<unk>')],
    ['tokenizer.ggml.bos_token_id', TYPE.UINT32, tokens.indexOf('<s>')],
    ['tokenizer.ggml.eos_token_id', TYPE.UINT32, tokens.indexOf('<|im_end|>')],
    ['tokenizer.ggml.add_bos_token', TYPE.BOOL, false],
    ['tokenizer.ggml.add_eos_token', TYPE.BOOL, false],
    ['tokenizer.chat_template', TYPE.STRING, CHAT_TEMPLATE],
  ];
  return encodeGguf(metadata, tensors);
}

/**
 * The tiny LoRA adapter's GGUF bytes (llama.cpp's adapter layout: general.type "adapter", adapter.type "lora",
 * adapter.lora.alpha; tensors `<weight>.lora_a` with ne [inputs, rank] and `<weight>.lora_b` with ne [rank, outputs]).
 */
export function tinyLoraBytes() {
  const { tokens } = tinyVocabulary();
  const rank = 1;
  const loraA = { name: 'output.weight.lora_a', dimensions: [EMBEDDING, rank], data: new Float32Array(EMBEDDING * rank) };
  loraA.data[0] = 1;
  const loraB = { name: 'output.weight.lora_b', dimensions: [rank, tokens.length], data: new Float32Array(rank * tokens.length) };
  loraB.data[tokens.indexOf(TINY_LORA_TOKEN)] = TINY_LORA_BOOST;
  const metadata = [
    ['general.architecture', TYPE.STRING, 'llama'],
    ['general.name', TYPE.STRING, 'tiny-llama-lora (ecg-llm-workspace test adapter)'],
    ['general.type', TYPE.STRING, 'adapter'],
    ['general.alignment', TYPE.UINT32, ALIGNMENT],
    ['adapter.type', TYPE.STRING, 'lora'],
    ['adapter.lora.alpha', TYPE.FLOAT32, rank],
  ];
  return encodeGguf(metadata, [loraA, loraB]);
}

async function writeAtomically(path, bytes) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return path;
}

/** Writes both files into `outputDirectory`; returns their paths. */
export async function makeTinyGguf(outputDirectory) {
  const model = await writeAtomically(join(outputDirectory, TINY_GGUF_NAME), tinyGgufBytes());
  const adapter = await writeAtomically(join(outputDirectory, TINY_LORA_NAME), tinyLoraBytes());
  return { model, adapter };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const output = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'tiny-models'));
  const written = await makeTinyGguf(output);
  process.stdout.write(`${written.model}\n${written.adapter}\n`);
}
