/**
 * The generator model of a synthesis run: `lib/llm`'s model stack (response cache → usage and cost
 * accounting → concurrency limit → retry → provider). Provider names on the command line are short
 * (`ollama`, `anthropic`, `openai`); keys and hosts come from the environment (`OLLAMA_HOST`,
 * `ANTHROPIC_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_API_KEY`) inside the providers.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { WorkspacePaths } from '../core/paths.js';
import { createRandom } from '../core/random.js';
import type { CacheMode } from '../llm/cached-chat-model.js';
import { createModelStack, type ModelStack } from '../llm/model-stack.js';
import type { RetryOptions } from '../llm/retrying-chat-model.js';

/** Command-line provider names and the registered providers they stand for. */
export const GENERATOR_PROVIDERS = { ollama: 'ollama', anthropic: 'anthropic', openai: 'openai-compatible', 'llama-cpp': 'llama-cpp' } as const;
export type GeneratorProviderName = keyof typeof GENERATOR_PROVIDERS;

export interface GeneratorModelSettings {
  provider: string;
  model: string;
  environment?: NodeJS.ProcessEnv;
  /** Ollama host (default `OLLAMA_HOST`). */
  host?: string;
  /** API base URL (default `ANTHROPIC_BASE_URL` / `OPENAI_BASE_URL`). */
  baseUrl?: string;
  retry?: RetryOptions;
  /** Seed of the retry jitter. */
  seed?: number;
  /** Requests in flight at the same time (default 1). */
  concurrency?: number;
  /** Requests started per minute at most (default: no limit), e.g. for an API plan's rate limit. */
  requestsPerMinute?: number;
  /** Anthropic Message Batches: milliseconds between polls (default 30 s). */
  batchPollIntervalMs?: number;
  /** Response cache mode (default `ECG_LLM_CACHE`, else `on`) and folder (default `<cache>/llm`). */
  cache?: { mode?: CacheMode; directory?: string };
  paths?: WorkspacePaths;
  /** llama-cpp: CPU threads and context size (see the provider). */
  threads?: number;
  contextSize?: number;
}

/** The registered provider name for a command-line provider name (registered names pass through). */
export function generatorProviderName(name: string): string {
  if (name in GENERATOR_PROVIDERS) return GENERATOR_PROVIDERS[name as GeneratorProviderName];
  if ((Object.values(GENERATOR_PROVIDERS) as string[]).includes(name)) return name;
  throw new InvalidArgumentError('provider', `must be one of ${Object.keys(GENERATOR_PROVIDERS).join(', ')}; got "${name}"`);
}

/**
 * Creates the generator's model stack. Anthropic's current API refuses sampling parameters, so for it the
 * temperature is left out of requests (the provider's `describe()` records that).
 */
export function createGeneratorModel(settings: GeneratorModelSettings): ModelStack {
  const provider = generatorProviderName(settings.provider);
  return createModelStack({
    provider,
    model: settings.model,
    ...(settings.environment ? { environment: settings.environment } : {}),
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(provider === 'anthropic' ? { samplingParameters: 'omit' as const } : {}),
    retry: { random: createRandom(settings.seed ?? 0, 'synthesis-retry'), ...settings.retry },
    ...((settings.concurrency ?? 1) > 1 || settings.requestsPerMinute !== undefined
      ? {
          limits: {
            ...((settings.concurrency ?? 1) > 1 ? { concurrency: settings.concurrency } : {}),
            ...(settings.requestsPerMinute !== undefined ? { requestsPerMinute: settings.requestsPerMinute } : {}),
          },
        }
      : {}),
    ...(settings.batchPollIntervalMs !== undefined ? { batchPollIntervalMs: settings.batchPollIntervalMs } : {}),
    ...(settings.cache ? { cache: settings.cache } : {}),
    ...(settings.paths ? { paths: settings.paths } : {}),
    ...(settings.threads !== undefined ? { threads: settings.threads } : {}),
    ...(settings.contextSize !== undefined ? { contextSize: settings.contextSize } : {}),
  });
}
