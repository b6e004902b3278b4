/**
 * The Anthropic provider: the Messages API and the Message Batches API through the official
 * `@anthropic-ai/sdk` (1.x, which speaks API version `2026-10-21` and sends the key as `Authorization: Bearer`).
 *
 * - Key from `ANTHROPIC_API_KEY` (or `apiKey`), read only when a request is made, so cached runs replay
 *   without one; base URL from `ANTHROPIC_BASE_URL` (or `baseUrl`).
 * - System messages become the top-level `system` prompt; `maxTokens` (required by the API) defaults to 4096.
 * - Structured output uses the API's native JSON outputs, `output_config.format = {type: 'json_schema', schema}`
 *   (constrained decoding). The schema is first brought into the subset the API accepts with the SDK's own
 *   `transformJSONSchema` (unsupported keywords such as `minLength` move into descriptions; our zod validation
 *   still enforces them). Forced tool use is not used: Claude Opus/Sonnet 5.5 refuse it.
 * - Sampling: API version 2026-10-21 refuses `temperature`, `top_p` and `top_k` (platform.claude.com, "Migrating
 *   to API version 2026-10-21"). By default a request that sets `temperature`/`topP` is rejected here with a clear
 *   error; `samplingParameters: 'omit'` sends it without them; `apiVersion: '2023-06-01'` keeps them.
 * - `seed` and `topLogprobs` are not offered by the API and are ignored.
 * - {@link AnthropicChatModel.chatBatch} submits a Message Batch (50% of the standard price), polls it with
 *   progress, streams the JSONL results and maps each `custom_id` back; errored, expired and canceled items
 *   become per-item ServiceErrors. With a `batchLedger` the batch id is recorded when it is submitted, and a
 *   restarted job with the same requests collects that batch instead of submitting (and paying for) it again.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { transformJSONSchema } from '@anthropic-ai/sdk/lib/transform-json-schema';
import { hashCanonical } from '../../core/canonical-json.js';
import { ConfigurationError, InvalidArgumentError, ServiceError } from '../../core/errors.js';
import { silentProgress, type ProgressFactory } from '../../core/progress.js';
import { createRandom } from '../../core/random.js';
import { err, ok } from '../../core/result.js';
import type { ModelReference } from '../../schemas/run-manifest.js';
import { sleep } from '../abort-signals.js';
import { assertUniqueIds, type BatchCallOptions, type BatchChatModel, type BatchRequestItem, type BatchResultItem } from '../batch.js';
import type { ChatCallOptions, ChatRequest, ChatResponse } from '../chat-model.js';
import { retryOperation } from '../retrying-chat-model.js';
import { serviceErrorFromHttp, stripUrlCredentials, toServiceError } from '../service-failure.js';
import { providerJsonSchema } from '../structured-output.js';
import type { ChatModelSettings, ModelListing, ProviderDefinition } from './provider-definition.js';

/** The API version SDK 1.x sends. */
export const ANTHROPIC_DEFAULT_API_VERSION = '2026-10-21';
const DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The Message Batches API accepts at most this many requests per batch. */
export const ANTHROPIC_MAX_BATCH_REQUESTS = 100_000;

const ERROR_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

type MessageParams = Anthropic.MessageCreateParamsNonStreaming;

function finishReason(stopReason: string | null): ChatResponse['finishReason'] {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool';
    default:
      return 'other';
  }
}

function toResponse(message: Anthropic.Message): ChatResponse {
  const text = message.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
  const usage = message.usage;
  return {
    text,
    model: message.model,
    finishReason: finishReason(message.stop_reason),
    usage: {
      inputTokens: usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
      outputTokens: usage.output_tokens,
    },
  };
}

/** The SDK's client class, loaded on first use ({@link AnthropicChatModel}'s `client()`). */
let anthropicSdk: typeof Anthropic | undefined;

