/**
 * The embedded llama-cpp provider on the tiny GGUF model that scripts/make-tiny-gguf.mjs generates, run by the
 * real node-llama-cpp / llama.cpp. The model's text is meaningless; what is asserted is computed independently:
 * - the prompt is the model's own ChatML template (`tokenizer.chat_template` of the GGUF), so the input token
 *   count equals node-llama-cpp's tokenisation of the ChatML text written out by hand here;
 * - log-probabilities equal the natural logarithm of the next-token distribution of a bare node-llama-cpp context
 *   (`controlledEvaluate` with `probabilities: true`, the softmax llama.cpp computes over the whole vocabulary), and exp() of the full distribution sums to 1;
 * - a LoRA adapter W' = W + scale·(alpha/rank)·B·A on output.weight (llama.cpp's LoRA definition, see
 *   llama-adapter.cpp / the LoRA paper, Hu et al. 2021, eq. 3) changes the logit of exactly one token, by an
 *   amount proportional to the scale;
 * - the adapter's and the model's sha256 (node:crypto over the file bytes here) appear in describe().
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputFileError, InvalidArgumentError, NotFoundError } from '../../../lib/core/errors.js';
import { createModelStack } from '../../../lib/llm/model-stack.js';
import { ContextTooSmallError, disposeEmbeddedModels, LlamaCppChatModel } from '../../../lib/llm/providers/llama-cpp.js';
import { createChatModel } from '../../../lib/llm/providers/provider-registry.js';
import { responseFormatFor } from '../../../lib/llm/structured-output.js';
import { TINY_LORA_TOKEN } from '../../../scripts/make-tiny-gguf.mjs';
import { useTinyGguf } from '../../helpers/tiny-gguf.js';

const tiny = useTinyGguf();
afterAll(() => disposeEmbeddedModels());

const sha256 = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');
const question = [{ role: 'user' as const, content: 'What is the qrs?' }];

/** An independent log-softmax of the first answer token, from llama.cpp's raw logits. */
async function referenceLogSoftmax(modelPath: string, promptText: string, adapter?: { path: string; scale: number }): Promise<Map<number, number>> {
  const { getLlama } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' as never });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 256, threads: 1, ...(adapter ? { lora: { adapters: [{ filePath: adapter.path, scale: adapter.scale }] } } : {}) });
  try {
    const tokens = model.tokenize(promptText, true);
    // A bare node-llama-cpp context (none of the provider's code: its own tokenisation of the hand-written ChatML
    // prompt), whose next-token distribution is llama.cpp's softmax over the whole vocabulary.
    const results = await context.getSequence().controlledEvaluate([...tokens.slice(0, -1), [tokens.at(-1) as never, { generateNext: { probabilities: true } }]]);
    const probabilities = [...(results.at(-1)?.next?.probabilities ?? new Map()).entries()] as Array<[number, number]>;
    return new Map(probabilities.map(([token, probability]) => [token, Math.log(probability)]));
  } finally {
    await context.dispose();
    await model.dispose();
  }
}

// node-llama-cpp resolves the GGUF's ChatML Jinja template to its ChatML wrapper, which starts with BOS (<s>).
const CHATML_PROMPT = '<s><|im_start|>user\nWhat is the qrs?<|im_end|>\n<|im_start|>assistant\n';

