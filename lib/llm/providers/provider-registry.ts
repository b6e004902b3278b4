/**
 * The provider registry and {@link createChatModel}, the one way stages obtain a model. The providers in
 * `lib/llm/providers/` are the only code that talks to an LLM vendor and the only code that reads API keys.
 *
 * To add a provider (for example `llama-cpp`, node-llama-cpp embedded in the process): write
 * `providers/llama-cpp.ts` exporting a {@link ProviderDefinition}, and add it to `BUILT_IN_PROVIDERS` below.
 * Code outside the library can also call {@link registerProvider} at run time.
 *
 * @example
 * const model = createChatModel({ provider: 'ollama', model: 'llama3.1:8b', host: 'http://gpu-box:11434' });
 * const reply = await model.chat({ messages: [{ role: 'user', content: 'What does a delta wave indicate?' }] });
 */
import { ConfigurationError, InvalidArgumentError } from '../../core/errors.js';
import type { ChatModel } from '../chat-model.js';
import { anthropicProvider } from './anthropic.js';
import { llamaCppProvider } from './llama-cpp.js';
import { ollamaProvider } from './ollama.js';
import { openAICompatibleProvider } from './openai-compatible.js';
import type { ChatModelSettings, ModelListing, ProviderDefinition } from './provider-definition.js';

const BUILT_IN_PROVIDERS: ProviderDefinition[] = [ollamaProvider, anthropicProvider, openAICompatibleProvider, llamaCppProvider];

const registry = new Map<string, ProviderDefinition>(BUILT_IN_PROVIDERS.map((definition) => [definition.name, definition]));

/** Adds (or replaces) a provider. */
export function registerProvider(definition: ProviderDefinition): void {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) throw new InvalidArgumentError('definition.name', `must be lower-case kebab-case, got "${definition.name}"`);
  registry.set(definition.name, definition);
}

/** The registered providers, in registration order. */
export function listProviders(): ProviderDefinition[] {
  return [...registry.values()];
}

/** The definition of a provider; a {@link ConfigurationError} names the known ones. */
export function getProvider(name: string): ProviderDefinition {
  const definition = registry.get(name);
  if (!definition) throw new ConfigurationError('provider', `unknown provider "${name}"; known: ${[...registry.keys()].join(', ')}`);
  return definition;
}

/**
 * Creates a chat model for the settings' provider. No request is made until the model is used, and keys are
 * read from the environment only then.
 */
export function createChatModel(settings: ChatModelSettings): ChatModel {
  if (typeof settings.model !== 'string' || settings.model.trim() === '') throw new InvalidArgumentError('model', 'must name a model');
  const { provider, ...rest } = settings;
  return getProvider(provider).create({ ...rest, provider });
}

/** Lists the models a provider's server offers (Ollama: with digests). */
export function listModels(settings: Omit<ChatModelSettings, 'model'>): Promise<ModelListing[]> {
  return getProvider(settings.provider).listModels(settings);
}
