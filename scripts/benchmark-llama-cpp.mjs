#!/usr/bin/env node
/**
 * Benchmark of the embedded model (provider `llama-cpp`) on this machine:
 *  - decoding speed (output tokens per second) and prompt speed (prompt tokens per second) of the model;
 *  - the workspace's own overhead per model call: a call through createModelStack (cache, usage, retry) minus
 *    the same call on the bare provider (uncached), and the time of a call answered from the response cache.
 *
 * Usage: `npm run build && node scripts/benchmark-llama-cpp.mjs [--model default|PATH] [--threads N] [--repeat N]`.
 * Without --model it uses the embedded default LLM when downloaded, else the tiny generated test model (whose
 * speed says nothing about a real model). Prints one JSON object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createModelStack, defaultChatModelSettings, disposeEmbeddedModels, LlamaCppChatModel } from '../dist/index.js';

const { values } = parseArgs({ options: { model: { type: 'string' }, threads: { type: 'string' }, repeat: { type: 'string', default: '5' } } });
const repeat = Number(values.repeat);
const choice = values.model ? { kind: 'given', settings: { provider: 'llama-cpp', model: values.model } } : await defaultChatModelSettings();
const settings = { ...choice.settings, ...(values.threads ? { threads: Number(values.threads) } : {}) };
const provider = new LlamaCppChatModel(settings);
const question = [{ role: 'user', content: 'Explain in two sentences what the QRS complex of an ECG shows.' }];
const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

await provider.chat({ messages: question, maxTokens: 4 }); // load the model once
const decode = [];
for (let index = 0; index < repeat; index++) {
  const began = performance.now();
  const reply = await provider.chat({ messages: question, maxTokens: 128, seed: index, temperature: 0.7 });
  decode.push(reply.usage.outputTokens / ((performance.now() - began) / 1000));
}
const longPrompt = [{ role: 'user', content: 'the heart rate and rhythm of the ecg '.repeat(60) }];
const prompt = [];
for (let index = 0; index < repeat; index++) {
  const began = performance.now();
  const reply = await provider.chat({ messages: [...longPrompt, { role: 'user', content: String(index) }], maxTokens: 1 });
  prompt.push(reply.usage.inputTokens / ((performance.now() - began) / 1000));
}
const cacheDirectory = await mkdtemp(join(tmpdir(), 'ecg-llm-bench-'));
const stack = createModelStack({ ...settings, cache: { directory: cacheDirectory } });
const bare = [];
const stacked = [];
const cached = [];
for (let index = 0; index < repeat * 4; index++) {
  const request = { messages: [{ role: 'user', content: `Name lead ${index}.` }], maxTokens: 8 };
  let began = performance.now();
  await provider.chat(request);
  bare.push(performance.now() - began);
  began = performance.now();
  await stack.model.chat(request);
  stacked.push(performance.now() - began);
  began = performance.now();
  await stack.model.chat(request);
  cached.push(performance.now() - began);
}
await rm(cacheDirectory, { recursive: true, force: true });
const description = await provider.describe();
process.stdout.write(
  `${JSON.stringify(
    {
      model: { kind: choice.kind, id: description.id, digest: description.digest, threads: settings.threads ?? 'default' },
      decodeTokensPerSecond: Number(median(decode).toFixed(1)),
      promptTokensPerSecond: Number(median(prompt).toFixed(1)),
      overheadPerCallMs: {
        uncached: Number((median(stacked) - median(bare)).toFixed(2)),
        cachedCall: Number(median(cached).toFixed(2)),
        bareProviderCall: Number(median(bare).toFixed(2)),
      },
      repeat,
    },
    null,
    2,
  )}\n`,
);
await disposeEmbeddedModels();
