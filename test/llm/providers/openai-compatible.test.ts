import { describe, expect, it } from 'vitest';
import { createModelStack } from '../../../lib/llm/model-stack.js';
import { startOpenAIServer, useTestServers, type TestServer } from '../../servers/index.js';
import { useTemporaryDirectory } from '../../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const track = useTestServers();
const request = { messages: [{ role: 'user' as const, content: 'Name the first wave of the ECG.' }], temperature: 0 };

/** Asks `server` once through a fresh model stack with the cache in `directory`; says whether the cache answered. */
async function ask(server: TestServer, directory: string, settings: { model?: string; adapterSha256?: string } = {}): Promise<{ text: string; cached: boolean }> {
  const before = server.generations.length;
  const stack = createModelStack({
    provider: 'openai-compatible',
    model: settings.model ?? 'ecg-8b',
    baseUrl: `${server.url}/v1`,
    environment: {},
    cache: { mode: 'on', directory },
    retry: false,
    ...(settings.adapterSha256 ? { adapterSha256: settings.adapterSha256 } : {}),
  });
  const response = await stack.model.chat(request);
  return { text: response.text, cached: server.generations.length === before };
}

describe('the OpenAI-compatible provider as the response cache keys it', () => {
  // Issue 9: the cache key held no identity of the server or the weights, so another server, or a retrained
  // adapter served under the same name, was answered from old entries. `/v1/models` fields as vLLM reports them
  // (vllm/entrypoints/openai/protocol.py, ModelCard: id, object, created, owned_by, root, parent).
  it('answers from the cache only for the same model as the server describes it', async () => {
    const cache = await temporaryDirectory();
    const vllm = { owned_by: 'vllm', root: '/models/ecg-8b', parent: 'meta-llama/Llama-3.1-8B-Instruct' };
    const first = await track(startOpenAIServer(() => ({ text: 'P wave (first)' }), { models: ['ecg-8b'], modelFields: { ...vllm, created: 1_767_225_600 } }));
    expect(await ask(first, cache)).toEqual({ text: 'P wave (first)', cached: false });
    // The same server again, through a fresh stack: a cache hit.
    expect(await ask(first, cache)).toEqual({ text: 'P wave (first)', cached: true });

    // The same name re-created (another `created`): a miss.
    const recreated = await track(startOpenAIServer(() => ({ text: 'P wave (recreated)' }), { models: ['ecg-8b'], modelFields: { ...vllm, created: 1_767_312_000 } }));
    expect(await ask(recreated, cache)).toEqual({ text: 'P wave (recreated)', cached: false });
    // Another adapter root under the same name: a miss.
    const otherWeights = await track(startOpenAIServer(() => ({ text: 'P wave (other weights)' }), { models: ['ecg-8b'], modelFields: { ...vllm, root: '/models/ecg-8b-v2', created: 1_767_225_600 } }));
    expect(await ask(otherWeights, cache)).toEqual({ text: 'P wave (other weights)', cached: false });

    // The adapter's sha256, where the workspace knows it, is part of the identity too.
    expect(await ask(first, cache, { adapterSha256: 'a'.repeat(64) })).toEqual({ text: 'P wave (first)', cached: false });
    expect(await ask(first, cache, { adapterSha256: 'a'.repeat(64) })).toEqual({ text: 'P wave (first)', cached: true });
    expect(await ask(first, cache, { adapterSha256: 'b'.repeat(64) })).toEqual({ text: 'P wave (first)', cached: false });
  });

  it('ignores a `created` that is only the time of the reply (vLLM, llama.cpp server), so the cache still works there', async () => {
    const cache = await temporaryDirectory();
    let now = Math.floor(Date.now() / 1000);
    const server = await track(startOpenAIServer(() => ({ text: 'QRS' }), { models: ['ecg-8b'], modelFields: { owned_by: 'vllm', root: '/models/ecg-8b', get created() { return now++; } } }));
    expect((await ask(server, cache)).cached).toBe(false);
    expect((await ask(server, cache)).cached).toBe(true);
  });

  it('falls back to the server address when the model is not listed', async () => {
    const cache = await temporaryDirectory();
    const first = await track(startOpenAIServer(() => ({ text: 'T wave' }), { models: ['another-model'] }));
    const second = await track(startOpenAIServer(() => ({ text: 'T wave' }), { models: ['another-model'] }));
    expect((await ask(first, cache)).cached).toBe(false);
    expect((await ask(first, cache)).cached).toBe(true);
    expect((await ask(second, cache)).cached).toBe(false);
    const stack = createModelStack({ provider: 'openai-compatible', model: 'ecg-8b', baseUrl: `${first.url}/v1`, environment: {}, cache: false, retry: false });
    expect((await stack.describe()).parameters).toEqual({ server: `${first.url}/v1` });
  });
});
