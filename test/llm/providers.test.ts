/**
 * The three providers, through the real SDK clients over HTTP, against the protocol servers in test/servers.
 * Expected wire fields come from the providers' API references: Ollama /api/chat `format` + `options`
 * (docs.ollama.com/api), Anthropic Messages `output_config.format` and `anthropic-version` (platform.claude.com
 * API reference, version 2026-10-21), OpenAI Chat Completions `response_format.json_schema`, `logprobs`,
 * `top_logprobs`.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError, InvalidArgumentError, NotFoundError, ServiceError } from '../../lib/core/errors.js';
import type { ChatDelta } from '../../lib/llm/chat-model.js';
import { AnthropicChatModel } from '../../lib/llm/providers/anthropic.js';
import { createChatModel, listModels, listProviders } from '../../lib/llm/providers/provider-registry.js';
import { responseFormatFor } from '../../lib/llm/structured-output.js';
import { startAnthropicServer, startOllamaServer, startOpenAIServer, useTestServers } from '../servers/index.js';

const track = useTestServers();

const answerSchema = z.object({ answer: z.enum(['A', 'B', 'C', 'D']), reason: z.string().min(3) });
const TEST_KEY = 'sk-ant-api03-testkey-0123456789abcdefghij';

describe('provider registry', () => {
  it('knows the four built-in providers and rejects unknown ones with the known names', () => {
    expect(listProviders().map((provider) => provider.name)).toEqual(['ollama', 'anthropic', 'openai-compatible', 'llama-cpp']);
    expect(() => createChatModel({ provider: 'gpt-magic', model: 'x' })).toThrow(ConfigurationError);
    expect(() => createChatModel({ provider: 'gpt-magic', model: 'x' })).toThrow(/known: ollama, anthropic, openai-compatible, llama-cpp/);
    expect(() => createChatModel({ provider: 'ollama', model: ' ' })).toThrow(InvalidArgumentError);
  });
});

describe('ollama provider', () => {
  it('sends messages, sampling options and the JSON schema as Ollama `format`, and maps the reply', async () => {
    const server = await track(startOllamaServer([{ json: { answer: 'B', reason: 'delta wave' }, usage: { inputTokens: 31, outputTokens: 9 } }], { models: [{ name: 'llama3.1:8b', digest: 'a'.repeat(64) }] }));
    const model = createChatModel({ provider: 'ollama', model: 'llama3.1:8b', host: server.url });
    const format = responseFormatFor(answerSchema, 'answer');
    const reply = await model.chat({
      messages: [
        { role: 'system', content: 'You are a cardiologist.' },
        { role: 'user', content: 'Which option?' },
      ],
      temperature: 0.1,
      topP: 0.9,
      maxTokens: 64,
      seed: 42,
      stop: ['</answer>'],
      responseFormat: format,
    });
    expect(reply).toEqual({ text: '{"answer":"B","reason":"delta wave"}', model: 'llama3.1:8b', finishReason: 'stop', usage: { inputTokens: 31, outputTokens: 9 } });
    const body = server.generations[0]?.body as Record<string, unknown>;
    expect(body.stream).toBe(false);
    expect(body.options).toEqual({ temperature: 0.1, top_p: 0.9, num_predict: 64, seed: 42, stop: ['</answer>'] });
    const { $schema: _dialect, ...schemaWithoutDialect } = format.jsonSchema;
    expect(body.format).toEqual(schemaWithoutDialect);
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are a cardiologist.' },
      { role: 'user', content: 'Which option?' },
    ]);
  });

  it('streams NDJSON with deltas when asked, and returns log-probabilities', async () => {
    const server = await track(
      startOllamaServer([
        {
          text: 'Sinus rhythm',
          logprobs: [
            { token: 'Sinus', logprob: -0.1, top: [{ token: 'Sinus', logprob: -0.1 }, { token: 'Atrial', logprob: -2.5 }] },
            { token: ' rhythm', logprob: -0.02, top: [{ token: ' rhythm', logprob: -0.02 }] },
          ],
        },
      ]),
    );
    const model = createChatModel({ provider: 'ollama', model: 'test-model', host: server.url });
    const deltas: ChatDelta[] = [];
    const reply = await model.chat({ messages: [{ role: 'user', content: 'Rhythm?' }], topLogprobs: 2 }, { onDelta: (delta) => deltas.push(delta) });
    expect(deltas).toEqual([
      { text: 'Sinus', outputTokens: 1 },
      { text: ' rhythm', outputTokens: 2 },
    ]);
    expect(reply.text).toBe('Sinus rhythm');
    expect(reply.logprobs).toEqual([
      { token: 'Sinus', logprob: -0.1, top: [{ token: 'Sinus', logprob: -0.1 }, { token: 'Atrial', logprob: -2.5 }] },
      { token: ' rhythm', logprob: -0.02, top: [{ token: ' rhythm', logprob: -0.02 }] },
    ]);
    const body = server.generations[0]?.body as Record<string, unknown>;
    expect(body.stream).toBe(true);
    expect(body.logprobs).toBe(true);
    expect(body.top_logprobs).toBe(2);
  });

  it('describes the model with the digest from /api/tags and lists models', async () => {
    const digest = 'fe938a131f40e6f6d40083c9f0f430a515233eb2edaa6d72eb85c50d64f2300e';
    const server = await track(startOllamaServer([], { models: [{ name: 'llama3.1:8b', digest }, { name: 'qwen3' }] }));
    const model = createChatModel({ provider: 'ollama', model: 'llama3.1:8b', host: server.url });
    expect(await model.describe()).toEqual({ role: 'chat', provider: 'ollama', id: 'llama3.1:8b', digest, parameters: {} });
    const listing = await listModels({ provider: 'ollama', host: server.url });
    expect(listing.map((entry) => entry.id)).toEqual(['llama3.1:8b', 'qwen3:latest']);
    expect(listing[0]?.digest).toBe(digest);
    await expect(createChatModel({ provider: 'ollama', model: 'mistral', host: server.url }).describe()).rejects.toThrow(NotFoundError);
  });

  it('maps HTTP errors to ServiceErrors with status, retryability and Retry-After', async () => {
    const server = await track(startOllamaServer([{ error: { status: 503, message: 'server busy', headers: { 'retry-after': '2' } } }, { error: { status: 400, message: 'bad format' } }]));
    const model = createChatModel({ provider: 'ollama', model: 'test-model', host: server.url });
    const busy = await model.chat({ messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(ServiceError);
    expect((busy as ServiceError).status).toBe(503);
    expect((busy as ServiceError).retryable).toBe(true);
    expect((busy as ServiceError).details.retryAfterMs).toBe(2000);
    const bad = await model.chat({ messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect((bad as ServiceError).status).toBe(400);
    expect((bad as ServiceError).retryable).toBe(false);
    const missing = await createChatModel({ provider: 'ollama', model: 'nope', host: server.url }).chat({ messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect((missing as ServiceError).status).toBe(404);
  });
});

describe('anthropic provider', () => {
  it('sends the key, the API version, max_tokens, system prompt and output_config.format', async () => {
    const server = await track(startAnthropicServer([{ json: { answer: 'C', reason: 'QT prolongation' }, usage: { inputTokens: 50, outputTokens: 12 } }], { apiKey: TEST_KEY }));
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: TEST_KEY } });
    const reply = await model.chat({
      messages: [
        { role: 'system', content: 'Answer as JSON.' },
        { role: 'user', content: 'Which option?' },
      ],
      maxTokens: 200,
      stop: ['END'],
      responseFormat: responseFormatFor(answerSchema, 'answer'),
    });
    expect(reply).toEqual({ text: '{"answer":"C","reason":"QT prolongation"}', model: 'claude-sonnet-5-5', finishReason: 'stop', usage: { inputTokens: 50, outputTokens: 12 } });
    const request = server.generations[0];
    expect(request?.headers['anthropic-version']).toBe('2026-10-21');
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    const body = request?.body as Record<string, unknown>;
    expect(body.system).toBe('Answer as JSON.');
    expect(body.messages).toEqual([{ role: 'user', content: 'Which option?' }]);
    expect(body.max_tokens).toBe(200);
    expect(body.stop_sequences).toEqual(['END']);
    // The SDK's transformJSONSchema (lib/transform-json-schema.ts) keeps an enum without its `type`, moves
    // `minLength` into the description and sets additionalProperties to false.
    expect(body.output_config).toEqual({
      format: {
        type: 'json_schema',
        schema: {
          type: 'object',
          properties: { answer: { enum: ['A', 'B', 'C', 'D'] }, reason: { type: 'string', description: '{minLength: 3}' } },
          required: ['answer', 'reason'],
          additionalProperties: false,
        },
      },
    });
    expect(body).not.toHaveProperty('temperature');
  });

  it('refuses temperature on API version 2026-10-21 unless told to omit it, and sends it on 2023-06-01', async () => {
    const server = await track(startAnthropicServer([{ text: 'one' }, { text: 'two' }], { apiKey: TEST_KEY }));
    const environment = { ANTHROPIC_API_KEY: TEST_KEY };
    const request = { messages: [{ role: 'user' as const, content: 'x' }], temperature: 0.1 };
    const strict = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment });
    await expect(strict.chat(request)).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
    const omitting = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment, samplingParameters: 'omit' });
    expect((await omitting.chat(request)).text).toBe('one');
    expect(server.generations[0]?.body).not.toHaveProperty('temperature');
    expect((await omitting.describe()).parameters).toEqual({ apiVersion: '2026-10-21', samplingParameters: 'omit' });
    const legacy = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment, apiVersion: '2023-06-01' });
    expect((await legacy.chat(request)).text).toBe('two');
    expect(server.generations[1]?.headers['anthropic-version']).toBe('2023-06-01');
    expect((server.generations[1]?.body as Record<string, unknown>).temperature).toBe(0.1);
  });

  it('needs ANTHROPIC_API_KEY only when a request is made', async () => {
    const model = new AnthropicChatModel({ model: 'claude-sonnet-5-5', baseUrl: 'http://127.0.0.1:9', environment: {} });
    expect((await model.describe()).id).toBe('claude-sonnet-5-5');
    await expect(model.chat({ messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(ConfigurationError);
  });

  it('maps 529 overloaded and 429 with retry-after to retryable ServiceErrors, 401 to a non-retryable one', async () => {
    const server = await track(
      startAnthropicServer([{ error: { status: 529 } }, { error: { status: 429, headers: { 'retry-after': '3' } } }], { apiKey: TEST_KEY }),
    );
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: TEST_KEY } });
    const overloaded = (await model.chat({ messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as ServiceError;
    expect([overloaded.status, overloaded.retryable]).toEqual([529, true]);
    const limited = (await model.chat({ messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as ServiceError;
    expect([limited.status, limited.retryable, limited.details.retryAfterMs]).toEqual([429, true, 3000]);
    const wrongKey = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: 'sk-ant-wrong-key-000000000000' } });
    const denied = (await wrongKey.chat({ messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as ServiceError;
    expect([denied.status, denied.retryable]).toEqual([401, false]);
  });
});

describe('openai-compatible provider', () => {
  it('sends response_format json_schema, logprobs and sampling parameters, and maps logprobs', async () => {
    const server = await track(
      startOpenAIServer([{ text: 'B', logprobs: [{ token: 'B', logprob: -0.05, top: [{ token: 'B', logprob: -0.05 }, { token: 'C', logprob: -3.2 }] }], usage: { inputTokens: 20, outputTokens: 1 } }]),
    );
    const model = createChatModel({ provider: 'openai-compatible', model: 'Qwen/Qwen3-8B', baseUrl: `${server.url}/v1` });
    const format = responseFormatFor(answerSchema, 'answer');
    const reply = await model.chat({ messages: [{ role: 'user', content: 'Which?' }], temperature: 0, topP: 1, maxTokens: 1, seed: 7, stop: ['\n'], topLogprobs: 2, responseFormat: format });
    expect(reply).toEqual({
      text: 'B',
      model: 'Qwen/Qwen3-8B',
      finishReason: 'stop',
      usage: { inputTokens: 20, outputTokens: 1 },
      logprobs: [{ token: 'B', logprob: -0.05, top: [{ token: 'B', logprob: -0.05 }, { token: 'C', logprob: -3.2 }] }],
    });
    const body = server.generations[0]?.body as Record<string, unknown>;
    const { $schema: _dialect, ...schemaWithoutDialect } = format.jsonSchema;
    expect(body).toMatchObject({ model: 'Qwen/Qwen3-8B', temperature: 0, top_p: 1, max_tokens: 1, seed: 7, stop: ['\n'], logprobs: true, top_logprobs: 2 });
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'answer', schema: schemaWithoutDialect } });
  });

  it('requires a base URL and sends OPENAI_API_KEY as a bearer token when set', async () => {
    expect(() => createChatModel({ provider: 'openai-compatible', model: 'm', environment: {} })).toThrow(ConfigurationError);
    const key = 'sk-local-test-key-0123456789abcdef';
    const server = await track(startOpenAIServer([{ text: 'ok' }], { apiKey: key }));
    const model = createChatModel({ provider: 'openai-compatible', model: 'test-model', environment: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: key } });
    expect((await model.chat({ messages: [{ role: 'user', content: 'x' }] })).text).toBe('ok');
    expect(server.generations[0]?.headers.authorization).toBe(`Bearer ${key}`);
    expect((await listModels({ provider: 'openai-compatible', baseUrl: `${server.url}/v1`, apiKey: key })).map((entry) => entry.id)).toEqual(['test-model']);
  });
});
