/**
 * chatMany without a batch API: a bounded pool of requests, one result per item in order, provider failures
 * kept per item, configuration errors stopping the job, progress ticking once per item.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ServiceError } from '../../lib/core/errors.js';
import type { ProgressFactory } from '../../lib/core/progress.js';
import { chatMany } from '../../lib/llm/batch.js';
import { createChatModel } from '../../lib/llm/providers/provider-registry.js';
import { startAnthropicServer, startOllamaServer, useTestServers, type RecordedRequest } from '../servers/index.js';

const track = useTestServers();
const contentOf = (request: RecordedRequest) => (request.body as { messages: Array<{ content: string }> }).messages[0]?.content ?? '';

describe('chatMany', () => {
  it('runs at most `concurrency` requests at once and returns results in item order', async () => {
    let active = 0;
    let peak = 0;
    const server = await track(
      startOllamaServer((request) => {
        // Counts requests in progress at the server: each is answered after `delayMs`.
        const content = contentOf(request);
        const delayMs = content === 'fail' ? 0 : 40;
        active++;
        peak = Math.max(peak, active);
        setTimeout(() => active--, delayMs);
        return content === 'fail' ? { error: { status: 400, message: 'bad item' } } : { text: `re: ${content}`, delayMs };
      }),
    );
    const model = createChatModel({ provider: 'ollama', model: 'test-model', host: server.url });
    const ticks: number[] = [];
    const progress: ProgressFactory = () => ({ tick: (amount = 1) => ticks.push(amount), done: () => undefined });
    const prompts = ['a', 'b', 'fail', 'c', 'd', 'e', 'f'];
    const results = await chatMany(
      model,
      prompts.map((content, index) => ({ id: `n${index}`, request: { messages: [{ role: 'user', content }] } })),
      { concurrency: 2, progress },
    );
    expect(results.map((item) => item.id)).toEqual(prompts.map((_, index) => `n${index}`));
    expect(results.map((item) => (item.result.ok ? item.result.value.text : (item.result.error as ServiceError).status))).toEqual(['re: a', 're: b', 400, 're: c', 're: d', 're: e', 're: f']);
    expect(peak).toBe(2);
    expect(ticks).toHaveLength(prompts.length);
  });

  it('stops the job on a configuration error instead of recording it per item', async () => {
    const server = await track(startAnthropicServer(() => ({ text: 'never' })));
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: {} });
    const items = Array.from({ length: 10 }, (_, index) => ({ id: String(index), request: { messages: [{ role: 'user' as const, content: 'x' }] } }));
    await expect(chatMany(model, items, { concurrency: 3 })).rejects.toThrow(/ANTHROPIC_API_KEY/);
    expect(server.requests).toHaveLength(0);
    await expect(chatMany(model, items, { concurrency: 0 })).rejects.toThrow(InvalidArgumentError);
  });
});
