/**
 * The persistent response cache: explicit keys, hits with zero requests, modes, export/import/replay (offline),
 * two processes sharing one cache, and an entry store that survives `kill -9` of a writer.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashCanonical } from '../../lib/core/canonical-json.js';
import { ConfigurationError, InputFileError } from '../../lib/core/errors.js';
import { CachedChatModel, cacheModeFromEnvironment } from '../../lib/llm/cached-chat-model.js';
import type { ChatRequest } from '../../lib/llm/chat-model.js';
import { createModelStack } from '../../lib/llm/model-stack.js';
import { createChatModel } from '../../lib/llm/providers/provider-registry.js';
import { CacheMissError, cacheKeyFor, cacheKeyHash, ResponseCache } from '../../lib/llm/response-cache.js';
import { responseFormatFor } from '../../lib/llm/structured-output.js';
import { z } from 'zod';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startAnthropicServer, startOllamaServer, type RecordedRequest, useTestServers } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-cache-');
const track = useTestServers();

/** Replies "reply to <last user message>" (optionally padded to `size` characters). */
const echo = (size = 0) => (request: RecordedRequest) => {
  const messages = (request.body as { messages: Array<{ content: string }> }).messages;
  const text = `reply to ${messages[messages.length - 1]?.content ?? ''}`;
  return { text: size > text.length ? text + ' '.repeat(size - text.length) : text };
};

const identity = { provider: 'ollama', model: 'llama3.1:8b', digest: 'd'.repeat(64), parameters: {} };
const base: ChatRequest = { messages: [{ role: 'user', content: 'Define the QT interval.' }] };

describe('cache keys', () => {
  it('contain exactly the output-affecting fields, and each of them changes the hash', () => {
    const key = cacheKeyFor(identity, base);
    expect(Object.keys(key).sort()).toEqual(
      ['keyVersion', 'provider', 'model', 'modelDigest', 'providerSettings', 'messages', 'temperature', 'topP', 'maxTokens', 'seed', 'stop', 'responseSchemaHash', 'topLogprobs'].sort(),
    );
    const variants: ChatRequest[] = [
      { ...base, messages: [{ role: 'user', content: 'Define the PR interval.' }] },
      { ...base, messages: [{ role: 'system', content: 'Be brief.' }, ...base.messages] },
      { ...base, temperature: 0.1 },
      { ...base, topP: 0.9 },
      { ...base, maxTokens: 100 },
      { ...base, seed: 1 },
      { ...base, stop: ['\n'] },
      { ...base, topLogprobs: 3 },
      { ...base, responseFormat: responseFormatFor(z.object({ a: z.string() })) },
      { ...base, responseFormat: responseFormatFor(z.object({ a: z.number() })) },
    ];
    const hashes = new Set([cacheKeyHash(key), ...variants.map((variant) => cacheKeyHash(cacheKeyFor(identity, variant)))]);
    expect(hashes.size).toBe(variants.length + 1);
    const otherModels = [
      { ...identity, model: 'llama3.1:70b' },
      { ...identity, digest: 'e'.repeat(64) },
      { ...identity, provider: 'openai-compatible' },
      { ...identity, parameters: { apiVersion: '2023-06-01' } },
    ];
    for (const other of otherModels) expect(cacheKeyHash(cacheKeyFor(other, base))).not.toBe(cacheKeyHash(key));
  });

  it('is the SHA-256 of the canonical JSON, whatever the order of fields', () => {
    const key = cacheKeyFor(identity, { seed: 3, temperature: 0, messages: base.messages });
    const reordered = cacheKeyFor(identity, { messages: base.messages, temperature: 0, seed: 3 });
    expect(cacheKeyHash(key)).toBe(cacheKeyHash(reordered));
    expect(cacheKeyHash(key)).toBe(hashCanonical(key));
    // Extra, non-output fields on messages never reach the key.
    const noisy = cacheKeyFor(identity, { messages: [{ role: 'user', content: 'Define the QT interval.', note: 'x' } as never] });
    expect(cacheKeyHash(noisy)).toBe(cacheKeyHash(cacheKeyFor(identity, base)));
  });

  it('reads ECG_LLM_CACHE and rejects unknown modes', () => {
    expect(cacheModeFromEnvironment({})).toBe('on');
    expect(cacheModeFromEnvironment({ ECG_LLM_CACHE: 'Replay' })).toBe('replay');
    expect(() => cacheModeFromEnvironment({ ECG_LLM_CACHE: 'sometimes' })).toThrow(ConfigurationError);
  });
});

