/**
 * Retries with exponential backoff and full jitter, around any ChatModel.
 *
 * - Retried: HTTP 408, 409, 429 and 5xx (Anthropic's 529 Overloaded included), connection resets and refusals,
 *   a socket closed mid-reply, a malformed (truncated) reply, and attempts that exceed `attemptTimeoutMs`.
 *   Not retried: 400, 401, 403, 404, 422 and every other error (they would fail the same way again).
 * - Delay before retry k (k = 1, 2, ...): `uniform(0, min(maxDelayMs, initialDelayMs * 2^(k-1)))` ("full jitter",
 *   M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015), drawn from a seeded
 *   {@link RandomSource}. When the server sent `Retry-After` (seconds or an HTTP-date; also `retry-after-ms`), the
 *   wait is at least that long; a server asking for more than `maxRetryAfterMs` makes the layer give up at once.
 * - Each attempt gets its own timeout through an AbortSignal; the caller's signal aborts everything.
 * - After `maxAttempts` attempts it gives up with a {@link ServiceError} carrying the last HTTP status and the
 *   number of attempts.
 */
import { ServiceError } from '../core/errors.js';
import { createRandom, type RandomSource } from '../core/random.js';
import type { ModelReference } from '../schemas/run-manifest.js';
import { anySignal, sleep } from './abort-signals.js';
import { supportsBatch, type BatchCallOptions, type BatchChatModel, type BatchRequestItem, type BatchResultItem } from './batch.js';
import type { ChatCallOptions, ChatModel, ChatRequest, ChatResponse } from './chat-model.js';
import { isRetryableStatus, isTransientTransportFailure } from './service-failure.js';

export interface RetryOptions {
  /** Attempts in total, the first included (default 5). */
  maxAttempts?: number;
  /** Backoff cap of the first retry in milliseconds (default 1000). */
  initialDelayMs?: number;
  /** Largest backoff cap in milliseconds (default 60 000). */
  maxDelayMs?: number;
  /** Give up instead of waiting when the server asks for a longer wait than this (default 10 minutes). */
  maxRetryAfterMs?: number;
  /** Timeout of one attempt in milliseconds (default 10 minutes; 0 for none). Not applied to batch jobs. */
  attemptTimeoutMs?: number;
  /** Source of the jitter (default: seeded with `llm-retry`). */
  random?: RandomSource;
  /** Called before each wait. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** How long the layer waits before the next attempt. */
  delayMs: number;
  error: unknown;
}

/** Counters of a retry layer, for the run manifest. */
export interface RetryStatistics {
  /** Calls made to the layer. */
  calls: number;
  /** Attempts made (calls + retries). */
  attempts: number;
  retries: number;
  /** Attempts that ran into the attempt timeout. */
  timeouts: number;
  /** Calls that failed after the last attempt. */
  gaveUp: number;
}

const DEFAULTS = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 600_000,
  attemptTimeoutMs: 600_000,
};

/** A fresh set of counters. */
export function emptyRetryStatistics(): RetryStatistics {
  return { calls: 0, attempts: 0, retries: 0, timeouts: 0, gaveUp: 0 };
}

/** True for errors worth another attempt (see the module comment). */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof ServiceError) return error.retryable || isRetryableStatus(error.status);
  return isTransientTransportFailure(error);
}

/** The full-jitter backoff before retry number `retry` (1-based). */
export function backoffDelay(retry: number, random: RandomSource, initialDelayMs = DEFAULTS.initialDelayMs, maxDelayMs = DEFAULTS.maxDelayMs): number {
  const cap = Math.min(maxDelayMs, initialDelayMs * 2 ** (retry - 1));
  return random.next() * cap;
}

function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  const value = error.details.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function giveUp(error: unknown, attempts: number, why: string): ServiceError {
  const service = error instanceof ServiceError ? error.service : 'llm';
  const reason = error instanceof ServiceError ? String(error.details.reason ?? error.message) : error instanceof Error ? error.message : String(error);
  return new ServiceError(
    service,
    `${why} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`,
    {
      ...(error instanceof ServiceError && error.status !== undefined ? { status: error.status } : {}),
      retryable: isRetryableError(error),
      attempts,
      ...(retryAfterOf(error) !== undefined ? { retryAfterMs: retryAfterOf(error) as number } : {}),
    },
    { cause: error },
  );
}

interface ResolvedRetryOptions extends Required<Omit<RetryOptions, 'onRetry'>> {
  onRetry?: (event: RetryEvent) => void;
}

function resolve(options: RetryOptions): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts),
    initialDelayMs: options.initialDelayMs ?? DEFAULTS.initialDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULTS.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    attemptTimeoutMs: options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
    random: options.random ?? createRandom('llm-retry'),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  };
}

