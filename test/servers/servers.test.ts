/**
 * The protocol test servers themselves: they refuse what the real APIs refuse (so a provider that forgets a
 * required header or field fails here as it would in production), answer in the real formats, and fail
 * loudly when a script runs out. Raw `fetch` is used so the checks do not depend on an SDK's defaults.
 */
import { describe, expect, it } from 'vitest';
import { hashEmbedding, startAnthropicServer, startOllamaServer, startOpenAIServer, useTestServers } from './index.js';

const track = useTestServers();
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('Anthropic test server', () => {
  const key = 'sk-ant-api03-servertest-0123456789';
  const valid = { model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

  it('requires a key, the anthropic-version header, model, max_tokens and messages', async () => {
    const server = await track(startAnthropicServer([{ text: 'hello' }], { apiKey: key }));
    const url = `${server.url}/v1/messages`;
    const noKey = await post(url, valid, { 'anthropic-version': '2026-10-21' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect((await post(url, valid, { 'x-api-key': key })).status).toBe(400);
    const { max_tokens: _omitted, ...withoutMaxTokens } = valid;
    const missing = await post(url, withoutMaxTokens, { 'x-api-key': key, 'anthropic-version': '2026-10-21' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('max_tokens');
    const sampled = await post(url, { ...valid, temperature: 0.5 }, { 'x-api-key': key, 'anthropic-version': '2026-10-21' });
    expect(sampled.status).toBe(400);
    const ok = await post(url, valid, { 'x-api-key': key, 'anthropic-version': '2026-10-21' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('request-id')).toMatch(/^req_/);
    expect(await ok.json()).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'hello' }], stop_reason: 'end_turn' });
    expect(server.generations).toHaveLength(1);
  });

  it('refuses invalid or duplicate batch custom_ids', async () => {
    const server = await track(startAnthropicServer([], { apiKey: key }));
    const headers = { 'x-api-key': key, 'anthropic-version': '2026-10-21' };
    const bad = await post(`${server.url}/v1/messages/batches`, { requests: [{ custom_id: 'has space', params: valid }] }, headers);
    expect(bad.status).toBe(400);
    const duplicate = await post(`${server.url}/v1/messages/batches`, { requests: [{ custom_id: 'a', params: valid }, { custom_id: 'a', params: valid }] }, headers);
    expect(duplicate.status).toBe(400);
  });
});

describe('OpenAI test server', () => {
  it('requires logprobs with top_logprobs and a valid schema name', async () => {
    const server = await track(startOpenAIServer([{ text: 'x' }]));
    const url = `${server.url}/v1/chat/completions`;
    const base = { model: 'test-model', messages: [{ role: 'user', content: 'hi' }] };
    const topOnly = await post(url, { ...base, top_logprobs: 2 });
    expect(topOnly.status).toBe(400);
    expect(await topOnly.json()).toMatchObject({ error: { param: 'logprobs', type: 'invalid_request_error' } });
    const badName = await post(url, { ...base, response_format: { type: 'json_schema', json_schema: { name: 'a b', schema: {} } } });
    expect(badName.status).toBe(400);
    const ok = await post(url, base);
    expect(await ok.json()).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'x' }, finish_reason: 'stop' }] });
  });
});

describe('Ollama test server', () => {
  it('streams NDJSON by default, answers 404 for unknown models and embeds deterministically', async () => {
    const server = await track(startOllamaServer([{ text: 'two words' }]));
    const streamed = await post(`${server.url}/api/chat`, { model: 'test-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(streamed.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await streamed.text()).trim().split('\n').map((line) => JSON.parse(line) as { message: { content: string }; done: boolean });
    expect(lines.map((line) => line.message.content)).toEqual(['two ', 'words', '']);
    expect(lines.map((line) => line.done)).toEqual([false, false, true]);
    const unknown = await post(`${server.url}/api/chat`, { model: 'nope', messages: [] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "model 'nope' not found" });
    const embedded = (await (await post(`${server.url}/api/embed`, { model: 'test-model', input: ['a', 'b'] })).json()) as { embeddings: number[][] };
    expect(embedded.embeddings).toEqual([hashEmbedding('a'), hashEmbedding('b')]);
    const norm = Math.sqrt((embedded.embeddings[0] ?? []).reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 12);
  });

  it('answers HTTP 500 "script exhausted" when a queue runs out', async () => {
    const server = await track(startOllamaServer([]));
    const response = await post(`${server.url}/api/chat`, { model: 'test-model', messages: [{ role: 'user', content: 'hi' }], stream: false });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: string }).error).toMatch(/script exhausted at generation 0/);
  });
});
