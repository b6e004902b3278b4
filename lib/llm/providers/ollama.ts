/**
 * The Ollama provider: a local or remote Ollama server (`OLLAMA_HOST`) through the official `ollama` client.
 * `POST /api/chat` non-streaming, or streaming (NDJSON) when the caller asks for deltas; options
 * `temperature`, `top_p`, `num_predict`, `seed`, `stop`; structured output as Ollama's native `format` (a JSON
 * schema that constrains decoding); token log-probabilities via `logprobs`/`top_logprobs`.
 * `describe()` records the model's content digest from `/api/tags`, so a run manifest names the exact
 * weights even when a tag such as `llama3.1:8b` is later re-pulled.
 *
 * The SDK client is not told to retry; the retry layer (`retrying-chat-model.ts`) does that for every provider.
 */
import type { Ollama, ChatResponse as OllamaChatResponse, Logprob, Message } from 'ollama';
import { NotFoundError, ServiceError } from '../../core/errors.js';
import type { ModelReference } from '../../schemas/run-manifest.js';
import { anySignal } from '../abort-signals.js';
import type { ChatCallOptions, ChatModel, ChatRequest, ChatResponse, TokenLogprob } from '../chat-model.js';
import { serviceErrorFromHttp, stripUrlCredentials, toServiceError } from '../service-failure.js';
import { providerJsonSchema } from '../structured-output.js';
import type { ChatModelSettings, ModelListing, ProviderDefinition } from './provider-definition.js';

const DEFAULT_HOST = 'http://127.0.0.1:11434';

/** Ollama's `name:tag` form (a name without a tag means `:latest`). */
export function ollamaModelName(name: string): string {
  const lastSegment = name.split('/').pop() ?? name;
  return lastSegment.includes(':') ? name : `${name}:latest`;
}

function resolveHost(settings: Pick<ChatModelSettings, 'host' | 'environment'>): string {
  return settings.host ?? (settings.environment ?? process.env).OLLAMA_HOST ?? DEFAULT_HOST;
}

function mapLogprobs(entries: Logprob[] | undefined): TokenLogprob[] | undefined {
  if (!entries) return undefined;
  return entries.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    ...(entry.top_logprobs ? { top: entry.top_logprobs.map((alternative) => ({ token: alternative.token, logprob: alternative.logprob })) } : {}),
  }));
}

function finishReason(doneReason: string | undefined): ChatResponse['finishReason'] {
  if (doneReason === 'stop') return 'stop';
  if (doneReason === 'length') return 'length';
  return 'other';
}

/** A chat model served by Ollama. */
export class OllamaChatModel implements ChatModel {
  readonly provider = 'ollama';
  readonly model: string;
  /** The server address, without credentials. */
  readonly host: string;
  private readonly connection: string;
  private readonly keepAlive: string | number | undefined;
  private readonly timeoutMs: number;

  constructor(settings: Omit<ChatModelSettings, 'provider'>) {
    this.model = settings.model;
    this.connection = resolveHost(settings);
    this.host = stripUrlCredentials(this.connection);
    this.keepAlive = settings.keepAlive;
    this.timeoutMs = settings.timeoutMs ?? 600_000;
  }

  /**
   * A client whose requests carry the call's abort signal and a transport timeout, and remember failed headers.
   * The `ollama` package is loaded on the first call, not with the library (start-up time of every importer).
   */
  private async client(signal: AbortSignal | undefined, failure: { headers?: Headers }): Promise<Ollama> {
    const { Ollama } = await import('ollama');
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const callSignal = anySignal(signal, timeout);
    return new Ollama({
      host: this.connection,
      fetch: async (input, init) => {
        const response = await fetch(input, { ...init, signal: anySignal(init?.signal ?? undefined, callSignal) });
        if (!response.ok) failure.headers = response.headers;
        return response;
      },
    });
  }

