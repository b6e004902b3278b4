/**
 * Pairwise comparison run in both orders (Prometheus 2 relative grading, Kim et al. 2024, arXiv 2405.01535;
 * both orders and "inconsistent means tie" as in Zheng et al. 2023, MT-Bench, arXiv 2306.05685 §3.4), so that a
 * judge's preference for a position shows up as inconsistency instead of as a winner.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { ChatModel } from '../../llm/chat-model.js';
import { DEFAULT_PAIRWISE_RUBRIC, pairwiseJudgePrompt } from './judge-prompts.js';
import { judgeRequest, optionalText, requireText, type JudgeCallOptions } from './judge-request.js';
import type { PairwiseJudgement, PairwiseOrder, PairwiseWinner } from './judgement-schemas.js';
import { parsePairwiseVerdict } from './parse-pairwise-verdict.js';

export interface PairwiseInput {
  question: string;
  answers: [string, string];
  reference?: string;
  context?: string;
}

export interface PairwiseOptions extends JudgeCallOptions {
  rubric?: string;
}

/**
 * Compares two answers, once as given (A = answers[0]) and once swapped (A = answers[1]), and maps both
 * verdicts back to the caller's indexes. `winner` is the agreed winner; `'tie'` when the orders disagree or
 * both say tie; null when either reply was unparseable.
 *
 * @example
 * const result = await comparePairwise(stack.model, { question: 'What is a normal PR interval?', answers: ['120–200 ms', '80 ms'] });
 * result.winner;     // 0 when both orders prefer the first answer
 * result.consistent; // false when the judge preferred whichever answer came first
 */
export async function comparePairwise(model: ChatModel, input: PairwiseInput, options: PairwiseOptions = {}): Promise<PairwiseJudgement> {
  const question = requireText(input.question, 'input.question');
  if (!Array.isArray(input.answers) || input.answers.length !== 2) throw new InvalidArgumentError('input.answers', 'must hold exactly two answers');
  const answers = input.answers.map((answer, index) => {
    if (typeof answer !== 'string') throw new InvalidArgumentError(`input.answers[${index}]`, 'must be a string');
    return answer.trim() === '' ? '(empty response)' : answer;
  }) as [string, string];
  const reference = optionalText(input.reference, 'input.reference');
  const context = optionalText(input.context, 'input.context');
  const rubric = options.rubric ?? DEFAULT_PAIRWISE_RUBRIC;
  const presentations: Array<[0 | 1, 0 | 1]> = [
    [0, 1],
    [1, 0],
  ];
  const orders: PairwiseOrder[] = [];
  for (const shown of presentations) {
    const messages = pairwiseJudgePrompt(
      { question, shown: [answers[shown[0]], answers[shown[1]]], ...(reference !== undefined ? { reference } : {}), ...(context !== undefined ? { context } : {}) },
      rubric,
    );
    const response = await model.chat(judgeRequest(messages, options), options.signal ? { signal: options.signal } : {});
    const verdict = parsePairwiseVerdict(response.text);
    const winner: PairwiseWinner = verdict.verdict === null ? null : verdict.verdict === 'tie' ? 'tie' : verdict.verdict === 'A' ? shown[0] : shown[1];
    orders.push({
      shown,
      verdict: verdict.verdict,
      winner,
      feedback: verdict.feedback,
      raw: response.text,
      parsed: verdict.parsed,
      ...(verdict.parseError !== undefined ? { parseError: verdict.parseError } : {}),
    });
  }
  const [first, second] = orders as [PairwiseOrder, PairwiseOrder];
  const bothParsed = first.winner !== null && second.winner !== null;
  const consistent = bothParsed && first.winner === second.winner;
  const winner: PairwiseWinner = !bothParsed ? null : consistent ? first.winner : 'tie';
  return { winner, orders: [first, second], consistent };
}
