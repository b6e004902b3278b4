/**
 * The OpenAI-compatible provider: Chat Completions as served by vLLM, the llama.cpp server, LM Studio (and
 * OpenAI itself) through the official `openai` client. Base URL from `OPENAI_BASE_URL` (or `baseUrl`, e.g.
 * `http://127.0.0.1:8000/v1`); the key from `OPENAI_API_KEY` is optional because local servers usually need
 * none. Structured output is `response_format: {type: 'json_schema', json_schema: {name, schema}}` (guided
 * decoding on vLLM and llama.cpp); `topLogprobs` asks for `logprobs: true, top_logprobs: k`; `maxTokens` is sent
 * as `max_tokens`, which every compatible server accepts.
 */
import type OpenAI from 'openai';
import { ConfigurationError } from '../../core/errors.js';
import type { ModelReference } from '../../schemas/run-manifest.js';
import type { ChatCallOptions, ChatModel, ChatRequest, ChatResponse, TokenLogprob } from '../chat-model.js';
import { serviceErrorFromHttp, stripUrlCredentials, toServiceError } from '../service-failure.js';
import { providerJsonSchema } from '../structured-output.js';
import type { ChatModelSettings, ModelListing, ProviderDefinition } from './provider-definition.js';

/** Sent when no key is configured: the client requires one, local servers ignore it. */
const PLACEHOLDER_KEY = 'no-key-required';

