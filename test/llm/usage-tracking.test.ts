/**
 * Usage and cost accounting. Expected costs are computed by hand from the price table's per-million-token
 * prices (sources cited in lib/llm/price-table.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { withRun } from '../../lib/core/run.js';
import { createModelStack } from '../../lib/llm/model-stack.js';
import { costOf, DEFAULT_PRICES, findPrice } from '../../lib/llm/price-table.js';
import { UsageTracker } from '../../lib/llm/usage-tracking-chat-model.js';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startAnthropicServer, startOllamaServer, useTestServers } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-usage-');
const track = useTestServers();

describe('price table', () => {
  it('cites a source and a date for every price', () => {
    for (const price of DEFAULT_PRICES) {
      expect(price.source).toMatch(/^https:\/\//);
      expect(price.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('computes standard, batch and long-prompt costs', () => {
    const opus = findPrice(DEFAULT_PRICES, 'anthropic', 'claude-opus-5-5');
    // (12,345 x $4 + 678 x $20) / 1e6 = $0.06294
    expect(costOf(opus!, { inputTokens: 12_345, outputTokens: 678 })).toBeCloseTo(0.06294, 12);
    expect(costOf(opus!, { inputTokens: 12_345, outputTokens: 678 }, { batch: true })).toBeCloseTo(0.03147, 12);
    const haiku = findPrice(DEFAULT_PRICES, 'anthropic', 'claude-haiku-5-5');
    // Prompts over 100K tokens: (150,000 x $0.50 + 1,000 x $2.50) / 1e6 = $0.0775; at or under: $0.10 / $0.50.
    expect(costOf(haiku!, { inputTokens: 150_000, outputTokens: 1_000 })).toBeCloseTo(0.0775, 12);
    expect(costOf(haiku!, { inputTokens: 100_000, outputTokens: 1_000 })).toBeCloseTo(0.0105, 12);
    expect(findPrice(DEFAULT_PRICES, 'ollama', 'llama3.1:8b')).toBeUndefined();
  });
});

describe('UsageTracker', () => {
  it('sums tokens and cost per model; an unknown price makes the cost null, never 0', () => {
    const tracker = new UsageTracker();
    tracker.record('anthropic', 'claude-sonnet-5-5', { inputTokens: 1000, outputTokens: 200 });
    tracker.record('anthropic', 'claude-sonnet-5-5', { inputTokens: 3000, outputTokens: 800 }, { batch: true });
    tracker.record('anthropic', 'claude-sonnet-5-5', { inputTokens: 999, outputTokens: 999 }, { cached: true });
    tracker.record('ollama', 'llama3.1:8b', { inputTokens: 500, outputTokens: 50 });
    const summary = tracker.summary();
    const sonnet = summary.models.find((entry) => entry.model === 'claude-sonnet-5-5');
    // (1000 x 2 + 200 x 10) / 1e6 = 0.004; batch: (3000 x 2 + 800 x 10) / 1e6 x 0.5 = 0.007; total 0.011.
    expect(sonnet).toMatchObject({ requests: 2, batchRequests: 1, cachedReplies: 1, inputTokens: 4000, outputTokens: 1000, costUsd: 0.011 });
    expect(summary.models.find((entry) => entry.model === 'llama3.1:8b')).toMatchObject({ costUsd: null, price: null, inputTokens: 500 });
    expect(summary.totals).toEqual({ requests: 3, batchRequests: 1, cachedReplies: 1, inputTokens: 4500, outputTokens: 1050, costUsd: null, knownCostUsd: 0.011 });
  });

  it('goes into the run manifest through run.setUsage', async () => {
    const root = await temporaryDirectory();
    const key = 'sk-ant-api03-usagetest-0123456789abcdef';
    const server = await track(startAnthropicServer([{ text: 'a', usage: { inputTokens: 2000, outputTokens: 100 } }], { apiKey: key }));
    const ollama = await track(startOllamaServer([{ text: 'b', usage: { inputTokens: 10, outputTokens: 5 } }]));
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const { run } = await withRun({ stage: 'llm-usage-test', config: {}, paths }, async (current) => {
      const judge = createModelStack({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: server.url, environment: { ANTHROPIC_API_KEY: key }, paths });
      const generator = createModelStack({ provider: 'ollama', model: 'test-model', host: ollama.url, paths, tracker: judge.tracker });
      await judge.model.chat({ messages: [{ role: 'user', content: 'judge this' }] });
      await generator.model.chat({ messages: [{ role: 'user', content: 'generate' }] });
      await current.addModel({ ...(await judge.describe()), role: 'judge' });
      await current.addModel({ ...(await generator.describe()), role: 'generator' });
      current.setUsage(judge.report());
    });
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(run.dir, 'manifest.json'), 'utf8')));
    const usage = manifest.usage as { usage: { totals: Record<string, unknown> }; cache: Record<string, unknown> };
    // (2000 x 2 + 100 x 10) / 1e6 = 0.005 for the judge; the Ollama model has no price.
    expect(usage.usage.totals).toMatchObject({ requests: 2, inputTokens: 2010, outputTokens: 105, costUsd: null, knownCostUsd: 0.005 });
    expect(usage.cache).toMatchObject({ mode: 'on', misses: 1, writes: 1 });
    expect(manifest.models.map((model) => [model.role, model.provider, model.id])).toEqual([
      ['judge', 'anthropic', 'claude-sonnet-5-5'],
      ['generator', 'ollama', 'test-model'],
    ]);
    expect(manifest.models[1]?.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