/** How long to wait before the next attempt, or undefined to give up now. */
function nextDelay(error: unknown, attempt: number, options: ResolvedRetryOptions): number | undefined {
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined && retryAfter > options.maxRetryAfterMs) return undefined;
  const backoff = backoffDelay(attempt, options.random, options.initialDelayMs, options.maxDelayMs);
  return retryAfter === undefined ? backoff : Math.max(retryAfter, backoff);
}

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, or the attempts are used up. The
 * operation receives a signal that aborts on the caller's signal or the attempt timeout.
 *
 * @example
 * const batch = await retryOperation((signal) => client.messages.batches.retrieve(id, {}, { signal }), { maxAttempts: 3 });
 */
export async function retryOperation<T>(
  operation: (signal: AbortSignal, attempt: number) => Promise<T>,
  options: RetryOptions & { signal?: AbortSignal; statistics?: RetryStatistics; service?: string } = {},
): Promise<T> {
  const resolved = resolve(options);
  const statistics = options.statistics ?? emptyRetryStatistics();
  statistics.calls++;
  for (let attempt = 1; ; attempt++) {
    statistics.attempts++;
    const timeout = new AbortController();
    const timer =
      resolved.attemptTimeoutMs > 0
        ? setTimeout(
            () =>
              timeout.abort(
                new ServiceError(options.service ?? 'llm', `no reply within ${resolved.attemptTimeoutMs} ms (attempt ${attempt})`, { retryable: true }),
              ),
            resolved.attemptTimeoutMs,
          )
        : undefined;
    try {
      return await operation(anySignal(options.signal, timeout.signal), attempt);
    } catch (caught) {
      if (options.signal?.aborted) throw options.signal.reason ?? caught;
      let error = caught;
      if (timeout.signal.aborted) {
        statistics.timeouts++;
        error = timeout.signal.reason;
      }
      if (!isRetryableError(error)) throw error;
      if (attempt >= resolved.maxAttempts) {
        statistics.gaveUp++;
        throw giveUp(error, attempt, 'gave up');
      }
      const delayMs = nextDelay(error, attempt, resolved);
      if (delayMs === undefined) {
        statistics.gaveUp++;
        throw giveUp(error, attempt, `gave up (the server asked to wait ${retryAfterOf(error)} ms, more than the ${resolved.maxRetryAfterMs} ms allowed)`);
      }
      statistics.retries++;
      resolved.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}

/** A ChatModel that retries its inner model's failures (see the module comment). */
export class RetryingChatModel implements ChatModel {
  readonly provider: string;
  readonly model: string;
  readonly statistics: RetryStatistics = emptyRetryStatistics();
  readonly inner: ChatModel;
  private readonly options: ResolvedRetryOptions;
  /** Present when the inner model has a batch API: failed retryable items are resubmitted. */
  readonly chatBatch?: BatchChatModel['chatBatch'];

  constructor(inner: ChatModel, options: RetryOptions = {}) {
    this.inner = inner;
    this.provider = inner.provider;
    this.model = inner.model;
    this.options = resolve(options);
    if (supportsBatch(inner)) this.chatBatch = (items, batchOptions) => this.retryBatch(inner, items, batchOptions);
  }

  /** The inner model's identity; transient failures of the lookup (e.g. Ollama's /api/tags) are retried too. */
  describe(): Promise<ModelReference> {
    return retryOperation(() => this.inner.describe(), { ...this.options, service: this.provider });
  }

  chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    return retryOperation((signal) => this.inner.chat(request, { ...options, signal }), {
      ...this.options,
      ...(options.signal ? { signal: options.signal } : {}),
      statistics: this.statistics,
      service: this.provider,
    });
  }

  private async retryBatch(inner: BatchChatModel, items: BatchRequestItem[], options: BatchCallOptions = {}): Promise<BatchResultItem[]> {
    const final = new Map<string, BatchResultItem>();
    let pending = items;
    this.statistics.calls += items.length;
    for (let attempt = 1; pending.length > 0; attempt++) {
      this.statistics.attempts += pending.length;
      const results = await inner.chatBatch(pending, options);
      const again: BatchRequestItem[] = [];
      let wait = 0;
      results.forEach((entry, index) => {
        const item = pending[index] as BatchRequestItem;
        if (entry.result.ok || !isRetryableError(entry.result.error)) {
          final.set(item.id, entry);
          return;
        }
        const delayMs = attempt < this.options.maxAttempts ? nextDelay(entry.result.error, attempt, this.options) : undefined;
        if (delayMs === undefined) {
          this.statistics.gaveUp++;
          final.set(item.id, { id: item.id, result: { ok: false, error: giveUp(entry.result.error, attempt, 'gave up') } });
          return;
        }
        wait = Math.max(wait, delayMs);
        again.push(item);
      });
      if (again.length > 0) {
        this.statistics.retries += again.length;
        this.options.onRetry?.({ attempt, delayMs: wait, error: `${again.length} batch item(s) failed` });
        await sleep(wait, options.signal);
      }
      pending = again;
    }
    return items.map((item) => final.get(item.id) as BatchResultItem);
  }
}

/** Wraps a model so that transient failures are retried. */
export function withRetry(model: ChatModel, options: RetryOptions = {}): RetryingChatModel {
  return new RetryingChatModel(model, options);
}
