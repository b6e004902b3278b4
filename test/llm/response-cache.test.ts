/**
 * The persistent response cache: explicit keys, hits with zero requests, modes, export/import/replay (offline),
 * two processes sharing one cache, and an entry store that survives `kill -9` of a writer.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashCanonical } from '../../lib/core/canonical-json.js';
import { createRandom } from '../../lib/core/random.js';
import { ConfigurationError, InputFileError } from '../../lib/core/errors.js';
import { CachedChatModel, cacheModeFromEnvironment } from '../../lib/llm/cached-chat-model.js';
import type { ChatRequest } from '../../lib/llm/chat-model.js';
import { createModelStack } from '../../lib/llm/model-stack.js';
import { createChatModel } from '../../lib/llm/providers/provider-registry.js';
import { CacheMissError, canonicalCacheKeyJson, cacheKeyFor, cacheKeyHash, ResponseCache } from '../../lib/llm/response-cache.js';
import { responseFormatFor } from '../../lib/llm/structured-output.js';
import { z } from 'zod';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startAnthropicServer, startOllamaServer, type RecordedRequest, useTestServers } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-cache-');

/**
 * The lines of a cache log, read independently of the library, by the format documented in
 * lib/llm/response-log.ts: a header line, then per entry an empty line and `hash TAB time TAB key TAB reply`.
 */
const logLines = async (path: string): Promise<{ complete: string[]; unfinished: string }> => {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  return { complete: lines.slice(0, -1), unfinished: lines[lines.length - 1] ?? '' };
};
/** True when a log line is a whole entry: four fields, the hash is the SHA-256 of the key, both JSON texts parse. */
const isWholeEntry = (line: string): boolean => {
  const fields = line.split('\t');
  if (fields.length !== 4) return false;
  try {
    JSON.parse(fields[2] as string);
    JSON.parse(fields[3] as string);
  } catch {
    return false;
  }
  return createHash('sha256').update(fields[2] as string).digest('hex') === fields[0];
};
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

  it('writes the canonical JSON of a key exactly as canonicalJson (RFC 8785) does', () => {
    const random = createRandom('canonical-cache-key');
    const text = (): string => Array.from({ length: random.integer(12) }, () => String.fromCharCode(random.integer(0x2fff))).join('');
    const maybe = <T>(value: () => T): T | undefined => (random.integer(2) === 0 ? undefined : value());
    for (let trial = 0; trial < 300; trial++) {
      const request: ChatRequest = {
        messages: Array.from({ length: 1 + random.integer(3) }, () => ({ role: (['system', 'user', 'assistant'] as const)[random.integer(3)] as 'user', content: text() })),
        temperature: maybe(() => random.next() * 2),
        topP: maybe(() => random.next()),
        maxTokens: maybe(() => random.integer(4096)),
        seed: maybe(() => random.integer(1e9)),
        stop: maybe(() => [text(), text()]),
        topLogprobs: maybe(() => random.integer(5)),
        responseFormat: maybe(() => responseFormatFor(z.object({ a: z.string() }))),
      };
      const key = cacheKeyFor({ ...identity, digest: maybe(() => text()), parameters: random.integer(2) ? {} : { b: [1, 'x'], a: { d: null, c: 2.5e-7 } } }, request);
      expect(canonicalCacheKeyJson(key)).toBe(canonicalJson(key));
    }
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
    const keyHash = await model.keyHash(base);
    // Damage the stored reply, then the stored key, in the log file itself (same length, as a flipped byte would).
    const log = cache.logPath;
    const damage = async (from: string, to: string): Promise<void> => {
      const before = await readFile(log, 'utf8');
      const at = before.lastIndexOf(from);
      expect(at).toBeGreaterThan(0);
      const after = before.slice(0, at) + to + before.slice(at + from.length);
      expect(after.length).toBe(before.length);
      await writeFile(log, after);
    };
    await damage('"text":"first"', '"text":"first ');
    expect(await cache.get(keyHash)).toBeUndefined();
    expect(await cache.getResponse(keyHash)).toBeUndefined();
    expect((await model.chat(base)).text).toBe('second');
    const { complete } = await logLines(log);
    // Header, then per entry an empty line and the entry: the damaged first entry is line 3, the rewrite line 5.
    expect(complete).toHaveLength(5);
    expect([complete[0], isWholeEntry(complete[2] as string), isWholeEntry(complete[4] as string)]).toEqual(['ecg-llm response cache\tv1', false, true]);
    expect(JSON.parse((complete[4] as string).split('\t')[3] as string).text).toBe('second');
    expect((await cache.get(keyHash))?.response.text).toBe('second');
    await damage('Define the QT interval.', 'Define the PR interval.'); // in the last entry's key
    expect(await cache.get(keyHash)).toBeUndefined();
    // A hit needs only the reply, which is still the one stored under this hash; exports and statistics refuse the line.
    expect((await cache.getResponse(keyHash))?.text).toBe('second');
    expect((await cache.statistics()).invalidFiles).toEqual([`${log}:5`]);
  });

  it('a torn entry (a writer killed mid-write) never joins the next one: the next is whole, the torn line is reported', async () => {
    const directory = await temporaryDirectory();
    const cache = new ResponseCache(directory);
    const keys = ['P wave?', 'T wave?'].map((content) => cacheKeyFor(identity, { messages: [{ role: 'user', content }] }));
    await cache.put(keys[0]!, { text: 'first', model: 'llama3.1:8b', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 } });
    // What a killed writer leaves: the start of an entry, without its end.
    const torn = `\n${'c'.repeat(64)}\t2026-12-02T00:00:00.000Z\t{"keyVersion":1,"maxTo`;
    await writeFile(cache.logPath, torn, { flag: 'a' });
    await cache.put(keys[1]!, { text: 'second', model: 'llama3.1:8b', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 } });
    const fresh = new ResponseCache(directory);
    fresh.close(); // a new process's view: the log is read again from the start
    const { entries, invalidFiles } = await new ResponseCache(directory).entries();
    expect(entries.map((entry) => entry.response.text).sort()).toEqual(['first', 'second']);
    expect(invalidFiles).toEqual([`${cache.logPath}:5`]);
    const { complete, unfinished } = await logLines(cache.logPath);
    // Header, empty, first, empty, the torn line (ended by the next entry's leading newline), second.
    expect([complete.length, unfinished]).toEqual([6, '']);
    expect(complete.filter(isWholeEntry)).toHaveLength(2);
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