describe('llama-cpp provider', () => {
  it('is registered, chats through the model stack with the model chat template, and caches the reply', async () => {
    const cacheDirectory = join(tiny.root, 'cache-chat');
    const stack = createModelStack({ provider: 'llama-cpp', model: tiny.model, threads: 1, cache: { directory: cacheDirectory } });
    const first = await stack.model.chat({ messages: question, maxTokens: 12 });
    expect(first.text.length).toBeGreaterThan(0);
    expect(first.usage.outputTokens).toBeGreaterThan(0);
    expect(first.usage.outputTokens).toBeLessThanOrEqual(12);
    // The ChatML template rendered by hand, tokenised by llama.cpp's own tokenizer.
    const { getLlama } = await import('node-llama-cpp');
    const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' as never });
    const reference = await llama.loadModel({ modelPath: tiny.model });
    expect(first.usage.inputTokens).toBe(reference.tokenize(CHATML_PROMPT, true).length);
    await reference.dispose();
    const second = await stack.model.chat({ messages: question, maxTokens: 12 });
    expect(second.text).toBe(first.text);
    expect(stack.report().cache).toMatchObject({ hits: 1, misses: 1 });
    expect(stack.report().usage.totals.costUsd).toBe(0);
    const reference2 = await stack.describe();
    expect(reference2).toMatchObject({ provider: 'llama-cpp', digest: `sha256:${await sha256(tiny.model)}` });
  });

  it('is deterministic at temperature 0 and repeatable with a seed at temperature 1', async () => {
    const model = createChatModel({ provider: 'llama-cpp', model: tiny.model, threads: 1 });
    const a = await model.chat({ messages: question, maxTokens: 10 });
    const b = await model.chat({ messages: question, maxTokens: 10 });
    expect(b.text).toBe(a.text);
    const hot = (seed: number) => model.chat({ messages: question, maxTokens: 16, temperature: 1, seed });
    const [c, d] = [await hot(7), await hot(7)];
    expect(d.text).toBe(c.text);
  });

  it('constrains the reply to a JSON schema, so it parses into the schema', async () => {
    const schema = z.object({ question: z.string(), answer: z.string() });
    const model = createChatModel({ provider: 'llama-cpp', model: tiny.model, threads: 1 });
    for (const seed of [1, 2, 3]) {
      const reply = await model.chat({ messages: question, maxTokens: 400, temperature: 0.8, seed, responseFormat: responseFormatFor(schema, 'qa') });
      expect(reply.finishReason).toBe('stop');
      expect(schema.safeParse(JSON.parse(reply.text)).success).toBe(true);
    }
  });

  it('returns log-probabilities equal to the log-softmax of the raw logits, normalised over the vocabulary', async () => {
    const model = createChatModel({ provider: 'llama-cpp', model: tiny.model, threads: 1 });
    const reply = await model.chat({ messages: question, maxTokens: 3, topLogprobs: 5 });
    expect(reply.logprobs).toHaveLength(reply.usage.outputTokens);
    const first = reply.logprobs?.[0];
    const top = first?.top ?? [];
    expect(top).toHaveLength(5);
    for (let index = 1; index < top.length; index++) expect(top[index - 1]!.logprob).toBeGreaterThanOrEqual(top[index]!.logprob);
    // Greedy decoding picks the most probable token.
    expect(first?.logprob).toBeCloseTo(top[0]!.logprob, 9);
    const expected = [...(await referenceLogSoftmax(tiny.model, CHATML_PROMPT)).values()].sort((a, b) => b - a);
    top.forEach((entry, index) => expect(entry.logprob).toBeCloseTo(expected[index]!, 5));
    // Asking for more alternatives than the vocabulary has returns the whole distribution: sum of exp = 1.
    const whole = await model.chat({ messages: question, maxTokens: 1, topLogprobs: 100_000 });
    const total = (whole.logprobs?.[0]?.top ?? []).reduce((sum, entry) => sum + Math.exp(entry.logprob), 0);
    expect(whole.logprobs?.[0]?.top?.length).toBe(expected.length);
    expect(total).toBeCloseTo(1, 6);
    expect(whole.text).toBe(reply.logprobs?.[0]?.token.trimStart());
  });

  it('loads a LoRA adapter: its sha256 is in describe() and it raises exactly one logit in proportion to the scale', async () => {
    const base = new LlamaCppChatModel({ model: tiny.model, threads: 1 });
    const adapted = (scale: number) => new LlamaCppChatModel({ model: tiny.model, threads: 1, adapter: tiny.adapter, adapterScale: scale });
    const described = await adapted(1).describe();
    expect(described.parameters).toMatchObject({ adapter: { sha256: await sha256(tiny.adapter), scale: 1 } });
    expect((await base.describe()).parameters).not.toHaveProperty('adapter');
    const distribution = async (model: LlamaCppChatModel) => {
      const reply = await model.chat({ messages: question, maxTokens: 1, topLogprobs: 100_000 });
      return new Map((reply.logprobs?.[0]?.top ?? []).map((entry) => [entry.token, entry.logprob]));
    };
    const withoutAdapter = await distribution(base);
    const scaleOne = await distribution(adapted(1));
    const scaleTwo = await distribution(adapted(2));
    const boosted = TINY_LORA_TOKEN.replace('▁', ' ');
    expect(withoutAdapter.has(boosted)).toBe(true);
    // Printable pieces only: byte tokens all render as replacement characters and would collide as map keys.
    // Tokens whose probability stays representable (float32 probabilities underflow to 0 far below the boosted one).
    const finite = (token: string) => [withoutAdapter, scaleOne, scaleTwo].every((map) => Number.isFinite(map.get(token)));
    const others = [...withoutAdapter.keys()].filter((token) => token !== boosted && /^[ -~]+$/.test(token) && finite(token)).slice(0, 20);
    expect(others.length).toBeGreaterThan(5);
    const gap = (map: Map<string, number>, token: string) => (map.get(boosted) as number) - (map.get(token) as number);
    for (const token of others) {
      // Differences between untouched tokens do not change; the boosted token's gap grows linearly with the scale.
      expect((scaleOne.get(token) as number) - (scaleOne.get(others[0]!) as number)).toBeCloseTo((withoutAdapter.get(token) as number) - (withoutAdapter.get(others[0]!) as number), 3);
      const increaseOne = gap(scaleOne, token) - gap(withoutAdapter, token);
      const increaseTwo = gap(scaleTwo, token) - gap(withoutAdapter, token);
      expect(increaseOne).toBeGreaterThan(1);
      expect(increaseTwo).toBeCloseTo(2 * increaseOne, 2);
    }
  });

  it('turns a prompt longer than the context into a ContextTooSmallError', async () => {
    const model = createChatModel({ provider: 'llama-cpp', model: tiny.model, threads: 1, contextSize: 32 });
    const error = await model.chat({ messages: [{ role: 'user', content: 'the heart '.repeat(40) }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContextTooSmallError);
    expect((error as ContextTooSmallError).details).toMatchObject({ contextSize: 32 });
    expect((error as Error).message).toMatch(/contextSize/);
  });

  it('names a missing model file and refuses a corrupt one with typed errors', async () => {
    const missing = await createChatModel({ provider: 'llama-cpp', model: join(tiny.root, 'nope.gguf') }).chat({ messages: question }).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toContain('nope.gguf');
    const corruptPath = join(tiny.root, 'corrupt.gguf');
    const bytes = await readFile(tiny.model);
    await writeFile(corruptPath, bytes.subarray(0, 2000));
    const corrupt = await createChatModel({ provider: 'llama-cpp', model: corruptPath }).chat({ messages: question }).catch((caught: unknown) => caught);
    expect(corrupt).toBeInstanceOf(InputFileError);
    expect((corrupt as Error).message).toContain('corrupt.gguf');
    const notGguf = join(tiny.root, 'text.gguf');
    await writeFile(notGguf, 'this is not a model\n'.repeat(100));
    expect(await createChatModel({ provider: 'llama-cpp', model: notGguf }).chat({ messages: question }).catch((caught: unknown) => caught)).toBeInstanceOf(InputFileError);
    expect(() => createChatModel({ provider: 'llama-cpp', model: tiny.model, contextSize: 3 })).toThrow(InvalidArgumentError);
    expect(() => createChatModel({ provider: 'llama-cpp', model: tiny.model, contextSize: 2 ** 28 })).toThrow(InvalidArgumentError);
  });

  it('stops when the call is aborted and streams deltas', async () => {
    const model = createChatModel({ provider: 'llama-cpp', model: tiny.model, threads: 1 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const reason = new Error('stop now');
    const error = await model
      .chat({ messages: question, maxTokens: 500 }, { signal: controller.signal, onDelta: (delta) => {
        deltas.push(delta.text);
        if (deltas.length === 2) controller.abort(reason);
      } })
      .catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(deltas.length).toBeGreaterThanOrEqual(2);
    expect(deltas.length).toBeLessThan(500);
    // The shared context is usable afterwards.
    expect((await model.chat({ messages: question, maxTokens: 4 })).usage.outputTokens).toBeGreaterThan(0);
  });
});
