/**
 * The authors' listwise judge (`legacy`, authors-pipeline §5.5, see docs/authors-pipeline.md): all systems'
 * answers to one question in a single prompt as Response A, B, …, ranked best to worst with a score and a
 * correctness flag per answer, JSON out. Rebuilt with the fixes the authors' version lacks (§7.8): the answers are
 * shuffled with a seeded random source for every question and the verdict is mapped back; the ranking must be a
 * permutation of the letters shown and the lists must have one entry per answer; the raw reply is kept; an
 * unparseable reply is recorded, not skipped.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { RandomSource } from '../../core/random.js';
import type { ChatModel } from '../../llm/chat-model.js';
import { listwiseJudgePrompt, listwiseResponseLetter } from './judge-prompts.js';
import { findJsonObject, stripReasoning } from './judge-reply-text.js';
import { judgeRequest, optionalText, requireText, type JudgeCallOptions } from './judge-request.js';
import type { ListwiseJudgement } from './judgement-schemas.js';

export interface ListwiseInput {
  question: string;
  /** One answer per system, at least two. */
  answers: string[];
  reference?: string;
  context?: string;
}

export interface ListwiseOptions extends JudgeCallOptions {
  /** Draws the order in which the answers are shown. */
  random: RandomSource;
  /** Shuffle the answers (default true). `false` shows them in the given order, as the authors' code did. */
  shuffle?: boolean;
}

/** A uniformly random permutation of 0…n−1 (Fisher–Yates, Durstenfeld's version). */
function permutation(size: number, random: RandomSource): number[] {
  const order = Array.from({ length: size }, (_, index) => index);
  for (let index = size - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return order;
}

type ParsedList = Pick<ListwiseJudgement, 'ranking' | 'ranks' | 'scores' | 'correct' | 'parsed'> & { parseError?: string };

function failure(parseError: string): ParsedList {
  return { ranking: null, ranks: null, scores: null, correct: null, parsed: false, parseError };
}

/**
 * Parses a listwise verdict: a JSON object (bare, fenced or inside prose; `<think>` blocks removed) whose
 * `ranking` lists every shown letter exactly once (`"A"` or `"Response A"`). `scores` (numbers) and `correct`
 * (booleans; the authors' `correctness_responses` is accepted too) are kept when they have one entry per answer,
 * else null. Everything is mapped back through `shown` to the caller's indexes.
 *
 * @example
 * parseListwiseVerdict('{"ranking": ["B", "A"], "scores": [2, 5], "correct": [false, true]}', [1, 0]);
 * // ranking [0, 1]: the caller's answer 0 (shown as B) is best
 */
export function parseListwiseVerdict(raw: string, shown: readonly number[]): ParsedList {
  const size = shown.length;
  const json = findJsonObject(stripReasoning(raw));
  if (!json) return failure('no JSON object found in the reply');
  if (!Array.isArray(json.ranking)) return failure('the JSON object has no "ranking" list');
  const letters = shown.map((_, index) => listwiseResponseLetter(index));
  const positions: number[] = [];
  for (const entry of json.ranking as unknown[]) {
    const letter = typeof entry === 'string' ? entry.trim().replace(/^response\s+/i, '').toUpperCase() : '';
    const position = letters.indexOf(letter);
    if (position === -1) return failure(`"ranking" holds ${JSON.stringify(entry)}, which is not one of the letters ${letters.join(', ')}`);
    if (positions.includes(position)) return failure(`"ranking" lists ${letter} twice`);
    positions.push(position);
  }
  if (positions.length !== size) return failure(`"ranking" lists ${positions.length} of the ${size} responses`);
  const ranking = positions.map((position) => shown[position] as number);
  const ranks = new Array<number>(size).fill(0);
  ranking.forEach((original, index) => (ranks[original] = index + 1));
  const perAnswer = <T>(value: unknown, check: (item: unknown) => item is T): T[] | null => {
    if (!Array.isArray(value) || value.length !== size || !value.every(check)) return null;
    const mapped = new Array<T>(size);
    value.forEach((item, position) => (mapped[shown[position] as number] = item));
    return mapped;
  };
  const scores = perAnswer(json.scores, (item): item is number => typeof item === 'number' && Number.isFinite(item));
  const correct = perAnswer(json.correct ?? json.correctness_responses, (item): item is boolean => typeof item === 'boolean');
  return { ranking, ranks, scores, correct, parsed: true };
}

/**
 * Ranks all answers to one question in one judge call (the authors' listwise design, as `legacy`).
 *
 * @example
 * const result = await rankListwise(stack.model, { question, answers: systemsAnswers, context }, { random: createRandom(7, 'judge') });
 * result.ranking; // the caller's indexes best → worst, or null when the reply could not be parsed
 * result.shown;   // the order the judge saw
 */
export async function rankListwise(model: ChatModel, input: ListwiseInput, options: ListwiseOptions): Promise<ListwiseJudgement> {
  const question = requireText(input.question, 'input.question');
  if (!Array.isArray(input.answers) || input.answers.length < 2) throw new InvalidArgumentError('input.answers', 'must hold at least two answers');
  input.answers.forEach((answer, index) => {
    if (typeof answer !== 'string') throw new InvalidArgumentError(`input.answers[${index}]`, 'must be a string');
  });
  if (!options || typeof options.random?.integer !== 'function') throw new InvalidArgumentError('options.random', 'must be a RandomSource (lib/core/random.ts)');
  const reference = optionalText(input.reference, 'input.reference');
  const context = optionalText(input.context, 'input.context');
  const shown = options.shuffle === false ? input.answers.map((_, index) => index) : permutation(input.answers.length, options.random);
  const messages = listwiseJudgePrompt({
    question,
    shown: shown.map((index) => {
      const answer = input.answers[index] as string;
      return answer.trim() === '' ? '(empty response)' : answer;
    }),
    ...(reference !== undefined ? { reference } : {}),
    ...(context !== undefined ? { context } : {}),
  });
  const response = await model.chat(judgeRequest(messages, options), options.signal ? { signal: options.signal } : {});
  return { shown, raw: response.text, ...parseListwiseVerdict(response.text, shown) };
}
