/**
 * Absolute grading, Prometheus style (Kim et al. 2024, arXiv 2405.01535): the judge writes feedback against a
 * rubric, then an integer score from 1 to 5. With a reference answer and/or the source context when the dataset
 * has them; reference-free otherwise.
 */
import type { ChatModel } from '../../llm/chat-model.js';
import { absoluteJudgePrompt, DEFAULT_ABSOLUTE_RUBRIC } from './judge-prompts.js';
import { judgeRequest, optionalText, requireText, type JudgeCallOptions } from './judge-request.js';
import type { AbsoluteJudgement } from './judgement-schemas.js';
import { parseAbsoluteVerdict } from './parse-absolute-verdict.js';

export interface AbsoluteGradingInput {
  question: string;
  answer: string;
  /** A reference answer (scored 5 by definition), when the dataset has one. */
  reference?: string;
  /** The source text the question was written from, when the dataset has it. */
  context?: string;
}

export interface AbsoluteGradingOptions extends JudgeCallOptions {
  /** The score rubric (default {@link DEFAULT_ABSOLUTE_RUBRIC}). */
  rubric?: string;
}

/**
 * Grades one answer 1–5. The model is a `ChatModel` the caller built with `createModelStack` (cache, retry,
 * usage); the request has temperature 0 and a seed unless told otherwise. An unparseable reply is returned with
 * `parsed: false`, `score: null` and the reason, never guessed; service failures propagate as thrown errors.
 *
 * @example
 * const stack = createModelStack({ provider: 'ollama', model: 'llama3.1:8b' });
 * const grade = await gradeAbsolute(stack.model, { question: 'What does a delta wave indicate?', answer: 'Pre-excitation (WPW).' });
 * grade.score; // e.g. 5
 */
export async function gradeAbsolute(model: ChatModel, input: AbsoluteGradingInput, options: AbsoluteGradingOptions = {}): Promise<AbsoluteJudgement> {
  const question = requireText(input.question, 'input.question');
  const answer = typeof input.answer === 'string' ? input.answer : requireText(input.answer, 'input.answer');
  const reference = optionalText(input.reference, 'input.reference');
  const context = optionalText(input.context, 'input.context');
  const messages = absoluteJudgePrompt(
    { question, answer: answer.trim() === '' ? '(empty response)' : answer, ...(reference !== undefined ? { reference } : {}), ...(context !== undefined ? { context } : {}) },
    options.rubric ?? DEFAULT_ABSOLUTE_RUBRIC,
  );
  const response = await model.chat(judgeRequest(messages, options), options.signal ? { signal: options.signal } : {});
  return parseAbsoluteVerdict(response.text);
}
