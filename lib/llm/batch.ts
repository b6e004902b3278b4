/**
 * Bulk generation. Some providers have a batch API that is cheaper than one request per item (Anthropic's
 * Message Batches cost half); a {@link BatchChatModel} exposes it as `chatBatch`, and the wrappers (cache,
 * retry, usage) pass it through so cached items are never submitted and batch usage is priced as batch usage.
 * {@link chatMany} runs a list of requests either way and never drops an item: each result is a value or
 * the error that item ended with.
 */
import { InvalidArgumentError, ServiceError } from '../core/errors.js';
import type { ProgressFactory } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import { err, ok, type Result } from '../core/result.js';
import type { BatchLedger } from './batch-ledger.js';
import type { ChatModel, ChatRequest, ChatResponse } from './chat-model.js';

/** One request of a bulk job, with the caller's id for it. */
export interface BatchRequestItem {
  /** Any string unique within the job (providers map it to their own id format). */
  id: string;
  request: ChatRequest;
}

/** The outcome of one item: its response, or the error it ended with (usually a ServiceError). */
export interface BatchResultItem {
  id: string;
  result: Result<ChatResponse, unknown>;
}

export interface BatchCallOptions {
  signal?: AbortSignal;
  /** Progress of the job (submitted, polled, collected). */
  progress?: ProgressFactory;
  /** Remembers submitted batches, so a restarted job collects them instead of submitting them again. */
  batchLedger?: BatchLedger;
}

/** A chat model with a provider batch API. Results come back in the order of the items. */
export interface BatchChatModel extends ChatModel {
  chatBatch(items: BatchRequestItem[], options?: BatchCallOptions): Promise<BatchResultItem[]>;
}

/** True when the model (or the provider under its wrappers) offers a batch API. */
export function supportsBatch(model: ChatModel): model is BatchChatModel {
  return typeof (model as Partial<BatchChatModel>).chatBatch === 'function';
}

export interface ChatManyOptions {
  /** Use the provider's batch API when it has one (default false: one request per item). */
  useBatchApi?: boolean;
  progress?: ProgressFactory;
  /** Progress label (default `llm requests`). */
  label?: string;
  /** Requests in flight at once without the batch API (default 4); the stack's limits apply as well. */
  concurrency?: number;
  signal?: AbortSignal;
  /** With the batch API: where submitted batches are remembered (see batch-ledger.ts). */
  batchLedger?: BatchLedger;
}

/**
 * Runs every request and returns one result per item, in order. Without the batch API at most `concurrency`
 * requests run at once (the model stack's own limits apply on top). A provider failure
 * ({@link ServiceError}, after the retry layer gave up) is that item's result; an abort or any other error
 * (configuration, a replay-cache miss) stops the job.
 *
 * @example
 * const results = await chatMany(stack.model, chunks.map((chunk) => ({ id: chunk.id, request: promptFor(chunk) })), {
 *   progress: consoleProgress,
 * });
 * const failures = results.filter((item) => !item.result.ok);
 */
export async function chatMany(model: ChatModel, items: BatchRequestItem[], options: ChatManyOptions = {}): Promise<BatchResultItem[]> {
  const progress = options.progress ?? silentProgress;
  const label = options.label ?? 'llm requests';
  assertUniqueIds(items);
  if (options.useBatchApi && supportsBatch(model)) {
    return model.chatBatch(items, { progress, ...(options.signal ? { signal: options.signal } : {}), ...(options.batchLedger ? { batchLedger: options.batchLedger } : {}) });
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidArgumentError('concurrency', `must be a positive integer, got ${concurrency}`);
  const task = progress(label, items.length);
  let failed = 0;
  let stopped = false;
  const results: BatchResultItem[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stopped) {
      const index = next++;
      const item = items[index] as BatchRequestItem;
      try {
        const response = await model.chat(item.request, options.signal ? { signal: options.signal } : {});
        results[index] = { id: item.id, result: ok(response) };
      } catch (error) {
        // A provider failure belongs to the item; an abort or a configuration mistake stops the job.
        if (options.signal?.aborted || !(error instanceof ServiceError)) {
          stopped = true;
          throw error;
        }
        failed++;
        results[index] = { id: item.id, result: err(error) };
      } finally {
        task.tick();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, () => worker()));
  task.done(failed > 0 ? `${failed} failed` : undefined);
  return results;
}

/** Throws an {@link InvalidArgumentError} when two items share an id (results are matched by id). */
export function assertUniqueIds(items: readonly BatchRequestItem[]): void {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item.id)) throw new InvalidArgumentError(`items[${index}].id`, `duplicate id "${item.id}"; every item of a bulk job needs its own id`);
    seen.add(item.id);
  }
}
