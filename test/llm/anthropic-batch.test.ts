/**
 * Message Batches through the real Anthropic SDK against the protocol server: submit, poll with progress,
 * collect JSONL results by custom_id (the server returns them in reverse order), per-item errors, resubmission
 * of retryable items, cached items never submitted, batch pricing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../lib/core/errors.js';
import type { ProgressFactory } from '../../lib/core/progress.js';
import { createRandom } from '../../lib/core/random.js';
import { chatMany } from '../../lib/llm/batch.js';
import { fileBatchLedger } from '../../lib/llm/batch-ledger.js';
import { createModelStack } from '../../lib/llm/model-stack.js';
import { createChatModel } from '../../lib/llm/providers/provider-registry.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startAnthropicServer, type RecordedRequest, useTestServers } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-batch-');
const track = useTestServers();

const KEY = 'sk-ant-api03-batchtest-0123456789abcdef';
const promptOf = (request: RecordedRequest) => (request.body as { messages: Array<{ content: string }> }).messages[0]?.content ?? '';

function recordingProgress(): { factory: ProgressFactory; events: string[] } {
  const events: string[] = [];
  return {
    events,
    factory: (label, total) => {
      events.push(`start ${label.replace(/msgbatch_test\d+/, 'ID')} ${total}`);
      return { tick: (amount = 1) => events.push(`tick ${amount}`), done: (note) => events.push(`done ${note ?? ''}`) };
    },
  };
}

describe('Anthropic Message Batches', () => {
  it('submits, polls with progress and maps results and per-item failures back by id', async () => {
    const server = await track(
      startAnthropicServer(
        (request) => {
          const prompt = promptOf(request);
          if (prompt === 'bad') return { error: { status: 400, message: 'max_tokens too large' } };
          if (prompt === 'overloaded') return { error: { status: 529 } };
          if (prompt === 'late') return { batchOutcome: 'expired' };
          return { text: `answer: ${prompt}`, usage: { inputTokens: 100, outputTokens: 20 } };
        },
        { apiKey: KEY, batchProcessingPolls: 2 },
      ),
    );
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: KEY }, batchPollIntervalMs: 1 });
    const progress = recordingProgress();
    const prompts = ['P wave', 'bad', 'QRS', 'overloaded', 'late'];
    const results = await chatMany(
      model,
      prompts.map((prompt, index) => ({ id: `question/${index}`, request: { messages: [{ role: 'user', content: prompt }], maxTokens: 50 } })),
      { useBatchApi: true, progress: progress.factory },
    );
    expect(results.map((item) => item.id)).toEqual(prompts.map((_, index) => `question/${index}`));
    expect(results[0]?.result).toEqual({ ok: true, value: { text: 'answer: P wave', model: 'claude-sonnet-5-5', finishReason: 'stop', usage: { inputTokens: 100, outputTokens: 20 } } });
    expect(results[2]?.result.ok && results[2].result.value.text).toBe('answer: QRS');
    const failure = (index: number): ServiceError | undefined => {
      const result = results[index]?.result;
      return result && !result.ok ? (result.error as ServiceError) : undefined;
    };
    expect([failure(1)?.status, failure(1)?.retryable]).toEqual([400, false]);
    expect(failure(1)?.message).toContain('max_tokens too large');
    expect([failure(3)?.status, failure(3)?.retryable]).toEqual([529, true]);
    expect(failure(4)?.retryable).toBe(true);
    expect(failure(4)?.message).toMatch(/expired/);
    // One create, three polls (two in progress, then ended), then the SDK's results() retrieves the batch once
    // more for its results_url and downloads the JSONL.
    const routes = server.requests.map((request) => `${request.method} ${request.path.replace(/msgbatch_test\d+/, 'ID')}`);
    expect(routes).toEqual([
      'POST /v1/messages/batches',
      'GET /v1/messages/batches/ID',
      'GET /v1/messages/batches/ID',
      'GET /v1/messages/batches/ID',
      'GET /v1/messages/batches/ID',
      'GET /v1/messages/batches/ID/results',
    ]);
    const created = server.requests[0]?.body as { requests: Array<{ custom_id: string; params: { max_tokens: number } }> };
    expect(created.requests.map((request) => request.custom_id)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
    expect(created.requests[0]?.params.max_tokens).toBe(50);
    expect(progress.events).toEqual(['start anthropic batch ID 5', 'tick 5', 'done 2 succeeded, 2 errored, 1 expired, 0 canceled']);
  });

  it('resubmits retryable items through the retry layer, and prices batch usage at half', async () => {
    const directory = await temporaryDirectory();
    let overloadedOnce = false;
    const server = await track(
      startAnthropicServer(
        (request) => {
          if (promptOf(request) === 'flaky' && !overloadedOnce) {
            overloadedOnce = true;
            return { error: { status: 529 } };
          }
          return { text: 'ok', usage: { inputTokens: 1_000_000, outputTokens: 100_000 } };
        },
        { apiKey: KEY },
      ),
    );
    const stack = createModelStack({
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      baseUrl: server.url,
      environment: { ANTHROPIC_API_KEY: KEY },
      batchPollIntervalMs: 1,
      cache: { directory },
      retry: { initialDelayMs: 1, random: createRandom(2) },
    });
    const items = ['stable', 'flaky'].map((prompt) => ({ id: prompt, request: { messages: [{ role: 'user' as const, content: prompt }] } }));
    const results = await chatMany(stack.model, items, { useBatchApi: true });
    expect(results.map((item) => item.result.ok)).toEqual([true, true]);
    const creations = server.requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages/batches');
    expect(creations.map((request) => (request.body as { requests: unknown[] }).requests.length)).toEqual([2, 1]);
    // claude-sonnet-5-5: $2 / $10 per million tokens, batch 50%: 2 x (1.0 x 2 + 0.1 x 10) x 0.5 = 3.0 USD.
    const usage = stack.report().usage;
    expect(usage.totals).toMatchObject({ requests: 2, batchRequests: 2, inputTokens: 2_000_000, outputTokens: 200_000, costUsd: 3 });

    // Again: both items are cached, nothing is submitted.
    const before = server.requests.length;
    const again = await chatMany(stack.model, items, { useBatchApi: true });
    expect(again.map((item) => item.result.ok && item.result.value.cached)).toEqual([true, true]);
    expect(server.requests.length).toBe(before);
    expect(stack.report().usage.totals).toMatchObject({ cachedReplies: 2, costUsd: 3 });
  });

  it('polls again after a transient failure of a poll', async () => {
    let failedPoll = false;
    const server = await track(
      startAnthropicServer([{ text: 'done' }], {
        apiKey: KEY,
        intercept: (request) => {
          if (request.method === 'GET' && /^\/v1\/messages\/batches\/[^/]+$/.test(request.path) && !failedPoll) {
            failedPoll = true;
            return { error: { status: 503 } };
          }
          return undefined;
        },
      }),
    );
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: KEY }, batchPollIntervalMs: 1 });
    const results = await chatMany(model, [{ id: 'a', request: { messages: [{ role: 'user', content: 'x' }] } }], { useBatchApi: true });
    expect(results[0]?.result.ok).toBe(true);
    expect(server.requests.filter((request) => request.method === 'GET' && !request.path.endsWith('/results')).length).toBeGreaterThanOrEqual(2);
  });

  it('cancels the batch when the caller aborts while polling', async () => {
    const server = await track(startAnthropicServer([{ text: 'never collected' }], { apiKey: KEY, batchProcessingPolls: 1000 }));
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: KEY }, batchPollIntervalMs: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user stopped')), 60);
    await expect(chatMany(model, [{ id: 'a', request: { messages: [{ role: 'user', content: 'x' }] } }], { useBatchApi: true, signal: controller.signal })).rejects.toThrow('user stopped');
    expect(server.requests.some((request) => request.method === 'POST' && request.path.endsWith('/cancel'))).toBe(true);
  });

  it('refuses duplicate item ids', async () => {
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: 'http://127.0.0.1:9', environment: { ANTHROPIC_API_KEY: KEY } });
    const item = { id: 'same', request: { messages: [{ role: 'user' as const, content: 'x' }] } };
    await expect(chatMany(model, [item, item], { useBatchApi: true })).rejects.toThrow(/duplicate id "same"/);
  });

  it('collects a batch recorded in the ledger instead of submitting the same requests again', async () => {
    const directory = await temporaryDirectory();
    let pollsRefused = 0;
    const server = await track(
      startAnthropicServer((request) => ({ text: `answer: ${promptOf(request)}` }), {
        apiKey: KEY,
        batchProcessingPolls: 2,
        // The first job dies at its first poll (a non-retryable error stands in for a killed process).
        intercept: (request) => (request.method === 'GET' && pollsRefused++ === 0 ? { error: { status: 403, message: 'stand-in for a crash' } } : undefined),
      }),
    );
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: KEY }, batchPollIntervalMs: 1 });
    const items = ['P wave', 'QRS'].map((prompt) => ({ id: prompt, request: { messages: [{ role: 'user' as const, content: prompt }] } }));
    const ledgerPath = join(directory, 'provider-batches.json');
    await expect(chatMany(model, items, { useBatchApi: true, batchLedger: fileBatchLedger(ledgerPath) })).rejects.toThrow(/stand-in for a crash/);
    const [batchId] = [...server.batches.keys()];

    // A new process (a new ledger object on the same file) with the same requests: no second submission.
    const results = await chatMany(model, items, { useBatchApi: true, batchLedger: fileBatchLedger(ledgerPath) });
    expect(results.map((item) => item.result.ok && item.result.value.text)).toEqual(['answer: P wave', 'answer: QRS']);
    expect(server.requests.filter((request) => request.method === 'POST').map((request) => request.path)).toEqual(['/v1/messages/batches']);
    expect(server.requests.at(-1)?.path).toBe(`/v1/messages/batches/${batchId}/results`);

    // Other requests are a different job: a new batch.
    await chatMany(model, [{ id: 'x', request: { messages: [{ role: 'user', content: 'ST segment' }] } }], { useBatchApi: true, batchLedger: fileBatchLedger(ledgerPath) });
    expect(server.batches.size).toBe(2);
  });

  it('forgets a batch the caller canceled, and submits anew when a recorded batch was canceled or is unknown', async () => {
    const directory = await temporaryDirectory();
    const controller = new AbortController();
    const server = await track(
      startAnthropicServer((request) => ({ text: `answer: ${promptOf(request)}` }), {
        apiKey: KEY,
        batchProcessingPolls: 2,
        // The caller gives up at the first poll.
        intercept: (request) => {
          if (request.method === 'GET' && !controller.signal.aborted) controller.abort(new Error('user stopped'));
          return undefined;
        },
      }),
    );
    const model = createChatModel({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: KEY }, batchPollIntervalMs: 1 });
    const items = [{ id: 'a', request: { messages: [{ role: 'user' as const, content: 'T wave' }] } }];
    const ledgerPath = join(directory, 'provider-batches.json');
    await expect(chatMany(model, items, { useBatchApi: true, batchLedger: fileBatchLedger(ledgerPath), signal: controller.signal })).rejects.toThrow('user stopped');
    expect(JSON.parse(await readFile(ledgerPath, 'utf8'))).toEqual({});
    const [canceled] = [...server.batches.keys()];
    expect(server.batches.get(canceled!)?.canceled).toBe(true);
    // A ledger that still names the canceled batch, then one naming a batch the server never had: both submit anew.
    for (const remembered of [canceled!, 'msgbatch_gone']) {
      const ledger = { recall: async () => remembered, remember: async () => undefined, forget: async () => undefined };
      const before = server.batches.size;
      const results = await chatMany(model, items, { useBatchApi: true, batchLedger: ledger });
      expect(results[0]?.result.ok && results[0].result.value.text).toBe('answer: T wave');
      expect(server.batches.size).toBe(before + 1);
    }
  });
});
