/**
 * Structured output: native constraint, validation, the single repair turn, and failure records that keep the
 * raw text. The expected repair conversation is the one documented in structured-output.ts.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError } from '../../lib/core/errors.js';
import { createRandom } from '../../lib/core/random.js';
import { createChatModel } from '../../lib/llm/providers/provider-registry.js';
import { withRetry } from '../../lib/llm/retrying-chat-model.js';
import { extractJsonText, generateStructured, generateStructuredMany, parseStructuredReply, responseFormatFor } from '../../lib/llm/structured-output.js';
import { startAnthropicServer, startOllamaServer, useTestServers } from '../servers/index.js';

const track = useTestServers();

const itemSchema = z.object({
  question: z.string().min(10),
  options: z.array(z.string()).length(4),
  answer: z.enum(['A', 'B', 'C', 'D']),
});
const valid = { question: 'Which wave reflects atrial depolarisation?', options: ['P', 'QRS', 'T', 'U'], answer: 'A' };
const request = { messages: [{ role: 'user' as const, content: 'Write one multiple-choice item about the P wave.' }], temperature: 0.1 };

describe('parsing replies', () => {
  it('accepts fenced JSON, reasoning blocks and surrounding prose', () => {
    expect(extractJsonText('<think>let me see</think>\n```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(parseStructuredReply(`Here it is: ${JSON.stringify(valid)} Hope this helps.`, itemSchema)).toEqual({ ok: true, value: valid });
  });

  it('names the path and problem of schema violations, and JSON syntax errors', () => {
    const wrong = parseStructuredReply(JSON.stringify({ ...valid, options: ['P', 'QRS'], answer: 'E' }), itemSchema);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.map((issue) => issue.path)).toEqual(['options', 'answer']);
    const broken = parseStructuredReply('{"question": "unterminated', itemSchema);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error[0]?.message).toMatch(/^not valid JSON/);
  });

  it('builds a response format from a zod schema with a valid name', () => {
    const format = responseFormatFor(itemSchema, 'mc_item');
    expect(format.name).toBe('mc_item');
    expect(format.jsonSchema.required).toEqual(['question', 'options', 'answer']);
    expect(() => responseFormatFor(itemSchema, 'has spaces')).toThrow(/must match/);
  });
});

describe('generateStructured', () => {
  it('returns the value when the first reply is valid', async () => {
    const server = await track(startOllamaServer([{ json: valid }]));
    const model = createChatModel({ provider: 'ollama', model: 'test-model', host: server.url });
    const result = await generateStructured(model, request, itemSchema, { name: 'mc_item' });
    expect(result.ok).toBe(true);
    if (result.ok) expect([result.value.value, result.value.attempts]).toEqual([valid, 1]);
    expect((server.generations[0]?.body as { format: { required: string[] } }).format.required).toEqual(['question', 'options', 'answer']);
  });

  it('repairs an invalid reply once, showing the model its reply and the validation error', async () => {
    const invalid = { ...valid, options: ['P', 'QRS', 'T'] };
    const server = await track(startOllamaServer([{ json: invalid }, { json: valid }]));
    const model = createChatModel({ provider: 'ollama', model: 'test-model', host: server.url });
    const result = await generateStructured(model, request, itemSchema);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.attempts).toBe(2);
    const repair = server.generations[1]?.body as { messages: Array<{ role: string; content: string }>; format: unknown; options: unknown };
    expect(repair.messages).toHaveLength(3);
    expect(repair.messages[1]).toEqual({ role: 'assistant', content: JSON.stringify(invalid) });
    expect(repair.messages[2]?.role).toBe('user');
    // zod 4's message for a .length(4) array with 3 items.
    expect(repair.messages[2]?.content).toContain('- options: Too small: expected array to have exactly 4 items');
    // The repair turn keeps the constraint and the sampling parameters.
    expect(repair.format).toEqual((server.generations[0]?.body as { format: unknown }).format);
    expect(repair.options).toEqual({ temperature: 0.1 });
  });

  it('returns a failure record with every raw text when the repair also fails', async () => {
    const server = await track(startOllamaServer([{ text: 'Sorry, I cannot.' }, { json: { question: 'short' } }]));
    const model = createChatModel({ provider: 'ollama', model: 'test-model', host: server.url });
    const result = await generateStructured(model, request, itemSchema);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('invalid-output');
      expect(result.error.attempts).toBe(2);
      expect(result.error.rawTexts).toEqual(['Sorry, I cannot.', '{"question":"short"}']);
      expect(result.error.rawText).toBe('{"question":"short"}');
      expect(result.error.issues.map((issue) => issue.path)).toEqual(['question', 'options', 'answer']);
    }
  });

  it('records a provider failure that survived the retries as a service-error failure', async () => {
    const server = await track(startOllamaServer([{ error: { status: 500 } }, { error: { status: 500 } }]));
    const model = withRetry(createChatModel({ provider: 'ollama', model: 'test-model', host: server.url }), { maxAttempts: 2, initialDelayMs: 1, random: createRandom(3) });
    const result = await generateStructured(model, request, itemSchema);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('service-error');
      expect(result.error.rawText).toBeNull();
      expect(result.error.error?.details).toMatchObject({ status: 500, attempts: 2 });
    }
  });

  it('throws configuration errors instead of recording them per item', async () => {
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: 'http://127.0.0.1:9', environment: {} });
    await expect(generateStructured(model, { messages: request.messages }, itemSchema)).rejects.toThrow(ConfigurationError);
  });
});

describe('generateStructuredMany', () => {
  it('runs first attempts as one Anthropic batch and repairs in a second batch', async () => {
    const key = 'sk-ant-api03-structured-0123456789abcdef';
    const server = await track(
      startAnthropicServer((call) => {
        const messages = (call.body as { messages: Array<{ content: string }> }).messages;
        const prompt = messages[0]?.content ?? '';
        if (messages.length === 3) return { json: valid }; // the repair turn
        if (prompt.includes('item 2')) return { json: { ...valid, answer: 'Z' } };
        if (prompt.includes('item 3')) return { error: { status: 400, message: 'prompt too long' } };
        return { json: valid };
      }, { apiKey: key }),
    );
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: key }, batchPollIntervalMs: 1 });
    const items = [1, 2, 3].map((number) => ({ id: `chunk-${number}`, request: { messages: [{ role: 'user' as const, content: `Write item ${number}.` }] } }));
    const results = await generateStructuredMany(model, items, itemSchema, { useBatchApi: true, name: 'mc_item' });
    expect(results.map((item) => item.id)).toEqual(['chunk-1', 'chunk-2', 'chunk-3']);
    expect(results[0]?.result.ok).toBe(true);
    expect(results[1]?.result.ok && results[1].result.value.attempts).toBe(2);
    const third = results[2]?.result;
    expect(third?.ok).toBe(false);
    if (third && !third.ok) expect([third.error.kind, third.error.error?.details]).toEqual(['service-error', expect.objectContaining({ status: 400 })]);
    const batchCreations = server.requests.filter((call) => call.method === 'POST' && call.path === '/v1/messages/batches');
    expect(batchCreations.map((call) => (call.body as { requests: unknown[] }).requests.length)).toEqual([3, 1]);
    expect(server.requests.filter((call) => call.path === '/v1/messages')).toHaveLength(0);
  });
});