function runWorker(args: string[], script = 'test/llm/fixtures/cache-worker.mjs'): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[]; stderr: string }>; lines: string[]; kill(): void } {
  const child = spawn(process.execPath, [join(repositoryRoot, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  // A safety net only (a loaded 2-core machine needs seconds just to start a child with the library).
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  void done.then(() => clearTimeout(timer));
  return { done, lines, kill: () => child.kill('SIGKILL') };
}

describe('sharing between processes', { timeout: 180_000 }, () => {
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

  it('every entry is complete after the writer is killed with SIGKILL mid-run', async () => {
    const directory = await temporaryDirectory();
    // Large replies (1 MB) through a whole model stack; killed after a few requests finished.
    const server = await track(startOllamaServer(echo(1_000_000)));
    const worker = runWorker([directory, server.url, '400', 'large reply']);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (worker.lines.length >= 4) {
          clearInterval(timer);
          worker.kill();
          resolve();
        }
      }, 1);
      void worker.done.then((result) => {
        clearInterval(timer);
        reject(new Error(`worker ended before the kill: ${result.code} ${result.stderr}`));
      });
    });
    const result = await worker.done;
    expect(result.signal).toBe('SIGKILL');
    const cache = new ResponseCache(directory);
    const { entries, invalidFiles } = await cache.entries();
    expect(invalidFiles).toEqual([]);
    const finished = result.lines.filter((line) => line.startsWith('done ')).length;
    expect(entries.length).toBeGreaterThanOrEqual(finished);
    expect(entries.length).toBeLessThanOrEqual(finished + 1);
    for (const entry of entries) expect(entry.response.text.length).toBe(1_000_000);
    // Every request the worker reported finished is served from the cache now.
    const stack = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory, mode: 'replay' } });
    for (let index = 0; index < finished; index++) {
      expect((await stack.model.chat({ messages: [{ role: 'user', content: `large reply ${index}` }] })).cached).toBe(true);
    }
    const statistics = await cache.statistics();
    expect(statistics.entries).toBe(entries.length);
    expect(statistics.invalidFiles).toEqual([]);
    cache.close();
  });

  it('a SIGKILL during a write loses only that entry: every other line of the log stays whole', async () => {
    const directory = await temporaryDirectory();
    // Entries 0-3 have 1 MB replies; entry 4 has a 30 MB reply, so appending it to the log takes long enough to
    // watch it happen. The log grows while the entry is written; the kill lands then.
    const worker = runWriter([directory, '6', 'torn', '1000000', '4', '30000000']);
    const wal = join(directory, 'responses.log');
    let sizeAfterFour = -1;
    const landed = await new Promise<boolean>((resolve, reject) => {
      const timer = setInterval(() => {
        if (sizeAfterFour < 0 && worker.lines.includes('done 3')) sizeAfterFour = fileSize(wal);
        if (sizeAfterFour >= 0 && fileSize(wal) > sizeAfterFour + 1_000_000) {
          clearInterval(timer);
          const during = !worker.lines.includes('done 4');
          worker.kill();
          resolve(during);
        }
      }, 1);
      void worker.done.then((result) => {
        clearInterval(timer);
        reject(new Error(`writer ended before the kill: ${result.code} ${result.stderr}`));
      });
    });
    const result = await worker.done;
    expect(result.signal).toBe('SIGKILL');
    const cache = new ResponseCache(directory);
    const { entries, invalidFiles } = await cache.entries();
    expect(invalidFiles).toEqual([]);
    const texts = entries.map((entry) => entry.response.text);
    // Entries 0-3 are there, whole; entry 4 is there whole or (the kill landed during its write) not at all.
    for (let index = 0; index < 4; index++) expect(texts.filter((text) => text.startsWith(`reply to torn ${index} `)).map((text) => text.length)).toEqual([1_000_000]);
    if (landed) expect(entries).toHaveLength(4);
    else expect(entries.map((entry) => entry.response.text.length).sort((a, b) => a - b)).toEqual([1_000_000, 1_000_000, 1_000_000, 1_000_000, 30_000_000]);
    // Read independently of the library: every complete line is the header, an empty line or a whole entry; only
    // the last line may be unfinished (the torn entry 4).
    const { complete, unfinished } = await logLines(cache.logPath);
    expect(complete.filter((line) => line !== '' && line !== 'ecg-llm response cache\tv1' && !isWholeEntry(line))).toEqual([]);
    expect(complete.filter(isWholeEntry)).toHaveLength(entries.length);
    if (!landed) expect(unfinished).toBe('');
    cache.close();
  });

  it('four processes writing at once (shared and own keys) leave every entry whole', async () => {
    const directory = await temporaryDirectory();
    const writers = [0, 1, 2, 3].map((index) => runWriter([directory, '300', index % 2 === 0 ? 'shared' : `own-${index}`, '2000']));
    const results = await Promise.all(writers.map((writer) => writer.done));
    expect(results.map((result) => [result.code, result.stderr])).toEqual([[0, ''], [0, ''], [0, ''], [0, '']]);
    const cache = new ResponseCache(directory);
    const { entries, invalidFiles } = await cache.entries();
    expect(invalidFiles).toEqual([]);
    // 300 shared keys (written by two processes) + 300 own keys each for writers 1 and 3.
    expect(entries).toHaveLength(900);
    for (const entry of entries) {
      const question = entry.key.messages[0]?.content ?? '';
      expect(entry.response.text).toBe(`reply to ${question} `.padEnd(2000, '.'));
    }
    cache.close();
  });
});