  private failure(error: unknown, signal: AbortSignal | undefined, failure: { headers?: Headers }): unknown {
    if (signal?.aborted) return signal.reason ?? error;
    const candidate = error as { name?: string; status_code?: number; error?: string; message?: string };
    if (candidate?.name === 'ResponseError' && typeof candidate.status_code === 'number') {
      return serviceErrorFromHttp({
        service: 'ollama',
        status: candidate.status_code,
        message: candidate.error ?? candidate.message ?? 'request failed',
        headers: failure.headers,
        url: this.host,
        cause: error,
      });
    }
    if (candidate?.name === 'TimeoutError') {
      return new ServiceError('ollama', `no reply within the transport timeout of ${this.timeoutMs} ms`, { retryable: true, url: this.host }, { cause: error });
    }
    if (error instanceof Error && /Did not receive done or success response in stream/.test(error.message)) {
      return new ServiceError('ollama', 'the reply stream ended before the model finished', { retryable: true, url: this.host }, { cause: error });
    }
    return toServiceError('ollama', error, { url: this.host });
  }

  /** The models the server has pulled, with their digests (`GET /api/tags`). */
  async listModels(): Promise<ModelListing[]> {
    const failure: { headers?: Headers } = {};
    try {
      const response = await (await this.client(undefined, failure)).list();
      return response.models.map((entry) => ({
        id: entry.name,
        digest: entry.digest,
        sizeBytes: entry.size,
        modifiedAt: new Date(entry.modified_at).toISOString(),
        details: { ...entry.details },
      }));
    } catch (error) {
      throw this.failure(error, undefined, failure);
    }
  }

  async describe(): Promise<ModelReference> {
    const listing = await this.listModels();
    const wanted = ollamaModelName(this.model);
    const found = listing.find((model) => ollamaModelName(model.id) === wanted);
    if (!found) throw new NotFoundError('Ollama model', this.model, `The server at ${this.host} does not have it; run \`ollama pull ${this.model}\` there.`);
    return { role: 'chat', provider: this.provider, id: this.model, ...(found.digest ? { digest: found.digest } : {}), parameters: {} };
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    const modelOptions: Record<string, unknown> = {};
    if (request.temperature !== undefined) modelOptions.temperature = request.temperature;
    if (request.topP !== undefined) modelOptions.top_p = request.topP;
    if (request.maxTokens !== undefined) modelOptions.num_predict = request.maxTokens;
    if (request.seed !== undefined) modelOptions.seed = request.seed;
    if (request.stop !== undefined) modelOptions.stop = request.stop;
    const body = {
      model: this.model,
      messages: request.messages.map((message): Message => ({ role: message.role, content: message.content })),
      options: modelOptions,
      ...(request.responseFormat ? { format: providerJsonSchema(request.responseFormat.jsonSchema) } : {}),
      ...(request.topLogprobs !== undefined ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
      ...(this.keepAlive !== undefined ? { keep_alive: this.keepAlive } : {}),
    };
    const failure: { headers?: Headers } = {};
    const client = await this.client(options.signal, failure);
    try {
      if (!options.onDelta) {
        const reply = await client.chat({ ...body, stream: false });
        return this.toResponse(reply, reply.message.content, reply.logprobs);
      }
      const stream = await client.chat({ ...body, stream: true });
      let text = '';
      let chunks = 0;
      const logprobs: Logprob[] = [];
      let last: OllamaChatResponse | undefined;
      for await (const part of stream) {
        last = part;
        if (part.logprobs) logprobs.push(...part.logprobs);
        const piece = part.message?.content ?? '';
        if (piece) {
          text += piece;
          chunks++;
          options.onDelta({ text: piece, outputTokens: chunks });
        }
      }
      if (!last) throw new ServiceError('ollama', 'the reply stream was empty', { retryable: true, url: this.host });
      return this.toResponse(last, text, body.logprobs ? logprobs : undefined);
    } catch (error) {
      throw this.failure(error, options.signal, failure);
    }
  }

  private toResponse(reply: OllamaChatResponse, text: string, logprobs: Logprob[] | undefined): ChatResponse {
    const mapped = mapLogprobs(logprobs);
    return {
      text,
      model: reply.model,
      finishReason: finishReason(reply.done_reason),
      usage: { inputTokens: reply.prompt_eval_count ?? 0, outputTokens: reply.eval_count ?? 0 },
      ...(mapped ? { logprobs: mapped } : {}),
    };
  }
}

export const ollamaProvider: ProviderDefinition = {
  name: 'ollama',
  summary: 'a local or remote Ollama server (OLLAMA_HOST, default http://127.0.0.1:11434)',
  create: (settings) => new OllamaChatModel(settings),
  listModels: (settings) => new OllamaChatModel({ ...settings, model: '' }).listModels(),
};
