/**
 * A ChatModel that answers from the persistent {@link ResponseCache} when it can. It is the outermost wrapper of
 * a model stack, so a hit costs nothing: no request, no rate-limit slot, no tokens.
 *
 * Modes (`ECG_LLM_CACHE` in the environment, or the `mode` option):
 * - `on` (default): serve hits, call the model on a miss and store the reply;
 * - `replay`: serve hits; a miss is a {@link CacheMissError} — for replaying a colleague's run without any model;
 * - `refresh`: always call the model and overwrite the stored reply;
 * - `off`: pass every request through, read and write nothing.
 *
 * Identical requests in flight at the same time within a process are sent once.
 */
import { ConfigurationError } from '../core/errors.js';
import type { ModelReference } from '../schemas/run-manifest.js';
import { assertUniqueIds, supportsBatch, type BatchCallOptions, type BatchChatModel, type BatchRequestItem, type BatchResultItem } from './batch.js';
import type { ChatCallOptions, ChatModel, ChatRequest, ChatResponse } from './chat-model.js';
import { CacheMissError, cacheKeyFor, cacheKeyHash, type CacheModelIdentity, type ResponseCache } from './response-cache.js';

export type CacheMode = 'on' | 'replay' | 'refresh' | 'off';
export const CACHE_MODES: readonly CacheMode[] = ['on', 'replay', 'refresh', 'off'];

/** Reads `ECG_LLM_CACHE` (`on`, `replay`, `refresh`, `off`; default `on`). */
export function cacheModeFromEnvironment(environment: NodeJS.ProcessEnv = process.env): CacheMode {
  const value = environment.ECG_LLM_CACHE?.trim().toLowerCase();
  if (value === undefined || value === '') return 'on';
  if ((CACHE_MODES as readonly string[]).includes(value)) return value as CacheMode;
  throw new ConfigurationError('ECG_LLM_CACHE', `must be one of ${CACHE_MODES.join(', ')}; got "${value}"`);
}

export interface CachedChatModelOptions {
  mode?: CacheMode;
  /** Called for every reply served from the cache (usage accounting counts them as cached replies). */
  onHit?: (response: ChatResponse, batch: boolean) => void;
}

/** Counters of a cache layer, for the run manifest. */
export interface CacheCounters {
  mode: CacheMode;
  hits: number;
  misses: number;
  writes: number;
}

/** Wraps a model with the response cache. */
export class CachedChatModel implements ChatModel {
  readonly provider: string;
  readonly model: string;
  readonly inner: ChatModel;
  readonly cache: ResponseCache;
  readonly mode: CacheMode;
  readonly counters: CacheCounters;
  /** Present when the inner model has a batch API: only the misses are submitted. */
  readonly chatBatch?: BatchChatModel['chatBatch'];
  private identityPromise: Promise<CacheModelIdentity> | undefined;
  private readonly inFlight = new Map<string, Promise<ChatResponse>>();
  private readonly onHit: ((response: ChatResponse, batch: boolean) => void) | undefined;

  constructor(inner: ChatModel, cache: ResponseCache, options: CachedChatModelOptions = {}) {
    this.inner = inner;
    this.cache = cache;
    this.provider = inner.provider;
    this.model = inner.model;
    this.mode = options.mode ?? 'on';
    this.counters = { mode: this.mode, hits: 0, misses: 0, writes: 0 };
    this.onHit = options.onHit;
    if (supportsBatch(inner)) this.chatBatch = (items, batchOptions) => this.cachedBatch(inner, items, batchOptions);
  }

  /**
   * The model's identity for the cache key: from the provider (and remembered), or — in replay mode, or when the
   * provider cannot be reached — the identity remembered last time, so cached runs replay offline.
   */
  identity(): Promise<CacheModelIdentity> {
    if (!this.identityPromise) {
      this.identityPromise = (async () => {
        // Replay never contacts the provider: the identity remembered with the entries is used when there is one.
        if (this.mode === 'replay') {
          const remembered = await this.cache.recallModel(this.provider, this.model);
          if (remembered) return remembered;
        }
        try {
          const reference = await this.inner.describe();
          const identity: CacheModelIdentity = { provider: this.provider, model: this.model, digest: reference.digest, parameters: reference.parameters ?? {} };
          if (this.mode !== 'off') await this.cache.rememberModel(identity);
          return identity;
        } catch (error) {
          const remembered = this.mode === 'off' ? undefined : await this.cache.recallModel(this.provider, this.model);
          if (remembered) return remembered;
          throw error;
        }
      })();
      this.identityPromise.catch(() => {
        this.identityPromise = undefined;
      });
    }
    return this.identityPromise;
  }