describe('migration of the file-per-entry layout', () => {
  it('moves valid entry files into the log on first use and reports the rest', async () => {
    const directory = await temporaryDirectory();
    // The layout written by the previous version of this cache: <dir>/<2 hex>/<sha256 of the canonical key>.json,
    // the entry as one JSON line; leftovers of killed writes are hidden `.*.tmp` files.
    const keys = ['P wave?', 'QRS width?', 'QT interval?'].map((content) => cacheKeyFor(identity, { messages: [{ role: 'user', content }] }));
    const legacy = keys.map((key, index) => ({
      keyHash: cacheKeyHash(key),
      key,
      response: { text: `legacy reply ${index}`, model: 'llama3.1:8b', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 4 } },
      createdAt: `2026-11-0${index + 1}T10:00:00.000Z`,
    }));
    for (const entry of legacy) {
      await mkdir(join(directory, entry.keyHash.slice(0, 2)), { recursive: true });
      await writeFile(join(directory, entry.keyHash.slice(0, 2), `${entry.keyHash}.json`), `${JSON.stringify(entry)}\n`);
    }
    const damagedHash = 'ab'.repeat(32);
    await mkdir(join(directory, 'ab'), { recursive: true });
    await writeFile(join(directory, 'ab', `${damagedHash}.json`), '{"keyHash": "ab');
    await writeFile(join(directory, 'ab', `.${damagedHash}.json.123.tmp`), '{"keyH');

    const cache = new ResponseCache(directory);
    for (const entry of legacy) expect(await cache.get(entry.keyHash)).toEqual(entry);
    // The migrated files are gone; the damaged file and the temporary file stay and are reported.
    expect((await readdir(directory)).filter((name) => /^[0-9a-f]{2}$/.test(name))).toEqual(['ab']);
    expect((await readdir(join(directory, 'ab'))).sort()).toEqual([`.${damagedHash}.json.123.tmp`, `${damagedHash}.json`]);
    const statistics = await cache.statistics();
    expect(statistics).toMatchObject({ entries: 3, temporaryFiles: 1, invalidFiles: [join(directory, 'ab', `${damagedHash}.json`)] });
    expect([statistics.oldest, statistics.newest]).toEqual(['2026-11-01T10:00:00.000Z', '2026-11-03T10:00:00.000Z']);
    // A model stack on the migrated cache answers from it.
    const stack = createModelStack({ provider: 'ollama', model: 'llama3.1:8b', host: 'http://127.0.0.1:9', cache: { directory, mode: 'replay' } });
    await cache.rememberModel(identity);
    expect((await stack.model.chat({ messages: [{ role: 'user', content: 'QRS width?' }] })).text).toBe('legacy reply 1');
    cache.close();
  });
});

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function runWriter(args: string[]): ReturnType<typeof runWorker> {
  return runWorker(args, 'test/llm/fixtures/cache-writer.mjs');
}
