/**
 * A *system* under evaluation: a model (provider, model id, sampling settings), optional RAG context settings
 * and an optional finetuned adapter. Its id — a readable label plus a short hash of its canonical settings —
 * names it in every record and table, so two runs of the same system line up and two different settings of
 * one model never get mixed. The model is built only through {@link createModelStack} (cache → usage → limits →
 * retry → provider), so every evaluation call is cached, retried, limited and accounted.
 */
import { hashCanonical } from '../core/canonical-json.js';
import type { WorkspacePaths } from '../core/paths.js';
import { createRandom } from '../core/random.js';
import { parseWithSchema } from '../core/validate.js';
import type { CacheMode } from '../llm/cached-chat-model.js';
import type { ChatModel } from '../llm/chat-model.js';
import { createModelStack, type ModelStack } from '../llm/model-stack.js';
import type { RetryOptions } from '../llm/retrying-chat-model.js';
import { generatorProviderName } from '../synth/generator-model.js';
import { evaluationSystemSchema, type EvaluationSystem, type EvaluationSystemInput } from '../schemas/evaluation.js';

/**
 * The stable id of a system: `<label>-<8 hex digits>`, the label made filename-safe and the digits taken from
 * the sha256 of the canonical JSON of everything that changes replies (provider, model, sampling settings, RAG
 * settings, adapter, base flag) — not of where the server runs.
 *
 * @example
 * evaluationSystemId({ provider: 'ollama', model: 'llama3.1:8b' }); // 'llama3.1-8b-…'
 */
export function evaluationSystemId(input: EvaluationSystemInput): string {
  const system = parseWithSchema(evaluationSystemSchema, input, { field: 'system' });
  const label = (system.label ?? system.model).replace(/[^A-Za-z0-9._+-]+/g, '-').replace(/^-+|-+$/g, '') || 'system';
  const identity = {
    provider: generatorProviderName(system.provider),
    model: system.model,
    generation: system.generation,
    rag: system.rag ?? null,
    adapter: system.adapter ?? null,
    base: system.base,
  };
  return `${label}-${hashCanonical(identity).slice(0, 8)}`;
}

/** A system ready to be asked: its id, settings and model stack. */
export interface EvaluationSystemHandle {
  id: string;
  system: EvaluationSystem;
  /** The top of the model stack (what the evaluation calls). */
  model: ChatModel;
  stack: ModelStack;
}

export interface CreateEvaluationSystemOptions {
  paths?: WorkspacePaths;
  environment?: NodeJS.ProcessEnv;
  cache?: { mode?: CacheMode; directory?: string } | false;
  retry?: RetryOptions | false;
  /** Requests in flight at the same time for this system (default 1). */
  concurrency?: number;
  /** Wrap this model instead of creating one from the provider settings (tests of other providers, embedded models). */
  baseModel?: ChatModel;
}

/**
 * Builds a system's model stack. Anthropic's current API refuses sampling parameters, so for it they are left
 * out (recorded in the model's `describe()`).
 *
 * @example
 * const system = createEvaluationSystem({ provider: 'ollama', model: 'llama3.1:8b', generation: { temperature: 0 } });
 */
export function createEvaluationSystem(input: EvaluationSystemInput, options: CreateEvaluationSystemOptions = {}): EvaluationSystemHandle {
  const system = parseWithSchema(evaluationSystemSchema, input, { field: 'system' });
  const provider = generatorProviderName(system.provider);
  const id = evaluationSystemId(system);
  const stack = createModelStack({
    provider,
    model: system.model,
    ...(system.host ? { host: system.host } : {}),
    ...(system.baseUrl ? { baseUrl: system.baseUrl } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
    ...(provider === 'anthropic' ? { samplingParameters: 'omit' as const } : {}),
    retry: options.retry === false ? false : { random: createRandom(id, 'evaluation-retry'), ...options.retry },
    ...((options.concurrency ?? 1) > 1 ? { limits: { concurrency: options.concurrency } } : {}),
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(options.paths ? { paths: options.paths } : {}),
    ...(options.baseModel ? { baseModel: options.baseModel } : {}),
  });
  return { id, system, model: stack.model, stack };
}