  async describe(): Promise<ModelReference> {
    if (this.mode === 'replay') {
      const identity = await this.identity();
      return { role: 'chat', provider: this.provider, id: this.model, ...(identity.digest ? { digest: identity.digest } : {}), parameters: identity.parameters };
    }
    try {
      return await this.inner.describe();
    } catch (error) {
      if (this.mode === 'off') throw error;
      const remembered = await this.cache.recallModel(this.provider, this.model);
      if (!remembered) throw error;
      return { role: 'chat', provider: this.provider, id: this.model, ...(remembered.digest ? { digest: remembered.digest } : {}), parameters: remembered.parameters };
    }
  }

  /** The content address a request has with this model. */
  async keyHash(request: ChatRequest): Promise<string> {
    return cacheKeyHash(cacheKeyFor(await this.identity(), request));
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    if (this.mode === 'off') return this.inner.chat(request, options);
    const key = cacheKeyFor(await this.identity(), request);
    const keyHash = cacheKeyHash(key);
    if (this.mode !== 'refresh') {
      const stored = await this.cache.getResponse(keyHash);
      if (stored) {
        this.counters.hits++;
        const response: ChatResponse = { ...stored, cached: true };
        this.onHit?.(response, false);
        options.onDelta?.({ text: response.text, outputTokens: response.usage.outputTokens });
        return response;
      }
    }
    this.counters.misses++;
    if (this.mode === 'replay') throw new CacheMissError(keyHash, this.provider, this.model);
    const pending = this.inFlight.get(keyHash);
    if (pending) return pending;
    const call = (async () => {
      const response = await this.inner.chat(request, options);
      await this.cache.put(key, response);
      this.counters.writes++;
      return { ...response, cached: false };
    })();
    this.inFlight.set(keyHash, call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(keyHash);
    }
  }

  private async cachedBatch(inner: BatchChatModel, items: BatchRequestItem[], options: BatchCallOptions = {}): Promise<BatchResultItem[]> {
    assertUniqueIds(items);
    if (this.mode === 'off') return inner.chatBatch(items, options);
    const identity = await this.identity();
    const results = new Map<string, BatchResultItem>();
    const misses: Array<{ item: BatchRequestItem; key: ReturnType<typeof cacheKeyFor> }> = [];
    for (const item of items) {
      const key = cacheKeyFor(identity, item.request);
      const stored = this.mode === 'refresh' ? undefined : await this.cache.getResponse(cacheKeyHash(key));
      if (stored) {
        this.counters.hits++;
        const response: ChatResponse = { ...stored, cached: true };
        this.onHit?.(response, true);
        results.set(item.id, { id: item.id, result: { ok: true, value: response } });
      } else {
        this.counters.misses++;
        if (this.mode === 'replay') throw new CacheMissError(cacheKeyHash(key), this.provider, this.model);
        misses.push({ item, key });
      }
    }
    if (misses.length > 0) {
      const fresh = await inner.chatBatch(
        misses.map(({ item }) => item),
        options,
      );
      for (const [index, entry] of fresh.entries()) {
        const { item, key } = misses[index] as (typeof misses)[number];
        if (entry.result.ok) {
          await this.cache.put(key, entry.result.value);
          this.counters.writes++;
          results.set(item.id, { id: item.id, result: { ok: true, value: { ...entry.result.value, cached: false } } });
        } else results.set(item.id, entry);
      }
    }
    return items.map((item) => results.get(item.id) as BatchResultItem);
  }
}

/** Wraps a model with a response cache. */
export function withResponseCache(model: ChatModel, cache: ResponseCache, options: CachedChatModelOptions = {}): CachedChatModel {
  return new CachedChatModel(model, cache, options);
}
