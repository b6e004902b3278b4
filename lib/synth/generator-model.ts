/**
 * The generator model of a synthesis run: a provider chat model from `lib/llm` wrapped in the retry layer.
 * Provider names on the command line are short (`ollama`, `anthropic`, `openai`); keys and hosts come from
 * the environment (`OLLAMA_HOST`, `ANTHROPIC_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_API_KEY`) inside the providers.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { createRandom } from '../core/random.js';
import type { ChatModel } from '../llm/chat-model.js';
import { createChatModel } from '../llm/providers/provider-registry.js';
import { withRetry, type RetryOptions, type RetryingChatModel } from '../llm/retrying-chat-model.js';

/** Command-line provider names and the registered providers they stand for. */
export const GENERATOR_PROVIDERS = { ollama: 'ollama', anthropic: 'anthropic', openai: 'openai-compatible' } as const;
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
}

/** The registered provider name for a command-line provider name (registered names pass through). */
export function generatorProviderName(name: string): string {
  if (name in GENERATOR_PROVIDERS) return GENERATOR_PROVIDERS[name as GeneratorProviderName];
  if ((Object.values(GENERATOR_PROVIDERS) as string[]).includes(name)) return name;
  throw new InvalidArgumentError('provider', `must be one of ${Object.keys(GENERATOR_PROVIDERS).join(', ')}; got "${name}"`);
}

/**
 * Creates the generator model with retries. Anthropic's current API refuses sampling parameters, so for it
 * the temperature is left out of requests (recorded by the provider's `describe()`).
 */
export function createGeneratorModel(settings: GeneratorModelSettings): RetryingChatModel {
  const provider = generatorProviderName(settings.provider);
  const inner: ChatModel = createChatModel({
    provider,
    model: settings.model,
    ...(settings.environment ? { environment: settings.environment } : {}),
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(provider === 'anthropic' ? { samplingParameters: 'omit' as const } : {}),
  });
  return withRetry(inner, { random: createRandom(settings.seed ?? 0, 'synthesis-retry'), ...settings.retry });
}