/** A Claude model through the Anthropic API. */
export class AnthropicChatModel implements BatchChatModel {
  readonly provider = 'anthropic';
  readonly model: string;
  readonly apiVersion: string;
  readonly samplingParameters: 'reject' | 'omit';
  /** The API base URL, without credentials. */
  readonly baseUrl: string;
  private readonly settings: Omit<ChatModelSettings, 'provider'>;
  private readonly defaultMaxTokens: number;
  private readonly batchPollIntervalMs: number;
  private readonly progress: ProgressFactory;
  private sdk: Anthropic | undefined;
  private apiKey: string | undefined;

  constructor(settings: Omit<ChatModelSettings, 'provider'>) {
    this.settings = settings;
    this.model = settings.model;
    this.apiVersion = settings.apiVersion ?? ANTHROPIC_DEFAULT_API_VERSION;
    this.samplingParameters = settings.samplingParameters ?? 'reject';
    this.baseUrl = stripUrlCredentials(settings.baseUrl ?? (settings.environment ?? process.env).ANTHROPIC_BASE_URL ?? DEFAULT_BASE_URL);
    this.defaultMaxTokens = settings.defaultMaxTokens ?? 4096;
    this.batchPollIntervalMs = settings.batchPollIntervalMs ?? 30_000;
    this.progress = settings.progress ?? silentProgress;
  }

  /**
   * The SDK client, created on first use (the key is read then, so replaying a cache needs none). The SDK itself
   * is loaded then too, not with the library: it would slow the start-up of every command and notebook.
   */
  private async client(): Promise<Anthropic> {
    if (this.sdk) return this.sdk;
    const environment = this.settings.environment ?? process.env;
    const apiKey = this.settings.apiKey ?? environment.ANTHROPIC_API_KEY;
    if (!apiKey) throw new ConfigurationError('ANTHROPIC_API_KEY', 'is not set; export your Anthropic API key in the environment (never in a file or notebook)');
    this.apiKey = apiKey;
    anthropicSdk ??= (await import('@anthropic-ai/sdk')).default;
    this.sdk = new anthropicSdk({
      apiKey,
      baseURL: this.settings.baseUrl ?? environment.ANTHROPIC_BASE_URL ?? DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout: this.settings.timeoutMs ?? 600_000,
      logLevel: 'warn',
      openTelemetry: false,
      ...(this.apiVersion !== ANTHROPIC_DEFAULT_API_VERSION ? { defaultHeaders: { 'anthropic-version': this.apiVersion } } : {}),
    });
    return this.sdk;
  }

  private failure(error: unknown, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason ?? error;
    // An SDK error can only come from a client, so the SDK is loaded whenever the error is one of its errors.
    if (anthropicSdk && error instanceof anthropicSdk.APIError && typeof error.status === 'number') {
      return serviceErrorFromHttp({
        service: 'anthropic',
        status: error.status,
        message: error.apiMessage ?? error.message,
        headers: error.headers,
        url: this.baseUrl,
        cause: error,
        secrets: [this.apiKey],
      });
    }
    return toServiceError('anthropic', error, { url: this.baseUrl, secrets: [this.apiKey] });
  }

  async describe(): Promise<ModelReference> {
    return {
      role: 'chat',
      provider: this.provider,
      id: this.model,
      parameters: { apiVersion: this.apiVersion, ...(this.samplingParameters === 'omit' ? { samplingParameters: 'omit' } : {}) },
    };
  }

