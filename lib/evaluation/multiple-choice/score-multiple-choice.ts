/**
 * The multiple-choice scorer: asks a system one item and turns the reply into the records `correct` (1/0,
 * unparseable counts as 0) and `unparseable` (1/0).
 *
 * - `generative` (default, as in the paper): the model writes a reply; a parser reads the letter —
 *   {@link parseChoiceLetter} for the default prompt, the authors' parsers for the legacy prompts.
 * - `loglikelihood`: one token is generated with the top-20 log-probabilities of the first position, and the
 *   letter with the highest log-probability is the answer ({@link letterLoglikelihood}); needs a provider that
 *   returns log-probabilities (Ollama, OpenAI-compatible servers such as vLLM).
 */
import { ConfigurationError } from '../../core/errors.js';
import type { ChatRequest } from '../../llm/chat-model.js';
import type { McEvaluationItem, ParseOutcome } from '../../schemas/evaluation.js';
import type { EvaluationSystemHandle } from '../evaluation-system.js';
import type { EvaluationScorer } from '../run-evaluation.js';
import { legacyApiParseChoiceLetter, legacyLocalParseChoiceLetter } from './legacy-parse-choice-letter.js';
import { letterLoglikelihood } from './letter-loglikelihood.js';
import { multipleChoiceMessages, multipleChoiceRequestDefaults, type MultipleChoicePromptStyle } from './multiple-choice-prompt.js';
import { parseChoiceLetter } from './parse-choice-letter.js';

export type MultipleChoiceScoring = 'generative' | 'loglikelihood';

export interface MultipleChoiceScorerOptions {
  scoring?: MultipleChoiceScoring;
  /** Prompt style (default `default`); the legacy styles also use the authors' parsers and sampling settings. */
  style?: MultipleChoicePromptStyle;
  /** Top alternatives asked for in log-likelihood scoring (default 20, the most most APIs allow). */
  topLogprobs?: number;
  /** Supplies RAG context for an item when the system has RAG settings. */
  context?: (system: EvaluationSystemHandle, item: McEvaluationItem) => Promise<string | undefined>;
}

/** The parser a prompt style uses. */
export function parserForStyle(style: MultipleChoicePromptStyle): (reply: string, choices: readonly string[]) => ParseOutcome {
  if (style === 'legacy-local') return (reply) => legacyLocalParseChoiceLetter(reply);
  if (style === 'legacy-api') return (reply) => legacyApiParseChoiceLetter(reply);
  return parseChoiceLetter;
}

/**
 * Creates the scorer. The system's own generation settings override the style's defaults; the seed is sent
 * where the system sets one.
 *
 * @example
 * const scorer = multipleChoiceScorer({ scoring: 'generative' });
 * const { metrics } = await scorer(system, item, dataset); // { correct: 1, unparseable: 0 }
 */
export function multipleChoiceScorer(options: MultipleChoiceScorerOptions = {}): EvaluationScorer<McEvaluationItem> {
  const scoring = options.scoring ?? 'generative';
  const style = options.style ?? 'default';
  const parse = parserForStyle(style);
  const defaults = multipleChoiceRequestDefaults(style);
  return async (system, item) => {
    const context = options.context && system.system.rag ? await options.context(system, item) : undefined;
    const generation = system.system.generation;
    const messages = multipleChoiceMessages(item, style, { letterOnly: scoring === 'loglikelihood', ...(context ? { context } : {}) });
    const request: ChatRequest =
      scoring === 'loglikelihood'
        ? { messages, temperature: 0, maxTokens: 1, topLogprobs: options.topLogprobs ?? 20, ...(generation.seed !== undefined ? { seed: generation.seed } : {}) }
        : {
            messages,
            temperature: generation.temperature ?? defaults.temperature,
            ...((generation.topP ?? defaults.topP) !== undefined ? { topP: generation.topP ?? defaults.topP } : {}),
            maxTokens: generation.maxTokens ?? defaults.maxTokens,
            ...(generation.seed !== undefined ? { seed: generation.seed } : {}),
          };
    const response = await system.model.chat(request);
    let parsed: ParseOutcome;
    let letterLogprobs: Record<string, number | null> | undefined;
    if (scoring === 'loglikelihood') {
      if (!response.logprobs) {
        throw new ConfigurationError(
          'scoring',
          `log-likelihood scoring needs log-probabilities, but ${system.system.provider} model ${system.system.model} returned none; use --scoring generative or a provider that returns them (ollama, openai)`,
        );
      }
      const result = letterLoglikelihood(response.logprobs);
      parsed = { value: result.value, rule: result.rule };
      letterLogprobs = result.letterLogprobs;
    } else {
      parsed = parse(response.text, item.choices);
    }
    const correct = parsed.value !== null && parsed.value === item.answer ? 1 : 0;
    return {
      metrics: { correct, unparseable: parsed.value === null ? 1 : 0 },
      reply: {
        reply: response.text,
        parse: parsed,
        ...(letterLogprobs ? { letterLogprobs } : {}),
        finishReason: response.finishReason,
        model: response.model,
        ...(response.cached ? { cached: true } : {}),
      },
    };
  };
}