describe('cached model', () => {
  it('answers a re-run from the cache with zero requests reaching the server', async () => {
    const directory = await temporaryDirectory();
    const server = await track(startOllamaServer(echo()));
    const questions = ['P wave?', 'QRS width?', 'QT interval?'].map((content) => ({ messages: [{ role: 'user' as const, content }] }));
    const first = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory } });
    const firstReplies = await Promise.all(questions.map((question) => first.model.chat(question)));
    expect(firstReplies.map((reply) => reply.cached)).toEqual([false, false, false]);
    const requestsAfterFirstRun = server.requests.length;
    expect(server.generations).toHaveLength(3);

    const second = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory } });
    const secondReplies = await Promise.all(questions.map((question) => second.model.chat(question)));
    expect(secondReplies.map((reply) => reply.text)).toEqual(firstReplies.map((reply) => reply.text));
    expect(secondReplies.map((reply) => reply.cached)).toEqual([true, true, true]);
    // Only the model identity (/api/tags) was asked; no generation.
    expect(server.generations).toHaveLength(3);
    expect(server.requests.slice(requestsAfterFirstRun).map((call) => call.path)).toEqual(['/api/tags']);
    const report = second.report();
    expect(report.cache).toMatchObject({ mode: 'on', hits: 3, misses: 0, writes: 0 });
    expect(report.usage.totals).toMatchObject({ requests: 0, cachedReplies: 3, inputTokens: 0 });
  });

  it('re-runs an Anthropic job with zero requests reaching the server', async () => {
    const directory = await temporaryDirectory();
    const key = 'sk-ant-api03-cachetest-0123456789abcdef';
    const server = await track(startAnthropicServer(echo(), { apiKey: key }));
    const settings = { provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: key }, cache: { directory } } as const;
    const first = await createModelStack(settings).model.chat(base);
    expect(server.requests).toHaveLength(1);
    const again = await createModelStack(settings).model.chat(base);
    expect([again.text, again.cached]).toEqual([first.text, true]);
    expect(server.requests).toHaveLength(1);
  });

  it('does not key on the host: the same model behind another server is a hit; another digest is not', async () => {
    const directory = await temporaryDirectory();
    const serverA = await track(startOllamaServer(echo()));
    const serverB = await track(startOllamaServer(echo()));
    const serverC = await track(startOllamaServer(echo(), { models: [{ name: 'test-model', digest: 'c'.repeat(64) }] }));
    await createModelStack({ provider: 'ollama', model: 'test-model', host: serverA.url, cache: { directory } }).model.chat(base);
    const fromB = await createModelStack({ provider: 'ollama', model: 'test-model', host: serverB.url, cache: { directory } }).model.chat(base);
    expect(fromB.cached).toBe(true);
    expect(serverB.generations).toHaveLength(0);
    const fromC = await createModelStack({ provider: 'ollama', model: 'test-model', host: serverC.url, cache: { directory } }).model.chat(base);
    expect(fromC.cached).toBe(false);
    expect(serverC.generations).toHaveLength(1);
  });

  it('sends identical concurrent requests once', async () => {
    const directory = await temporaryDirectory();
    const server = await track(startOllamaServer([{ text: 'once', delayMs: 50 }]));
    const stack = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory } });
    const replies = await Promise.all([stack.model.chat(base), stack.model.chat(base), stack.model.chat(base)]);
    expect(replies.map((reply) => reply.text)).toEqual(['once', 'once', 'once']);
    expect(server.generations).toHaveLength(1);
  });

  it('replay mode: hits are served, a miss is a CacheMissError and reaches no server', async () => {
    const directory = await temporaryDirectory();
    const server = await track(startOllamaServer(echo()));
    await createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory } }).model.chat(base);
    const requestsBefore = server.requests.length;
    const replay = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory }, environment: { ECG_LLM_CACHE: 'replay' } });
    expect((await replay.model.chat(base)).cached).toBe(true);
    const miss = await replay.model.chat({ messages: [{ role: 'user', content: 'never asked' }] }).catch((error: unknown) => error);
    expect(miss).toBeInstanceOf(CacheMissError);
    expect((miss as CacheMissError).message).toMatch(/replay mode/);
    expect((await replay.describe()).digest).toMatch(/^[0-9a-f]{64}$/);
    // Replay contacts no server at all, not even for the model's identity.
    expect(server.requests.length).toBe(requestsBefore);
  });

  it('refresh mode calls the model and overwrites; off mode writes nothing', async () => {
    const directory = await temporaryDirectory();
    const server = await track(startOllamaServer([{ text: 'old' }, { text: 'new' }, { text: 'uncached' }]));
    await createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory } }).model.chat(base);
    const refreshed = await createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory, mode: 'refresh' } }).model.chat(base);
    expect(refreshed.text).toBe('new');
    expect((await createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory } }).model.chat(base)).text).toBe('new');
    const offDirectory = await temporaryDirectory();
    const off = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory: offDirectory, mode: 'off' } });
    expect(off.cache).toBeUndefined();
    expect((await off.model.chat(base)).text).toBe('uncached');
    expect(await readdir(offDirectory)).toEqual([]);
  });

  it('treats a damaged entry as a miss and rewrites it', async () => {
    const directory = await temporaryDirectory();
    const server = await track(startOllamaServer([{ text: 'first' }, { text: 'second' }]));
    const cache = new ResponseCache(directory);
    const model = new CachedChatModel(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), cache);
    await model.chat(base);
    const path = cache.entryPath(await model.keyHash(base));
    await writeFile(path, '{"keyHash": "damaged');
    expect((await model.chat(base)).text).toBe('second');
    expect(JSON.parse(await readFile(path, 'utf8')).response.text).toBe('second');
  });
});

