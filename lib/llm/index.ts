/**
 * `lib/llm`: one ChatModel interface, several real providers (Ollama, Anthropic, OpenAI-compatible), structured
 * output with validation and one repair turn, and wrappers (response cache, retry, rate limits, usage and cost
 * accounting) composed by `createModelStack`.
 */
export * from './batch.js';
export * from './batch-ledger.js';
export * from './cached-chat-model.js';
export * from './limited-chat-model.js';
export * from './model-stack.js';
export * from './price-table.js';
export * from './providers/provider-definition.js';
export * from './providers/provider-registry.js';
export * from './providers/ollama.js';
export * from './providers/anthropic.js';
export * from './providers/openai-compatible.js';
export * from './providers/llama-cpp.js';
export * from './model-files.js';
export * from './default-chat-model.js';
export * from './response-cache.js';
export * from './response-log.js';
export * from './retrying-chat-model.js';
export * from './service-failure.js';
export * from './structured-output.js';
export * from './usage-tracking-chat-model.js';
