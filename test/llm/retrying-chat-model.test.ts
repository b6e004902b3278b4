/**
 * Retries, give-up and timeouts through the real SDK clients against the protocol servers: request counts
 * prove what was retried, timestamps prove that Retry-After was honoured. Backoffs are milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ServiceError } from '../../lib/core/errors.js';
import { createRandom } from '../../lib/core/random.js';
import { createChatModel } from '../../lib/llm/providers/provider-registry.js';
import { backoffDelay, retryOperation, withRetry, type RetryEvent } from '../../lib/llm/retrying-chat-model.js';
import { startAnthropicServer, startOllamaServer, startOpenAIServer, useTestServers } from '../servers/index.js';

const track = useTestServers();

const fast = { initialDelayMs: 2, maxDelayMs: 10, random: createRandom(1) };
const ask = { messages: [{ role: 'user' as const, content: 'What is a normal PR interval?' }] };
const KEY = 'sk-ant-api03-retrytest-0123456789abcdef';

describe('backoffDelay (full jitter)', () => {
  it('draws uniformly below min(maxDelay, initial * 2^(retry-1)), reproducibly for a seed', () => {
    const first = Array.from({ length: 6 }, (_, index) => backoffDelay(index + 1, createRandom(7), 100, 1000));
    const again = Array.from({ length: 6 }, (_, index) => backoffDelay(index + 1, createRandom(7), 100, 1000));
    expect(first).toEqual(again);
    // Caps: 100, 200, 400, 800, 1000, 1000 ms.
    [100, 200, 400, 800, 1000, 1000].forEach((cap, index) => {
      expect(first[index]).toBeGreaterThanOrEqual(0);
      expect(first[index]).toBeLessThan(cap);
    });
    // Each draw is uniform(0,1) scaled by the cap: the same draw as the seeded source's first next().
    expect(backoffDelay(3, createRandom(7), 100, 1000)).toBeCloseTo(createRandom(7).next() * 400, 12);
  });
});

describe('retry layer', () => {
  it('retries 500 and dropped connections, then succeeds (three requests)', async () => {
    const server = await track(startOllamaServer([{ error: { status: 500 } }, { fault: 'drop' }, { text: 'PR 120-200 ms' }]));
    const events: RetryEvent[] = [];
    const model = withRetry(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { ...fast, onRetry: (event) => events.push(event) });
    const reply = await model.chat(ask);
    expect(reply.text).toBe('PR 120-200 ms');
    expect(server.generations).toHaveLength(3);
    expect(events.map((event) => event.attempt)).toEqual([1, 2]);
    expect(model.statistics).toEqual({ calls: 1, attempts: 3, retries: 2, timeouts: 0, gaveUp: 0 });
  });

  it('honours Retry-After (seconds) from a 429 before the next attempt', async () => {
    const server = await track(startOpenAIServer([{ error: { status: 429, headers: { 'retry-after': '0.3' } } }, { text: 'ok' }]));
    const model = withRetry(createChatModel({ provider: 'openai-compatible', model: 'test-model', baseUrl: `${server.url}/v1` }), fast);
    expect((await model.chat(ask)).text).toBe('ok');
    const [first, second] = server.generations;
    // The server asked for 300 ms; the backoff alone would be under 2 ms.
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(295);
  });

  it('honours Retry-After given as an HTTP-date', async () => {
    const server = await track(
      startOllamaServer((_request, index) => (index === 0 ? { error: { status: 503, headers: { 'retry-after': new Date(Date.now() + 1500).toUTCString() } } } : { text: 'ok' })),
    );
    const model = withRetry(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), fast);
    expect((await model.chat(ask)).text).toBe('ok');
    const [first, second] = server.generations;
    // HTTP-dates have 1 s resolution: the wait is between 0.5 and 1.5 s.
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(450);
  });

  it('retries Anthropic 529 overloaded and 429 with retry-after through the real SDK', async () => {
    const server = await track(startAnthropicServer([{ error: { status: 529 } }, { error: { status: 429, headers: { 'retry-after': '0' } } }, { text: 'ok' }], { apiKey: KEY }));
    const model = withRetry(createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: KEY } }), fast);
    expect((await model.chat(ask)).text).toBe('ok');
    expect(server.generations).toHaveLength(3);
  });

  it('gives up after maxAttempts with a ServiceError carrying the status and the attempts', async () => {
    const server = await track(startOllamaServer(Array.from({ length: 10 }, () => ({ error: { status: 503, message: 'busy' } }))));
    const model = withRetry(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { ...fast, maxAttempts: 4 });
    const error = (await model.chat(ask).catch((caught: unknown) => caught)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(4);
    expect(error.message).toMatch(/gave up after 4 attempts: busy/);
    expect(server.generations).toHaveLength(4);
    expect(model.statistics.gaveUp).toBe(1);
  });

  it.each([400, 401, 403, 404, 422])('does not retry HTTP %i', async (status) => {
    const server = await track(startOpenAIServer([{ error: { status } }, { text: 'never' }]));
    const model = withRetry(createChatModel({ provider: 'openai-compatible', model: 'test-model', baseUrl: `${server.url}/v1` }), fast);
    const error = (await model.chat(ask).catch((caught: unknown) => caught)) as ServiceError;
    expect(error.status).toBe(status);
    expect(server.generations).toHaveLength(1);
  });

  it('times out a hanging attempt via its AbortSignal and retries', async () => {
    const server = await track(startOllamaServer([{ fault: 'hang' }, { text: 'answered' }]));
    const model = withRetry(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { ...fast, attemptTimeoutMs: 150 });
    const began = performance.now();
    expect((await model.chat(ask)).text).toBe('answered');
    expect(performance.now() - began).toBeGreaterThanOrEqual(145);
    expect(model.statistics.timeouts).toBe(1);
    expect(server.generations).toHaveLength(2);
  });

  it('gives up on an attempt timeout with a typed error when every attempt hangs', async () => {
    const server = await track(startAnthropicServer([{ fault: 'hang' }, { fault: 'hang' }], { apiKey: KEY }));
    const model = withRetry(createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: KEY } }), {
      ...fast,
      attemptTimeoutMs: 100,
      maxAttempts: 2,
    });
    const error = (await model.chat(ask).catch((caught: unknown) => caught)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.attempts).toBe(2);
    expect(error.message).toMatch(/no reply within 100 ms/);
    expect(model.statistics.timeouts).toBe(2);
  });

  it('retries a malformed (truncated) JSON reply', async () => {
    const server = await track(startOpenAIServer([{ fault: 'malformed' }, { text: 'fine' }]));
    const model = withRetry(createChatModel({ provider: 'openai-compatible', model: 'test-model', baseUrl: `${server.url}/v1` }), fast);
    expect((await model.chat(ask)).text).toBe('fine');
    expect(server.generations).toHaveLength(2);
  });

  it('retries a stream that breaks off mid-reply', async () => {
    const server = await track(startOllamaServer([{ fault: 'drop-midstream' }, { text: 'whole reply' }]));
    const model = withRetry(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), fast);
    const reply = await model.chat(ask, { onDelta: () => undefined });
    expect(reply.text).toBe('whole reply');
    expect(server.generations).toHaveLength(2);
  });

  it('gives up at once when the server asks to wait longer than allowed', async () => {
    const server = await track(startOllamaServer([{ error: { status: 429, headers: { 'retry-after': '3600' } } }]));
    const model = withRetry(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { ...fast, maxRetryAfterMs: 1000 });
    const error = (await model.chat(ask).catch((caught: unknown) => caught)) as ServiceError;
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/asked to wait 3600000 ms/);
    expect(server.generations).toHaveLength(1);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const server = await track(startOllamaServer([{ fault: 'hang' }, { text: 'too late' }]));
    const model = withRetry(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), fast);
    const controller = new AbortController();
    const reason = new InvalidArgumentError('signal', 'user cancelled');
    setTimeout(() => controller.abort(reason), 50);
    await expect(model.chat(ask, { signal: controller.signal })).rejects.toBe(reason);
    expect(server.generations).toHaveLength(1);
  });

  it('retryOperation retries plain transport errors and passes each attempt its number', async () => {
    const attempts: number[] = [];
    const value = await retryOperation(
      async (_signal, attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return 'done';
      },
      fast,
    );
    expect(value).toBe('done');
    expect(attempts).toEqual([1, 2, 3]);
  });
});