describe('export, import and replay', () => {
  it('replays a colleague\'s run from one JSONL file with the model server gone', async () => {
    const mine = await temporaryDirectory();
    const theirs = await temporaryDirectory();
    const server = await track(startOllamaServer(echo(), { models: [{ name: 'llama3.1:8b', digest: 'ab'.repeat(32) }] }));
    const questions = ['one', 'two', 'three'].map((content) => ({ messages: [{ role: 'user' as const, content }], temperature: 0, seed: 42 }));
    const original = createModelStack({ provider: 'ollama', model: 'llama3.1:8b', host: server.url, cache: { directory: mine } });
    const originalReplies = await Promise.all(questions.map((question) => original.model.chat(question)));
    const exportFile = join(await temporaryDirectory(), 'run-cache.jsonl');
    expect(await new ResponseCache(mine).exportTo(exportFile)).toEqual({ entries: 3, file: exportFile });
    const lines = (await readFile(exportFile, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => JSON.parse(line).keyHash)).toEqual(lines.map((line) => JSON.parse(line).keyHash).sort());

    expect(await new ResponseCache(theirs).importFrom(exportFile)).toEqual({ imported: 3, alreadyPresent: 0, total: 3 });
    expect(await new ResponseCache(theirs).importFrom(exportFile)).toEqual({ imported: 0, alreadyPresent: 3, total: 3 });
    const host = server.url;
    await server.close();
    const replay = createModelStack({ provider: 'ollama', model: 'llama3.1:8b', host, cache: { directory: theirs, mode: 'replay' } });
    const replayed = await Promise.all(questions.map((question) => replay.model.chat(question)));
    expect(replayed.map((reply) => reply.text)).toEqual(originalReplies.map((reply) => reply.text));
    expect((await replay.describe()).digest).toBe('ab'.repeat(32));
  });

  it('refuses an export line whose hash does not match its key, naming file, line and field', async () => {
    const directory = await temporaryDirectory();
    const server = await track(startOllamaServer(echo()));
    const stack = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory } });
    await stack.model.chat(base);
    await stack.model.chat({ messages: [{ role: 'user', content: 'second' }] });
    const file = join(directory, 'export.jsonl');
    await new ResponseCache(directory).exportTo(file);
    const [first, second] = (await readFile(file, 'utf8')).trim().split('\n');
    const tampered = JSON.parse(second as string);
    tampered.key.messages[0].content = 'changed after export';
    await writeFile(file, `${first}\n${JSON.stringify(tampered)}\n`);
    const target = await temporaryDirectory();
    const error = await new ResponseCache(target).importFrom(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).location).toEqual({ file, line: 2, field: 'keyHash' });
    // Nothing was written before the whole file was checked.
    expect((await new ResponseCache(target).statistics()).entries).toBe(0);
    await writeFile(file, `${first}\n{"keyHash": 12}\n`);
    const invalid = await new ResponseCache(target).importFrom(file).catch((caught: unknown) => caught);
    expect((invalid as InputFileError).location).toMatchObject({ file, line: 2, field: 'keyHash' });
  });
});

