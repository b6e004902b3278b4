/**
 * The judge's prompts, in this project's own wording. The absolute and pairwise formats follow Prometheus 2
 * (Kim et al. 2024, "Prometheus 2: An Open Source Language Model Specialized in Evaluating Other Language
 * Models", arXiv 2405.01535): a task description, the instruction, the response(s), an optional reference answer,
 * a score rubric, and the instruction to write feedback first and then `[RESULT] <verdict>`. The listwise prompt
 * rebuilds the authors' ranking of all systems (authors-pipeline §5.5, see docs/authors-pipeline.md): rank by the
 * context, penalise unsupported claims, do not reward length; JSON out.
 */
import type { ChatMessage } from '../../llm/chat-model.js';

/**
 * The default rubric of absolute grading: medical correctness of an answer about electrocardiography, 1–5. Score
 * 4 and 5 are "correct" (with and without minor omissions), which is why `judgedCorrect` defaults to score ≥ 4.
 */
export const DEFAULT_ABSOLUTE_RUBRIC = [
  '[Is the response a medically correct answer to the question about electrocardiography?]',
  'Score 1: The response is wrong, irrelevant or potentially harmful: its central claim is incorrect.',
  'Score 2: The response is mostly incorrect: it contains a major factual error, though some details are right.',
  'Score 3: The response is partly correct: the main point is right but it also contains a clear error, or it misses the main point of the question.',
  'Score 4: The response is correct but incomplete or imprecise: it contains no error, but it omits something a cardiologist would expect.',
  'Score 5: The response is correct and complete: every claim is accurate and the question is fully answered.',
].join('\n');

/** The default rubric of pairwise comparison. */
export const DEFAULT_PAIRWISE_RUBRIC =
  '[Which response answers the question about electrocardiography more correctly? Correctness comes first, then completeness; length and style do not count.]';

const SYSTEM = 'You are a fair judge of answers to questions about electrocardiography. You follow the output format exactly.';

function section(title: string, body: string | undefined): string[] {
  return body === undefined ? [] : [`###${title}:`, body.trim(), ''];
}

export interface AbsolutePromptInput {
  question: string;
  answer: string;
  reference?: string;
  context?: string;
}

/** The chat messages of one absolute grade. */
export function absoluteJudgePrompt(input: AbsolutePromptInput, rubric: string = DEFAULT_ABSOLUTE_RUBRIC): ChatMessage[] {
  const given = ['a question', 'a response to evaluate'];
  if (input.reference !== undefined) given.push('a reference answer that would receive a score of 5');
  if (input.context !== undefined) given.push('the source text the question was written from');
  const user = [
    '###Task description:',
    `You are given ${given.join(', ')}, and a score rubric.`,
    '1. Write detailed feedback that judges the response strictly by the score rubric, not by general impressions.',
    input.reference !== undefined || input.context !== undefined
      ? '2. Use the reference answer and the source text to check the facts; a claim that they contradict is an error.'
      : '2. Check the facts against established electrocardiography knowledge; no reference answer is given.',
    '3. After the feedback, give an integer score from 1 to 5 that refers to the rubric.',
    '4. Output format: "Feedback: <your feedback> [RESULT] <an integer from 1 to 5>". Write nothing before "Feedback:" and nothing after the score.',
    '',
    ...section('Question', input.question),
    ...section('Response to evaluate', input.answer),
    ...section('Reference answer (score 5)', input.reference),
    ...section('Source text', input.context),
    ...section('Score rubric', rubric),
    '###Feedback:',
  ].join('\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

export interface PairwisePromptInput {
  question: string;
  /** The answers in the order shown: A, then B. */
  shown: [string, string];
  reference?: string;
  context?: string;
}

/** The chat messages of one pairwise comparison (answers as shown). */
export function pairwiseJudgePrompt(input: PairwisePromptInput, rubric: string = DEFAULT_PAIRWISE_RUBRIC): ChatMessage[] {
  const user = [
    '###Task description:',
    `You are given a question, two responses (A and B)${input.reference !== undefined ? ', a reference answer' : ''}${input.context !== undefined ? ', the source text' : ''} and a rubric.`,
    '1. Write feedback that compares the two responses strictly by the rubric; the order in which they are shown does not matter.',
    '2. Then decide which response is better: A, B, or TIE when they are equally good.',
    '3. Output format: "Feedback: <your feedback> [RESULT] <A, B or TIE>". Write nothing after the verdict.',
    '',
    ...section('Question', input.question),
    ...section('Response A', input.shown[0]),
    ...section('Response B', input.shown[1]),
    ...section('Reference answer', input.reference),
    ...section('Source text', input.context),
    ...section('Rubric', rubric),
    '###Feedback:',
  ].join('\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

/** The letter of the k-th listed response: A … Z, then AA, AB, … */
export function listwiseResponseLetter(index: number): string {
  let name = '';
  let rest = index;
  do {
    name = String.fromCharCode(65 + (rest % 26)) + name;
    rest = Math.floor(rest / 26) - 1;
  } while (rest >= 0);
  return name;
}

export interface ListwisePromptInput {
  question: string;
  /** The answers in the order shown (Response A, B, …). */
  shown: string[];
  reference?: string;
  context?: string;
}

/** The chat messages of the authors' listwise ranking (`legacy`), own wording of their instructions (§5.5). */
export function listwiseJudgePrompt(input: ListwisePromptInput): ChatMessage[] {
  const letters = input.shown.map((_, index) => listwiseResponseLetter(index));
  const basis = input.context !== undefined ? 'the source text' : input.reference !== undefined ? 'the reference answer' : 'established electrocardiography knowledge';
  const system = [
    `You rank ${input.shown.length} responses to one question about electrocardiography.`,
    `1. Decide how to rank them strictly on the basis of ${basis}.`,
    '2. Compare the responses with each other, looking at what they share and where they differ.',
    `3. Rank down any information that ${basis} does not contain and that cannot be inferred from it. A long response without additional correct information must not rank above a short one.`,
    '4. Output exactly one JSON object and nothing else, with the fields:',
    `   "ranking": the letters ${letters.join(', ')}, each exactly once, best first;`,
    '   "scores": one integer score from 1 (wrong) to 5 (fully correct) per response, in letter order;',
    '   "correct": one boolean per response, in letter order: true when the response is correct.',
  ].join('\n');
  const user = [
    ...section('Question', input.question),
    ...input.shown.flatMap((answer, index) => section(`Response ${letters[index]}`, answer)),
    ...section('Reference answer', input.reference),
    ...section('Source text', input.context),
    'Output exactly one JSON object with the fields ranking, scores and correct.',
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
