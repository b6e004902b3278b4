/**
 * Token prices per model, for cost accounting. Every entry names its source and the date it was read; a model
 * that is not in the table has an unknown cost (`null`), never 0 — local models (Ollama, vLLM) have no
 * per-token price here because their cost is hardware time, which this table does not model.
 *
 * Prices are USD per million tokens at the standard rate. The Anthropic Message Batches API charges 50% of the
 * standard rate on input and output ("Batch API: 50% discount on input and output" on each model's page).
 * Prices change: check the cited pages before relying on the numbers for a budget, and pass your own table to
 * `createModelStack({ prices })` when they differ.
 */

export interface ModelPrice {
  provider: string;
  /** The exact model id (aliases and dated snapshot ids are separate entries). */
  model: string;
  inputPerMillionTokens: number;
  outputPerMillionTokens: number;
  /** Multiplier applied to requests made through the provider's batch API (Anthropic: 0.5). */
  batchMultiplier?: number;
  /** Prices for prompts longer than a threshold (Claude Haiku 5.5 is priced in two bands). */
  longPrompt?: { aboveInputTokens: number; inputPerMillionTokens: number; outputPerMillionTokens: number };
  /** Where the price was read. */
  source: string;
  /** When it was read (ISO date). */
  retrieved: string;
}

const RETRIEVED = '2026-11-22';
const ANTHROPIC_MODELS_PAGE = (slug: string) => `https://platform.claude.com/docs/zh-CN/models/${slug}/overview`;
const OPUS_5_PAGE = 'https://platform.claude.com/docs/about-claude/models/whats-new-opus-5';
const BATCH_PRICE_TABLE = 'https://dev.to/neverpaytwice/claude-batch-api-half-price-if-you-can-wait-ecg (table quoting Anthropic\'s batch processing page)';

function anthropic(model: string, input: number, output: number, source: string, extra: Partial<ModelPrice> = {}): ModelPrice {
  return { provider: 'anthropic', model, inputPerMillionTokens: input, outputPerMillionTokens: output, batchMultiplier: 0.5, source, retrieved: RETRIEVED, ...extra };
}

/** The built-in price table. */
export const DEFAULT_PRICES: readonly ModelPrice[] = [
  anthropic('claude-opus-5-5', 4, 20, ANTHROPIC_MODELS_PAGE('opus-5-5')),
  anthropic('claude-sonnet-5-5', 2, 10, ANTHROPIC_MODELS_PAGE('sonnet-5-5')),
  anthropic('claude-haiku-5-5', 0.1, 0.5, `${BATCH_PRICE_TABLE}; ${OPUS_5_PAGE} ("From $0.10 / $0.50")`, {
    longPrompt: { aboveInputTokens: 100_000, inputPerMillionTokens: 0.5, outputPerMillionTokens: 2.5 },
  }),
  anthropic('claude-fable-5-1', 10, 50, `${OPUS_5_PAGE} (comparison table)`),
  anthropic('claude-opus-5', 5, 25, OPUS_5_PAGE),
  anthropic('claude-sonnet-5', 2, 10, ANTHROPIC_MODELS_PAGE('sonnet-5')),
  anthropic('claude-opus-4-8', 5, 25, BATCH_PRICE_TABLE),
  anthropic('claude-sonnet-4-6', 3, 15, BATCH_PRICE_TABLE),
  anthropic('claude-haiku-4-5', 1, 5, `${ANTHROPIC_MODELS_PAGE('sonnet-5')} (comparison table)`),
  anthropic('claude-haiku-4-5-20251001', 1, 5, `${ANTHROPIC_MODELS_PAGE('sonnet-5')} (comparison table)`),
];

/** The price of a model, or undefined when unknown. */
export function findPrice(prices: readonly ModelPrice[], provider: string, model: string): ModelPrice | undefined {
  const listed = prices.find((price) => price.provider === provider && price.model === model);
  if (listed || provider !== 'llama-cpp') return listed;
  // The embedded provider runs in this process: no vendor bills its tokens (its cost is local hardware time).
  return { provider, model, inputPerMillionTokens: 0, outputPerMillionTokens: 0, source: 'embedded model (node-llama-cpp): no per-token price', retrieved: RETRIEVED };
}

/** The cost in USD of one request's usage. */
export function costOf(price: ModelPrice, usage: { inputTokens: number; outputTokens: number }, options: { batch?: boolean } = {}): number {
  const band = price.longPrompt && usage.inputTokens > price.longPrompt.aboveInputTokens ? price.longPrompt : price;
  const standard = (usage.inputTokens * band.inputPerMillionTokens + usage.outputTokens * band.outputPerMillionTokens) / 1_000_000;
  return options.batch ? standard * (price.batchMultiplier ?? 1) : standard;
}
