/**
 * Concurrency and rate limits around any ChatModel: at most `concurrency` requests in flight, at most
 * `requestsPerMinute` requests started and at most `tokensPerMinute` tokens (input + output) used in any
 * sliding window of `windowMs` (default one minute). A request's input tokens are estimated before it starts
 * (ceil(characters / 4)) and replaced by the reported usage when it finishes. Requests wait in arrival order.
 *
 * In a model stack this layer sits outside the retry layer, so a request waiting for a slot does not use up its
 * attempt timeout, and a request keeps its slot while it backs off.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { ModelReference } from '../schemas/run-manifest.js';
import { sleep } from './abort-signals.js';
import { supportsBatch, type BatchChatModel } from './batch.js';
import type { ChatCallOptions, ChatModel, ChatRequest, ChatResponse } from './chat-model.js';

export interface LimitOptions {
  /** Requests in flight at once (default: no limit). */
  concurrency?: number;
  /** Requests started per window (default: no limit). */
  requestsPerMinute?: number;
  /** Input + output tokens per window (default: no limit). */
  tokensPerMinute?: number;
  /** The window of the per-minute limits in milliseconds (default 60 000). */
  windowMs?: number;
  /** Token estimate of a request before it runs (default: ceil(characters of the messages / 4)). */
  estimateTokens?: (request: ChatRequest) => number;
}

/** Counters of a limits layer. */
export interface LimitCounters {
  requests: number;
  /** The most requests that were in flight at once. */
  peakInFlight: number;
  /** Total time requests waited for a slot or for the rate window, in milliseconds. */
  waitedMs: number;
}

function defaultEstimate(request: ChatRequest): number {
  return Math.ceil(request.messages.reduce((sum, message) => sum + message.content.length, 0) / 4);
}

function positive(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(name, `must be a positive number, got ${value}`);
  return value;
}

/** A ChatModel with concurrency and rate limits. */
export class LimitedChatModel implements ChatModel {
  readonly provider: string;
  readonly model: string;
  readonly inner: ChatModel;
  readonly counters: LimitCounters = { requests: 0, peakInFlight: 0, waitedMs: 0 };
  /** Present when the inner model has a batch API (one job, not limited here). */
  readonly chatBatch?: BatchChatModel['chatBatch'];
  private readonly concurrency: number | undefined;
  private readonly requestsPerMinute: number | undefined;
  private readonly tokensPerMinute: number | undefined;
  private readonly windowMs: number;
  private readonly estimate: (request: ChatRequest) => number;
  private active = 0;
  private readonly waiting: Array<{ resume: () => void }> = [];
  private readonly started: number[] = [];
  private readonly tokenEvents: Array<{ time: number; tokens: number }> = [];
  private rateTurn: Promise<void> = Promise.resolve();

  constructor(inner: ChatModel, options: LimitOptions = {}) {
    this.inner = inner;
    this.provider = inner.provider;
    this.model = inner.model;
    this.concurrency = positive('concurrency', options.concurrency);
    this.requestsPerMinute = positive('requestsPerMinute', options.requestsPerMinute);
    this.tokensPerMinute = positive('tokensPerMinute', options.tokensPerMinute);
    this.windowMs = positive('windowMs', options.windowMs) ?? 60_000;
    this.estimate = options.estimateTokens ?? defaultEstimate;
    if (supportsBatch(inner)) this.chatBatch = (items, batchOptions) => inner.chatBatch(items, batchOptions);
  }

  describe(): Promise<ModelReference> {
    return this.inner.describe();
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    const began = performance.now();
    await this.acquire(options.signal);
    try {
      const reservation = await this.waitForRate(this.estimate(request), options.signal);
      this.counters.waitedMs += performance.now() - began;
      this.counters.requests++;
      const response = await this.inner.chat(request, options);
      if (reservation) reservation.tokens = response.usage.inputTokens + response.usage.outputTokens;
      return response;
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (this.concurrency === undefined || this.active < this.concurrency) {
      this.active++;
      this.counters.peakInFlight = Math.max(this.counters.peakInFlight, this.active);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resume: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          this.counters.peakInFlight = Math.max(this.counters.peakInFlight, this.active);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.resume();
  }

  /** Waits (in arrival order) until the request fits the per-window limits, then books it. */
  private waitForRate(estimate: number, signal: AbortSignal | undefined): Promise<{ time: number; tokens: number } | undefined> {
    if (this.requestsPerMinute === undefined && this.tokensPerMinute === undefined) return Promise.resolve(undefined);
    const turn = this.rateTurn.then(async () => {
      for (;;) {
        const now = performance.now();
        while (this.started.length > 0 && (this.started[0] as number) <= now - this.windowMs) this.started.shift();
        while (this.tokenEvents.length > 0 && (this.tokenEvents[0] as { time: number }).time <= now - this.windowMs) this.tokenEvents.shift();
        let waitUntil = now;
        if (this.requestsPerMinute !== undefined && this.started.length >= this.requestsPerMinute) {
          waitUntil = Math.max(waitUntil, (this.started[this.started.length - this.requestsPerMinute] as number) + this.windowMs);
        }
        if (this.tokensPerMinute !== undefined && this.tokenEvents.length > 0) {
          const used = this.tokenEvents.reduce((sum, event) => sum + event.tokens, 0);
          if (used + estimate > this.tokensPerMinute) waitUntil = Math.max(waitUntil, (this.tokenEvents[0] as { time: number }).time + this.windowMs);
        }
        if (waitUntil <= now) break;
        await sleep(Math.ceil(waitUntil - now) + 1, signal);
      }
      const time = performance.now();
      this.started.push(time);
      const reservation = { time, tokens: estimate };
      if (this.tokensPerMinute !== undefined) this.tokenEvents.push(reservation);
      return reservation;
    });
    this.rateTurn = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }
}

/** Wraps a model with concurrency and rate limits. */
export function withLimits(model: ChatModel, options: LimitOptions): LimitedChatModel {
  return new LimitedChatModel(model, options);
}