function finishReason(reason: string | null | undefined): ChatResponse['finishReason'] {
  if (reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool';
  return 'other';
}

/** The SDK's client class, loaded on first use ({@link OpenAICompatibleChatModel}'s `client()`). */
let openAISdk: typeof OpenAI | undefined;

/** A model behind an OpenAI-compatible Chat Completions endpoint. */
export class OpenAICompatibleChatModel implements ChatModel {
  readonly provider = 'openai-compatible';
  readonly model: string;
  /** The base URL, without credentials. */
  readonly baseUrl: string;
  private readonly settings: Omit<ChatModelSettings, 'provider'>;
  private sdk: OpenAI | undefined;
  private apiKey: string | undefined;

  constructor(settings: Omit<ChatModelSettings, 'provider'>) {
    this.settings = settings;
    this.model = settings.model;
    const baseUrl = settings.baseUrl ?? (settings.environment ?? process.env).OPENAI_BASE_URL;
    if (!baseUrl) {
      throw new ConfigurationError('OPENAI_BASE_URL', 'is not set; give the server address (e.g. http://127.0.0.1:8000/v1 for vLLM) as baseUrl or in OPENAI_BASE_URL');
    }
    this.baseUrl = stripUrlCredentials(baseUrl);
  }

  /** The SDK client, created on first use; the SDK is loaded then too, not with the library (start-up time). */
  private async client(): Promise<OpenAI> {
    if (this.sdk) return this.sdk;
    const environment = this.settings.environment ?? process.env;
    this.apiKey = this.settings.apiKey ?? environment.OPENAI_API_KEY;
    openAISdk ??= (await import('openai')).default;
    this.sdk = new openAISdk({
      apiKey: this.apiKey ?? PLACEHOLDER_KEY,
      baseURL: this.settings.baseUrl ?? environment.OPENAI_BASE_URL ?? this.baseUrl,
      maxRetries: 0,
      timeout: this.settings.timeoutMs ?? 600_000,
      logLevel: 'warn',
      organization: null,
      project: null,
    });
    return this.sdk;
  }

  private failure(error: unknown, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason ?? error;
    // An SDK error can only come from a client, so the SDK is loaded whenever the error is one of its errors.
    if (openAISdk && error instanceof openAISdk.APIError && typeof error.status === 'number') {
      const body = error.error as { message?: unknown } | undefined;
      return serviceErrorFromHttp({
        service: 'openai-compatible',
        status: error.status,
        message: typeof body?.message === 'string' ? body.message : error.message,
        headers: error.headers,
        url: this.baseUrl,
        cause: error,
        secrets: [this.apiKey],
      });
    }
    return toServiceError('openai-compatible', error, { url: this.baseUrl, secrets: [this.apiKey] });
  }

  /**
   * The model's identity, which the response cache keys on and the run manifest records: what the server reports
   * about `model` in `GET /models` — `owned_by`, `root` and `parent` (vLLM: the weights' path or repository and,
   * for a LoRA adapter, its base model), a `digest` or `meta` where the server gives them, and `created` unless it
   * is merely the time of the reply (vLLM and llama.cpp server put the current time there) — plus the adapter's
   * sha256 where the workspace knows it ({@link ChatModelSettings.adapterSha256}). When the server lists no such
   * model or has no `/models`, the base URL without credentials stands in for the server's identity. An
   * unreachable server is a {@link ServiceError}, so that the cache can fall back to the identity it remembered.
   */
  async describe(): Promise<ModelReference> {
    const parameters: Record<string, unknown> = {};
    if (this.settings.adapterSha256) parameters.adapterSha256 = this.settings.adapterSha256;
    let entry: Record<string, unknown> | undefined;
    try {
      for await (const model of (await this.client()).models.list()) {
        if (model.id === this.model) {
          entry = model as unknown as Record<string, unknown>;
          break;
        }
      }
    } catch (error) {
      const status = openAISdk && error instanceof openAISdk.APIError ? error.status : undefined;
      // No model listing on this server (404, 405, 501): not a failure, just nothing to key on but the address.
      if (status !== 404 && status !== 405 && status !== 501) throw this.failure(error);
    }
    if (!entry) return { role: 'chat', provider: this.provider, id: this.model, parameters: { ...parameters, server: this.baseUrl } };
    const reported: Record<string, unknown> = {};
    for (const [field, name] of [['owned_by', 'ownedBy'], ['root', 'root'], ['parent', 'parent'], ['meta', 'meta']] as const) {
      if (entry[field] !== undefined && entry[field] !== null) reported[name] = entry[field];
    }
    const created = entry.created;
    if (typeof created === 'number' && Math.abs(created - Date.now() / 1000) > 600) reported.created = created;
    const digest = typeof entry.digest === 'string' && entry.digest !== '' ? entry.digest : undefined;
    return { role: 'chat', provider: this.provider, id: this.model, ...(digest ? { digest } : {}), parameters: { ...parameters, model: reported } };
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.topP !== undefined ? { top_p: request.topP } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.stop !== undefined ? { stop: request.stop } : {}),
      ...(request.topLogprobs !== undefined ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
      ...(request.responseFormat
        ? {
            response_format: {
              type: 'json_schema' as const,
              json_schema: {
                name: request.responseFormat.name,
                schema: providerJsonSchema(request.responseFormat.jsonSchema),
                ...(this.settings.strictSchema ? { strict: true } : {}),
              },
            },
          }
        : {}),
    };
    const client = await this.client();
    let completion: OpenAI.Chat.ChatCompletion;
    try {
      completion = await client.chat.completions.create(body, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      throw this.failure(error, options.signal);
    }
    const choice = completion.choices?.[0];
    if (!choice) throw toServiceError('openai-compatible', new SyntaxError('the reply has no choices'), { url: this.baseUrl });
    const logprobs: TokenLogprob[] | undefined = choice.logprobs?.content?.map((entry) => ({
      token: entry.token,
      logprob: entry.logprob,
      top: (entry.top_logprobs ?? []).map((alternative) => ({ token: alternative.token, logprob: alternative.logprob })),
    }));
    const response: ChatResponse = {
      text: choice.message?.content ?? '',
      model: completion.model,
      finishReason: finishReason(choice.finish_reason),
      usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
      ...(request.topLogprobs !== undefined && logprobs ? { logprobs } : {}),
    };
    options.onDelta?.({ text: response.text, outputTokens: response.usage.outputTokens });
    return response;
  }

  /** The models the server offers (`GET /models`). */
  async listModels(): Promise<ModelListing[]> {
    const client = await this.client();
    const listing: ModelListing[] = [];
    try {
      for await (const model of client.models.list()) listing.push({ id: model.id, details: { ownedBy: model.owned_by } });
    } catch (error) {
      throw this.failure(error);
    }
    return listing;
  }
}

export const openAICompatibleProvider: ProviderDefinition = {
  name: 'openai-compatible',
  summary: 'an OpenAI-compatible server: vLLM, llama.cpp server, LM Studio (OPENAI_BASE_URL, optional OPENAI_API_KEY)',
  create: (settings) => new OpenAICompatibleChatModel(settings),
  listModels: (settings) => new OpenAICompatibleChatModel({ ...settings, model: '' }).listModels(),
};
