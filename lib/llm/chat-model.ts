/**
 * The one interface every stage uses to talk to a language model. Adapters in `lib/llm/providers/` implement
 * it for Ollama, Anthropic and OpenAI-compatible servers; wrappers (cache, retry, rate limit, usage
 * accounting) take a ChatModel and return a ChatModel, so they work the same for every provider.
 */
import type { ModelReference } from '../schemas/run-manifest.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A JSON schema the reply must follow, given to the provider as its native structured-output constraint. */
export interface ResponseFormat {
  /** A short name for the schema (used by providers that need one, e.g. a tool name). */
  name: string;
  /** JSON Schema (draft 2020-12 subset) of the reply object. */
  jsonSchema: Record<string, unknown>;
}

/** Everything that determines a reply. Every field here belongs to the cache key. */
export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  stop?: string[];
  responseFormat?: ResponseFormat;
  /** Ask for the log-probabilities of the top-k alternatives of each output token, where supported. */
  topLogprobs?: number;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  top?: Array<{ token: string; logprob: number }>;
}

export interface ChatUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResponse {
  text: string;
  /** The exact model id the provider reports having used. */
  model: string;
  finishReason: 'stop' | 'length' | 'tool' | 'error' | 'other';
  usage: ChatUsage;
  logprobs?: TokenLogprob[];
  /** True when this reply came from the response cache rather than the provider. */
  cached?: boolean;
}

/** A piece of a reply as it is generated (providers that stream call {@link ChatCallOptions.onDelta}). */
export interface ChatDelta {
  /** The new text since the previous delta. */
  text: string;
  /** Output tokens generated so far in this attempt (a retry starts again from zero). */
  outputTokens: number;
}

export interface ChatCallOptions {
  signal?: AbortSignal;
  /**
   * Called with each piece of the reply as it is generated; providers that can stream do so when this is set.
   * For progress display only: a retried attempt streams again from the start, and a cached reply is
   * delivered as one delta.
   */
  onDelta?: (delta: ChatDelta) => void;
}

export interface ChatModel {
  /** Provider name: `ollama`, `anthropic`, `openai-compatible`, `llama-cpp`. */
  readonly provider: string;
  /** The requested model id. */
  readonly model: string;
  /** The model's exact identity (id, digest/revision where the provider reports one) for run manifests. */
  describe(): Promise<ModelReference>;
  chat(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse>;
}
