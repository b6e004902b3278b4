/**
 * Concurrency and rate limits, measured at the protocol server (arrival times) with short windows.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import { withLimits } from '../../lib/llm/limited-chat-model.js';
import { createChatModel } from '../../lib/llm/providers/provider-registry.js';
import { startOllamaServer, useTestServers, type TestServer } from '../servers/index.js';

const track = useTestServers();
const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
/** Arrival times at the server relative to `start` (the server runs in this process: same clock). */
const arrivalsSince = (server: TestServer, start: number) => server.generations.map((request) => request.receivedAt - start);

describe('limits', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    const server = await track(startOllamaServer(() => ({ text: 'ok', delayMs: 80 })));
    const model = withLimits(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { concurrency: 2 });
    const start = performance.now();
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((content) => model.chat(ask(content))));
    expect(model.counters.peakInFlight).toBe(2);
    expect(model.counters.requests).toBe(6);
    const arrivals = arrivalsSince(server, start);
    // Requests 3-4 start only after 1-2 finished (80 ms), 5-6 after 3-4 (160 ms).
    expect(arrivals[2]).toBeGreaterThanOrEqual(75);
    expect(arrivals[4]).toBeGreaterThanOrEqual(155);
  });

  it('starts at most `requestsPerMinute` requests per window', async () => {
    const server = await track(startOllamaServer(() => ({ text: 'ok' })));
    const model = withLimits(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { requestsPerMinute: 2, windowMs: 200 });
    const start = performance.now();
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((content) => model.chat(ask(content))));
    const arrivals = arrivalsSince(server, start);
    // Two per 200 ms window: the 3rd request waits for the 1st to leave the window, the 5th for the 3rd.
    expect(arrivals[2]).toBeGreaterThanOrEqual(195);
    expect(arrivals[4]).toBeGreaterThanOrEqual(395);
  });

  it('keeps the reported tokens within `tokensPerMinute` per window', async () => {
    const server = await track(startOllamaServer(() => ({ text: 'ok', usage: { inputTokens: 50, outputTokens: 10 } })));
    const model = withLimits(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { tokensPerMinute: 100, windowMs: 1000 });
    const start = performance.now();
    for (const content of ['a', 'b', 'c']) await model.chat(ask(content));
    const arrivals = arrivalsSince(server, start);
    // Each reply reports 60 tokens; a request is estimated at ceil(1 / 4) = 1 token before it runs. After the
    // first reply 60 + 1 <= 100 fits; after the second, 120 + 1 does not until the first leaves the window.
    // (A 1 s window leaves a loaded CI machine ample room for the second request to arrive inside it.)
    expect(arrivals[1]).toBeLessThan(900);
    expect(arrivals[2]).toBeGreaterThanOrEqual(995);
  });

  it('rejects non-positive limits', () => {
    const model = createChatModel({ provider: 'ollama', model: 'test-model', host: 'http://127.0.0.1:9' });
    expect(() => withLimits(model, { concurrency: 0 })).toThrow(InvalidArgumentError);
    expect(() => withLimits(model, { requestsPerMinute: -1 })).toThrow(InvalidArgumentError);
  });

  it('lets a caller abort a request that waits for a slot', async () => {
    const server = await track(startOllamaServer(() => ({ text: 'ok', delayMs: 200 })));
    const model = withLimits(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { concurrency: 1 });
    const first = model.chat(ask('first'));
    const controller = new AbortController();
    const waiting = model.chat(ask('second'), { signal: controller.signal });
    controller.abort(new Error('no longer needed'));
    await expect(waiting).rejects.toThrow('no longer needed');
    expect((await first).text).toBe('ok');
    expect(server.generations).toHaveLength(1);
  });
});
