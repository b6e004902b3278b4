/**
 * {@link createModelStack}: a provider with every wrapper in the right order —
 *
 *   cache → usage accounting → concurrency/rate limits → retry → provider
 *
 * - the cache is outermost, so a hit costs nothing (no slot, no retry, no tokens; it is still counted as a
 *   cached reply);
 * - usage sees each reply once, however many attempts it took;
 * - limits sit outside the retry layer, so waiting for a slot never eats into an attempt's timeout;
 * - the retry layer is next to the provider, so every attempt is one HTTP request.
 *
 * @example
 * const stack = createModelStack({ provider: 'ollama', model: 'llama3.1:8b', limits: { concurrency: 2 } });
 * await run.addModel({ ...(await stack.describe()), role: 'generator' });
 * const result = await generateStructured(stack.model, request, qaSchema);
 * run.setUsage(stack.report());
 */
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import type { ModelReference } from '../schemas/run-manifest.js';
import { CachedChatModel, cacheModeFromEnvironment, type CacheCounters, type CacheMode } from './cached-chat-model.js';
import type { ChatModel } from './chat-model.js';
import { LimitedChatModel, type LimitCounters, type LimitOptions } from './limited-chat-model.js';
import type { ModelPrice } from './price-table.js';
import type { ChatModelSettings } from './providers/provider-definition.js';
import { createChatModel } from './providers/provider-registry.js';
import { ResponseCache } from './response-cache.js';
import { RetryingChatModel, type RetryOptions, type RetryStatistics } from './retrying-chat-model.js';
import { UsageTracker, UsageTrackingChatModel, type UsageSummary } from './usage-tracking-chat-model.js';

export interface ModelStackOptions extends ChatModelSettings {
  /** The response cache: its mode (default `ECG_LLM_CACHE`, else `on`) and folder; `false` turns it off. */
  cache?: { mode?: CacheMode; directory?: string } | false;
  /** Retry policy; `false` turns retries off. */
  retry?: RetryOptions | false;
  /** Concurrency and rate limits (default: none). */
  limits?: LimitOptions;
  /** Price table for cost accounting (default: the built-in table). */
  prices?: readonly ModelPrice[];
  /** A tracker to share between stacks (e.g. generator and judge of one run). */
  tracker?: UsageTracker;
  /** Workspace paths (for the default cache folder). */
  paths?: WorkspacePaths;
  /** Wrap this model instead of creating one from the provider settings. */
  baseModel?: ChatModel;
}

/** Everything a stage reports about its model use: `run.setUsage(stack.report())`. */
export interface ModelStackReport extends Record<string, unknown> {
  usage: UsageSummary;
  cache: (CacheCounters & { directory: string }) | null;
  retries: RetryStatistics | null;
  limits: LimitCounters | null;
}

export interface ModelStack {
  /** The model to use (the outermost layer). */
  model: ChatModel;
  /** The provider model at the bottom of the stack. */
  provider: ChatModel;
  cache: CachedChatModel | undefined;
  usage: UsageTrackingChatModel;
  limits: LimitedChatModel | undefined;
  retry: RetryingChatModel | undefined;
  tracker: UsageTracker;
  /** The model's identity for the run manifest (works offline from the cache's memory). */
  describe(): Promise<ModelReference>;
  /** Usage, cost, cache and retry counters. */
  report(): ModelStackReport;
}

/** Creates a provider model wrapped in cache, usage accounting, limits and retry. */
export function createModelStack(options: ModelStackOptions): ModelStack {
  const { cache: cacheOptions, retry: retryOptions, limits: limitOptions, prices, tracker: sharedTracker, paths, baseModel, ...settings } = options;
  const provider = baseModel ?? createChatModel(paths ? { ...settings, paths } : settings);
  let model: ChatModel = provider;
  const retry = retryOptions === false ? undefined : new RetryingChatModel(model, retryOptions ?? {});
  if (retry) model = retry;
  const limits = limitOptions && Object.values(limitOptions).some((value) => value !== undefined) ? new LimitedChatModel(model, limitOptions) : undefined;
  if (limits) model = limits;
  const tracker = sharedTracker ?? new UsageTracker(prices);
  const usage = new UsageTrackingChatModel(model, tracker);
  model = usage;
  let cache: CachedChatModel | undefined;
  let directory = '';
  if (cacheOptions !== false) {
    const mode = cacheOptions?.mode ?? cacheModeFromEnvironment(settings.environment ?? process.env);
    if (mode !== 'off') {
      const store = cacheOptions?.directory ? new ResponseCache(cacheOptions.directory) : ResponseCache.forWorkspace(paths ?? resolveWorkspacePaths({}, settings.environment ?? process.env));
      directory = store.directory;
      cache = new CachedChatModel(model, store, {
        mode,
        onHit: (response, batch) => tracker.record(provider.provider, provider.model, response.usage, { cached: true, batch, reportedModel: response.model }),
      });
      model = cache;
    }
  }
  return {
    model,
    provider,
    cache,
    usage,
    limits,
    retry,
    tracker,
    describe: () => model.describe(),
    report: () => ({
      usage: tracker.summary(),
      cache: cache ? { ...cache.counters, directory } : null,
      retries: retry ? { ...retry.statistics } : null,
      limits: limits ? { ...limits.counters } : null,
    }),
  };
}