  /** The Messages API parameters for a request. */
  messageParams(request: ChatRequest): MessageParams {
    const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
    const turns = request.messages
      .filter((message) => message.role !== 'system')
      .map((message) => ({ role: message.role as 'user' | 'assistant', content: message.content }));
    const params: MessageParams & { temperature?: number; top_p?: number } = {
      model: this.model,
      max_tokens: request.maxTokens ?? this.defaultMaxTokens,
      messages: turns,
      ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
      ...(request.stop?.length ? { stop_sequences: request.stop } : {}),
      ...(request.responseFormat
        ? { output_config: { format: { type: 'json_schema' as const, schema: transformJSONSchema(providerJsonSchema(request.responseFormat.jsonSchema)) } } }
        : {}),
    };
    const sampling = { ...(request.temperature !== undefined ? { temperature: request.temperature } : {}), ...(request.topP !== undefined ? { top_p: request.topP } : {}) };
    if (Object.keys(sampling).length > 0) {
      if (this.apiVersion === '2023-06-01') Object.assign(params, sampling);
      else if (this.samplingParameters === 'reject') {
        throw new InvalidArgumentError(
          Object.keys(sampling)[0] === 'temperature' ? 'temperature' : 'topP',
          `Anthropic API version ${this.apiVersion} refuses temperature and top_p. Leave them out of the request, ` +
            `or create the model with samplingParameters: 'omit' (sent without them) or apiVersion: '2023-06-01'.`,
        );
      }
    }
    return params;
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    const params = this.messageParams(request);
    const client = await this.client();
    try {
      const message = await client.messages.create(params, options.signal ? { signal: options.signal } : {});
      const response = toResponse(message);
      options.onDelta?.({ text: response.text, outputTokens: response.usage.outputTokens });
      return response;
    } catch (error) {
      throw this.failure(error, options.signal);
    }
  }

