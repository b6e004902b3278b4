/**
 * The request settings every judge call shares: temperature 0 and a fixed seed (the providers that take a seed —
 * Ollama, OpenAI-compatible servers — get it; Anthropic's API has none and its provider ignores it).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { ChatMessage, ChatRequest } from '../../llm/chat-model.js';

export interface JudgeCallOptions {
  /**
   * Sampling temperature of the judge (default 0). `null` sends none, for a provider that refuses sampling
   * parameters (Anthropic's current API, unless its stack was built with `samplingParameters: 'omit'`).
   */
  temperature?: number | null;
  /** Seed sent to providers that accept one (default 0). */
  seed?: number;
  /** Longest verdict in tokens (default 1024; reasoning judges need more). */
  maxTokens?: number;
  signal?: AbortSignal;
}

export const DEFAULT_JUDGE_SEED = 0;
export const DEFAULT_JUDGE_MAX_TOKENS = 1024;

/** The chat request of one judge call. */
export function judgeRequest(messages: ChatMessage[], options: JudgeCallOptions): ChatRequest {
  const temperature = options.temperature === undefined ? 0 : options.temperature;
  if (temperature !== null && (!Number.isFinite(temperature) || temperature < 0)) {
    throw new InvalidArgumentError('options.temperature', `must be a number >= 0 or null, got ${String(options.temperature)}`);
  }
  const seed = options.seed ?? DEFAULT_JUDGE_SEED;
  if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError('options.seed', `must be an integer, got ${String(options.seed)}`);
  const maxTokens = options.maxTokens ?? DEFAULT_JUDGE_MAX_TOKENS;
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 1) throw new InvalidArgumentError('options.maxTokens', `must be a positive integer, got ${String(options.maxTokens)}`);
  return { messages, ...(temperature !== null ? { temperature } : {}), seed, maxTokens };
}

/** Refuses an empty text field of a judge input. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidArgumentError(field, 'must be a non-empty string');
  return value;
}

/** Refuses an optional text field that is present but not a string. */
export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a string when given');
  return value.trim() === '' ? undefined : value;
}