async function temporaryFilesIn(directory: string): Promise<number> {
  let count = 0;
  for (const shard of await readdir(directory).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    count += (await readdir(join(directory, shard)).catch(() => [] as string[])).filter((name) => name.endsWith('.tmp')).length;
  }
  return count;
}

function runWorker(args: string[]): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[]; stderr: string }>; lines: string[]; kill(): void } {
  const child = spawn(process.execPath, [join(repositoryRoot, 'test/llm/fixtures/cache-worker.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[]; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, lines, stderr }));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  void done.then(() => clearTimeout(timer));
  return { done, lines, kill: () => child.kill('SIGKILL') };
}

describe('sharing between processes', () => {
  it('two processes fill one cache at the same time without damaging it', async () => {
    const directory = await temporaryDirectory();
    const server = await track(startOllamaServer(echo()));
    const [a, b] = [runWorker([directory, server.url, '25', 'shared question']), runWorker([directory, server.url, '25', 'shared question'])];
    const [resultA, resultB] = await Promise.all([a.done, b.done]);
    expect([resultA.code, resultB.code, resultA.stderr, resultB.stderr]).toEqual([0, 0, '', '']);
    expect(resultA.lines).toHaveLength(25);
    const cache = new ResponseCache(directory);
    const { entries, invalidFiles } = await cache.entries();
    expect(invalidFiles).toEqual([]);
    expect(entries).toHaveLength(25);
    expect(entries.map((entry) => entry.response.text).sort()).toEqual(Array.from({ length: 25 }, (_, index) => `reply to shared question ${index}`).sort());
    // Every question was asked at least once and at most once per process.
    expect(server.generations.length).toBeGreaterThanOrEqual(25);
    expect(server.generations.length).toBeLessThanOrEqual(50);
    // A third run is served entirely from the shared cache.
    const before = server.generations.length;
    const third = runWorker([directory, server.url, '25', 'shared question']);
    const resultC = await third.done;
    expect(resultC.lines.every((line) => line.includes(' hit '))).toBe(true);
    expect(server.generations.length).toBe(before);
  });

  it('every entry file is complete after the writer is killed with SIGKILL mid-run', async () => {
    const directory = await temporaryDirectory();
    // Large replies (1 MB) make each write take long enough for the kill to land during one.
    const server = await track(startOllamaServer(echo(1_000_000)));
    const worker = runWorker([directory, server.url, '400', 'large reply']);
    // Kill as soon as a write is under way (a temporary file exists) after a few entries are complete.
    const killedDuringWrite = await new Promise<boolean>((resolve, reject) => {
      let stopped = false;
      const poll = async (): Promise<void> => {
        while (!stopped) {
          if (worker.lines.length >= 3) {
            const writing = await temporaryFilesIn(directory);
            if (writing > 0 || worker.lines.length >= 40) {
              stopped = true;
              worker.kill();
              resolve(writing > 0);
              return;
            }
          }
          await new Promise((wait) => setImmediate(wait));
        }
      };
      void poll();
      void worker.done.then((result) => {
        if (!stopped) {
          stopped = true;
          reject(new Error(`worker ended before the kill: ${result.code} ${result.stderr}`));
        }
      });
    });
    const result = await worker.done;
    expect(result.signal).toBe('SIGKILL');
    const cache = new ResponseCache(directory);
    const { entries, invalidFiles } = await cache.entries();
    expect(invalidFiles).toEqual([]);
    const finished = result.lines.filter((line) => line.startsWith('done ')).length;
    expect(entries.length).toBeGreaterThanOrEqual(finished);
    for (const entry of entries) expect(entry.response.text.length).toBe(1_000_000);
    // Every request the worker reported finished is served from the cache now.
    const stack = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory, mode: 'replay' } });
    for (let index = 0; index < finished; index++) {
      expect((await stack.model.chat({ messages: [{ role: 'user', content: `large reply ${index}` }] })).cached).toBe(true);
    }
    const statistics = await cache.statistics();
    expect(statistics.entries).toBe(entries.length);
    expect(statistics.invalidFiles).toEqual([]);
    // When the kill landed during a write (the usual case with 1 MB entries), the torn write is only a hidden
    // temporary file: counted as such, never read as an entry.
    if (killedDuringWrite && statistics.temporaryFiles > 0) expect(entries.length).toBe(finished);
  });
});