  /** Runs one batch-API HTTP call with a few quick retries of transient failures. */
  private batchCall<T>(operation: (signal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return retryOperation(
      async (attemptSignal) => {
        try {
          return await operation(attemptSignal);
        } catch (error) {
          throw this.failure(error, attemptSignal);
        }
      },
      {
        maxAttempts: 5,
        initialDelayMs: Math.min(1000, Math.max(1, this.batchPollIntervalMs)),
        attemptTimeoutMs: this.settings.timeoutMs ?? 600_000,
        random: createRandom('anthropic-batch'),
        service: 'anthropic',
        ...(signal ? { signal } : {}),
      },
    );
  }

  /**
   * Submits the items as Message Batches (at most 100,000 requests each), polls until they end, and returns one
   * result per item in order. An abort cancels the batch (best effort) and rethrows.
   */
  async chatBatch(items: BatchRequestItem[], options: BatchCallOptions = {}): Promise<BatchResultItem[]> {
    if (items.length === 0) return [];
    assertUniqueIds(items);
    const params = items.map((item) => this.messageParams(item.request));
    const client = await this.client();
    const results: BatchResultItem[] = [];
    for (let start = 0; start < items.length; start += ANTHROPIC_MAX_BATCH_REQUESTS) {
      const slice = items.slice(start, start + ANTHROPIC_MAX_BATCH_REQUESTS);
      results.push(...(await this.runBatch(client, slice, params.slice(start, start + slice.length), options)));
    }
    return results;
  }

  private async runBatch(client: Anthropic, items: BatchRequestItem[], params: MessageParams[], options: BatchCallOptions): Promise<BatchResultItem[]> {
    const signal = options.signal;
    const requests = items.map((_, index) => ({ custom_id: `item-${index}`, params: params[index] as MessageParams }));
    const submitted = await this.submitOrRecall(client, requests, options);
    let batch = submitted.batch;
    const task = (options.progress ?? this.progress)(`anthropic batch ${batch.id}`, items.length);
    let reported = 0;
    const report = (current: Anthropic.Messages.MessageBatch): void => {
      const finished = items.length - current.request_counts.processing;
      if (finished > reported) {
        task.tick(finished - reported);
        reported = finished;
      }
    };
    try {
      report(batch);
      while (batch.processing_status !== 'ended') {
        await sleep(this.batchPollIntervalMs, signal);
        const id = batch.id;
        batch = await this.batchCall((attemptSignal) => client.messages.batches.retrieve(id, {}, { signal: attemptSignal }), signal);
        report(batch);
      }
    } catch (error) {
      if (signal?.aborted) {
        const id = batch.id;
        await client.messages.batches.cancel(id).catch(() => undefined);
        if (submitted.key) await options.batchLedger?.forget(submitted.key).catch(() => undefined);
      }
      task.done('stopped');
      throw error;
    }
    const byCustomId = new Map<string, Anthropic.Messages.MessageBatchResult>();
    const id = batch.id;
    await this.batchCall(async (attemptSignal) => {
      byCustomId.clear();
      const decoder = await client.messages.batches.results(id, {}, { signal: attemptSignal });
      for await (const line of decoder) byCustomId.set(line.custom_id, line.result);
    }, signal);
    const counts = batch.request_counts;
    task.done(`${counts.succeeded} succeeded, ${counts.errored} errored, ${counts.expired} expired, ${counts.canceled} canceled`);
    return items.map((item, index) => ({ id: item.id, result: this.batchItemResult(byCustomId.get(`item-${index}`), id) }));
  }

  /**
   * Submits the requests as a new batch — or, when the ledger remembers a batch for exactly these requests (a
   * job restarted after a crash), retrieves that one so it is collected instead of paid for twice. A remembered
   * batch that no longer exists or whose cancellation was requested is replaced by a new one.
   */
  private async submitOrRecall(
    client: Anthropic,
    requests: Array<{ custom_id: string; params: MessageParams }>,
    options: BatchCallOptions,
  ): Promise<{ batch: Anthropic.Messages.MessageBatch; key: string | undefined }> {
    const ledger = options.batchLedger;
    const key = ledger ? hashCanonical({ api: 'anthropic-message-batches', baseUrl: this.baseUrl, requests }) : undefined;
    if (ledger && key) {
      const remembered = await ledger.recall(key);
      if (remembered) {
        try {
          const batch = await this.batchCall((attemptSignal) => client.messages.batches.retrieve(remembered, {}, { signal: attemptSignal }), options.signal);
          if (!batch.cancel_initiated_at) return { batch, key };
        } catch (error) {
          if (!(error instanceof ServiceError && error.status === 404)) throw error;
        }
      }
    }
    const batch = await this.batchCall((attemptSignal) => client.messages.batches.create({ requests }, { signal: attemptSignal }), options.signal);
    if (ledger && key) await ledger.remember(key, batch.id);
    return { batch, key };
  }

  private batchItemResult(result: Anthropic.Messages.MessageBatchResult | undefined, batchId: string): BatchResultItem['result'] {
    if (!result) return err(new ServiceError('anthropic', `batch ${batchId} returned no result for this item`, { retryable: true }));
    switch (result.type) {
      case 'succeeded':
        return ok(toResponse(result.message));
      case 'errored': {
        const type = result.error?.error?.type ?? 'api_error';
        const status = ERROR_STATUS[type] ?? 500;
        return err(
          serviceErrorFromHttp({ service: 'anthropic', status, message: `batch item failed (${type}): ${result.error?.error?.message ?? 'no message'}`, secrets: [this.apiKey] }),
        );
      }
      case 'expired':
        return err(new ServiceError('anthropic', `batch ${batchId} expired before this item was processed`, { retryable: true }));
      case 'canceled':
      default:
        return err(new ServiceError('anthropic', `batch ${batchId} was canceled before this item was processed`, { retryable: false }));
    }
  }

  /** The models the API offers (`GET /v1/models`). */
  async listModels(): Promise<ModelListing[]> {
    const client = await this.client();
    const listing: ModelListing[] = [];
    try {
      for await (const model of client.models.list()) {
        listing.push({ id: model.id, modifiedAt: model.created_at, details: { displayName: model.display_name } });
      }
    } catch (error) {
      throw this.failure(error);
    }
    return listing;
  }
}

export const anthropicProvider: ProviderDefinition = {
  name: 'anthropic',
  summary: 'the Anthropic Messages and Message Batches API (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL)',
  create: (settings) => new AnthropicChatModel(settings),
  listModels: (settings) => new AnthropicChatModel({ ...settings, model: '' }).listModels(),
};
