/**
 * Token usage and cost accounting per run. A {@link UsageTracker} sums requests, tokens and cost per
 * provider/model (batch-API requests priced as batch requests); {@link UsageTrackingChatModel} feeds it from a
 * model's replies. The summary goes into the run manifest with `run.setUsage(tracker.summary())`. A model
 * without a known price has `costUsd: null`, and so has the total — an unknown cost is never shown as 0.
 */
import type { ModelReference } from '../schemas/run-manifest.js';
import { supportsBatch, type BatchCallOptions, type BatchChatModel, type BatchRequestItem, type BatchResultItem } from './batch.js';
import type { ChatCallOptions, ChatModel, ChatRequest, ChatResponse, ChatUsage } from './chat-model.js';
import { costOf, DEFAULT_PRICES, findPrice, type ModelPrice } from './price-table.js';

/** Usage of one provider/model in a run. */
export interface ModelUsage {
  provider: string;
  model: string;
  /** Requests answered by the provider. */
  requests: number;
  /** Of those, requests made through the batch API. */
  batchRequests: number;
  /** Replies served from the response cache (no tokens charged). */
  cachedReplies: number;
  inputTokens: number;
  outputTokens: number;
  /** USD, or null when the model has no known price. */
  costUsd: number | null;
  /** The price used, with its source. */
  price: Pick<ModelPrice, 'inputPerMillionTokens' | 'outputPerMillionTokens' | 'batchMultiplier' | 'source' | 'retrieved'> | null;
}

export interface UsageSummary {
  currency: 'USD';
  models: ModelUsage[];
  /** Sums over the models; `costUsd` is null when any model's price is unknown. */
  totals: Pick<ModelUsage, 'requests' | 'batchRequests' | 'cachedReplies' | 'inputTokens' | 'outputTokens' | 'costUsd'> & {
    /** The sum over models with a known price. */
    knownCostUsd: number;
  };
}

/** Accumulates usage and cost. */
export class UsageTracker {
  private readonly prices: readonly ModelPrice[];
  private readonly usage = new Map<string, ModelUsage>();

  constructor(prices: readonly ModelPrice[] = DEFAULT_PRICES) {
    this.prices = prices;
  }

  /** Records one reply. `reportedModel` (the id the provider answered with) is used for pricing when the requested id has no price. */
  record(provider: string, model: string, usage: ChatUsage, options: { batch?: boolean; cached?: boolean; reportedModel?: string } = {}): void {
    const key = `${provider}\n${model}`;
    let entry = this.usage.get(key);
    if (!entry) {
      const price = findPrice(this.prices, provider, model) ?? (options.reportedModel ? findPrice(this.prices, provider, options.reportedModel) : undefined);
      entry = {
        provider,
        model,
        requests: 0,
        batchRequests: 0,
        cachedReplies: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: price ? 0 : null,
        price: price
          ? {
              inputPerMillionTokens: price.inputPerMillionTokens,
              outputPerMillionTokens: price.outputPerMillionTokens,
              ...(price.batchMultiplier !== undefined ? { batchMultiplier: price.batchMultiplier } : {}),
              source: price.source,
              retrieved: price.retrieved,
            }
          : null,
      };
      this.usage.set(key, entry);
    }
    if (options.cached) {
      entry.cachedReplies++;
      return;
    }
    entry.requests++;
    if (options.batch) entry.batchRequests++;
    entry.inputTokens += usage.inputTokens;
    entry.outputTokens += usage.outputTokens;
    const price = findPrice(this.prices, provider, model) ?? (options.reportedModel ? findPrice(this.prices, provider, options.reportedModel) : undefined);
    if (entry.costUsd !== null && price) entry.costUsd += costOf(price, usage, { batch: options.batch ?? false });
  }

  /** The usage so far, for `run.setUsage(...)`. */
  summary(): UsageSummary {
    const models = [...this.usage.values()].map((entry) => ({ ...entry, ...(entry.costUsd !== null ? { costUsd: roundUsd(entry.costUsd) } : {}) }));
    const sum = (pick: (entry: ModelUsage) => number) => models.reduce((total, entry) => total + pick(entry), 0);
    const knownCostUsd = roundUsd(sum((entry) => entry.costUsd ?? 0));
    const unknown = models.some((entry) => entry.costUsd === null && entry.requests > 0);
    return {
      currency: 'USD',
      models,
      totals: {
        requests: sum((entry) => entry.requests),
        batchRequests: sum((entry) => entry.batchRequests),
        cachedReplies: sum((entry) => entry.cachedReplies),
        inputTokens: sum((entry) => entry.inputTokens),
        outputTokens: sum((entry) => entry.outputTokens),
        costUsd: unknown ? null : knownCostUsd,
        knownCostUsd,
      },
    };
  }
}

/** Rounds to micro-dollars, so sums of many small costs print cleanly. */
function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A ChatModel that records every reply's usage in a tracker. */
export class UsageTrackingChatModel implements ChatModel {
  readonly provider: string;
  readonly model: string;
  readonly inner: ChatModel;
  readonly tracker: UsageTracker;
  /** Present when the inner model has a batch API; its replies are priced as batch requests. */
  readonly chatBatch?: BatchChatModel['chatBatch'];

  constructor(inner: ChatModel, tracker: UsageTracker = new UsageTracker()) {
    this.inner = inner;
    this.tracker = tracker;
    this.provider = inner.provider;
    this.model = inner.model;
    if (supportsBatch(inner)) this.chatBatch = (items, options) => this.trackedBatch(inner, items, options);
  }

  describe(): Promise<ModelReference> {
    return this.inner.describe();
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    const response = await this.inner.chat(request, options);
    this.tracker.record(this.provider, this.model, response.usage, { cached: response.cached === true, reportedModel: response.model });
    return response;
  }

  private async trackedBatch(inner: BatchChatModel, items: BatchRequestItem[], options?: BatchCallOptions): Promise<BatchResultItem[]> {
    const results = await inner.chatBatch(items, options);
    for (const entry of results) {
      if (entry.result.ok) {
        const response = entry.result.value;
        this.tracker.record(this.provider, this.model, response.usage, { batch: true, cached: response.cached === true, reportedModel: response.model });
      }
    }
    return results;
  }
}

/** Wraps a model so its usage is recorded in `tracker`. */
export function withUsageTracking(model: ChatModel, tracker: UsageTracker = new UsageTracker()): UsageTrackingChatModel {
  return new UsageTrackingChatModel(model, tracker);
}
