/**
 * What a provider module exports: a {@link ProviderDefinition} that creates chat models from
 * {@link ChatModelSettings} and lists a server's models. Adding a provider (e.g. an embedded `llama-cpp`
 * provider using node-llama-cpp) means writing one file that exports such a definition and adding it to the
 * list in `provider-registry.ts`.
 */
import type { WorkspacePaths } from '../../core/paths.js';
import type { ProgressFactory } from '../../core/progress.js';
import type { ChatModel } from '../chat-model.js';

/** Settings every provider understands (each uses the ones that apply to it). */
export interface ChatModelSettings {
  /** Registered provider name: `ollama`, `anthropic`, `openai-compatible`, ... */
  provider: string;
  /** Model id as the provider names it (`llama3.1:8b`, `claude-sonnet-5-5`, `Qwen/Qwen3-8B`). */
  model: string;
  /**
   * OpenAI-compatible: the SHA-256 of the adapter (LoRA) weights served under `model`, where the workspace knows it
   * (the finetuning stage does). It becomes part of the model's identity, so a retrained adapter served under the
   * same name never gets the old adapter's cached answers.
   */
  adapterSha256?: string;
  /** Ollama server address (default: `OLLAMA_HOST`, else `http://127.0.0.1:11434`). */
  host?: string;
  /** Base URL of an HTTP API (Anthropic: `ANTHROPIC_BASE_URL`; OpenAI-compatible: `OPENAI_BASE_URL`). */
  baseUrl?: string;
  /**
   * An API key given explicitly. Prefer the environment (`ANTHROPIC_API_KEY`, `OPENAI_API_KEY`): keys never
   * belong in configuration files, notebooks or run manifests.
   */
  apiKey?: string;
  /** Transport timeout of one HTTP request in milliseconds (default 10 minutes; the retry layer sets its own). */
  timeoutMs?: number;
  /** Where keys and defaults are read from (default `process.env`). */
  environment?: NodeJS.ProcessEnv;
  /** Anthropic: the `anthropic-version` to send (default `2026-10-21`, the version SDK 1.x speaks). */
  apiVersion?: string;
  /**
   * Anthropic: what to do with `temperature`/`topP` on API version 2026-10-21, which refuses them: `reject`
   * (default: a clear error before anything is sent) or `omit` (send without them; recorded in describe()).
   */
  samplingParameters?: 'reject' | 'omit';
  /** Anthropic: `max_tokens` when a request gives none (the API requires it; default 4096). */
  defaultMaxTokens?: number;
  /** Anthropic batches: milliseconds between polls (default 30 s). */
  batchPollIntervalMs?: number;
  /** Ollama: how long the server keeps the model loaded after a request (e.g. `5m`, `-1`). */
  keepAlive?: string | number;
  /** OpenAI-compatible: send `strict: true` with the JSON schema (OpenAI's strict mode). */
  strictSchema?: boolean;
  /** Progress for long provider operations (batch polling; llama-cpp: model downloads). */
  progress?: ProgressFactory;
  /** llama-cpp: context window in tokens (default 4096, at most the model's training context). */
  contextSize?: number;
  /** llama-cpp: CPU threads (default min(physical cores, 4); on a shared 2-vCPU machine try 1). */
  threads?: number;
  /** llama-cpp: a LoRA adapter in GGUF (a path or an `hf:` reference); its sha256 is part of describe(). */
  adapter?: string;
  /** llama-cpp: the adapter's scale (default 1). */
  adapterScale?: number;
  /** llama-cpp: use a GPU when the machine has one (default true). */
  gpu?: boolean;
  /** llama-cpp: workspace paths (the model cache lives under their cache folder). */
  paths?: WorkspacePaths;
}

/** One model a server offers. */
export interface ModelListing {
  id: string;
  /** Content digest where the provider reports one (Ollama). */
  digest?: string;
  sizeBytes?: number;
  modifiedAt?: string;
  details?: Record<string, unknown>;
}

export interface ProviderDefinition {
  /** The name used in settings and manifests. */
  name: string;
  /** One line for `ecg-llm llm models --help`. */
  summary: string;
  /** Creates a chat model (no network traffic until it is used). */
  create(settings: ChatModelSettings): ChatModel;
  /** Lists the models the configured server offers. */
  listModels(settings: Omit<ChatModelSettings, 'model'>): Promise<ModelListing[]>;
}
