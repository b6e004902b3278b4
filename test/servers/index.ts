/**
 * The only test doubles of the workspace: local HTTP servers that speak the real Ollama, Anthropic and
 * OpenAI wire protocols, driven by deterministic scripts, recording every request, with fault injection.
 *
 * ```ts
 * import { startOllamaServer, startAnthropicServer, startOpenAIServer } from '../servers/index.js';
 *
 * const server = await startOllamaServer([
 *   { json: { question: 'What does a P wave show?', answer: 'Atrial depolarisation.' } }, // a reply
 *   { error: { status: 429, headers: { 'retry-after': '0' } } },                          // an HTTP error
 *   { fault: 'drop' },                                                                    // a dropped connection
 * ]);
 * try {
 *   // server.url: http://127.0.0.1:<port>; use `${server.url}/v1` as the OpenAI base URL.
 *   // server.requests: every request received; server.generations: those that consumed a step.
 * } finally {
 *   await server.close();
 * }
 * ```
 *
 * Steps (protocol-independent; each server renders them in its own format):
 * - reply: `{ text }` or `{ json }`, optional `finishReason: 'length'`, `usage`, `logprobs`, `model`, `delayMs`;
 * - HTTP error: `{ error: { status, message?, type?, headers? } }` (e.g. 429 + `retry-after`, 500, 529);
 * - transport fault: `{ fault: 'drop' | 'hang' | 'malformed' | 'drop-midstream' }`;
 * - Anthropic batch item outcome: `{ batchOutcome: 'expired' | 'canceled' }`.
 *
 * A script is a queue of steps or a function `(request, generationIndex) => step`. A queue that runs out
 * answers HTTP 500 "script exhausted". `options.intercept(request)` injects failures on any route (model
 * listings, batch polls).
 */
export * from './scripted-server.js';
export * from './ollama-server.js';
export * from './anthropic-server.js';
export * from './openai-server.js';
export * from './use-test-servers.js';
export * from './simulated-training.js';
export * from './docker-engine-server.js';
export * from './kubernetes-api-server.js';
