import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../lib/core/random.js';
import { comparePairwise } from '../../../lib/evaluation/judge/compare-pairwise.js';
import { gradeAbsolute } from '../../../lib/evaluation/judge/grade-absolute.js';
import { rankListwise } from '../../../lib/evaluation/judge/rank-listwise.js';
import { createModelStack } from '../../../lib/llm/model-stack.js';
import { promptText } from '../../servers/scripted-server.js';
import { startOllamaServer, useTestServers } from '../../servers/index.js';

const track = useTestServers();
const MODEL = 'judge:latest';

function judgeModel(url: string) {
  return createModelStack({ provider: 'ollama', model: MODEL, host: url, cache: false, retry: false }).model;
}

function chatBody(request: { body: unknown }) {
  return request.body as { messages: Array<{ role: string; content: string }>; options?: Record<string, unknown> };
}

describe('gradeAbsolute', () => {
  it('sends a reference-free Prometheus prompt at temperature 0 with a seed and parses the verdict', async () => {
    const server = await track(startOllamaServer([{ text: 'Feedback: Correct, but the PR interval is not mentioned. [RESULT] 4' }], { models: [{ name: MODEL }] }));
    const grade = await gradeAbsolute(judgeModel(server.url), { question: 'What does a delta wave indicate?', answer: 'Ventricular pre-excitation.' });
    expect(grade).toMatchObject({ score: 4, feedback: 'Correct, but the PR interval is not mentioned.', parsed: true });
    const body = chatBody(server.generations[0]!);
    expect(body.options).toMatchObject({ temperature: 0, seed: 0 });
    const prompt = promptText(body.messages);
    expect(prompt).toContain('###Response to evaluate:\nVentricular pre-excitation.');
    expect(prompt).toContain('Score 5:');
    expect(prompt).not.toContain('###Reference answer');
    expect(prompt).not.toContain('###Source text');
  });

  it('includes the reference answer and the context when given, and records an unparseable reply', async () => {
    const server = await track(startOllamaServer([{ text: 'The answer seems fine to me.' }], { models: [{ name: MODEL }] }));
    const grade = await gradeAbsolute(
      judgeModel(server.url),
      { question: 'Normal PR interval?', answer: '120–200 ms', reference: '0.12 to 0.20 s', context: 'The PR interval normally lasts 120 to 200 ms.' },
      { seed: 17, rubric: '[Custom rubric]\nScore 1: bad\nScore 5: good' },
    );
    expect(grade).toMatchObject({ score: null, parsed: false, raw: 'The answer seems fine to me.' });
    const body = chatBody(server.generations[0]!);
    expect(body.options).toMatchObject({ temperature: 0, seed: 17 });
    const prompt = promptText(body.messages);
    expect(prompt).toContain('###Reference answer (score 5):\n0.12 to 0.20 s');
    expect(prompt).toContain('###Source text:\nThe PR interval normally lasts 120 to 200 ms.');
    expect(prompt).toContain('[Custom rubric]');
  });

  it('refuses an empty question', async () => {
    const server = await track(startOllamaServer([], { models: [{ name: MODEL }] }));
    await expect(gradeAbsolute(judgeModel(server.url), { question: ' ', answer: 'x' })).rejects.toMatchObject({ name: 'InvalidArgumentError' });
  });
});

describe('comparePairwise', () => {
  it('runs both orders and maps a content-based verdict back to the same winner', async () => {
    // The judge prefers the response that says "120" wherever it is shown.
    const server = await track(
      startOllamaServer(
        (request) => {
          const prompt = promptText(chatBody(request).messages);
          const a = prompt.split('###Response A:\n')[1]!.split('\n')[0]!;
          return { text: `Feedback: compared. [RESULT] ${a.includes('120') ? 'A' : 'B'}` };
        },
        { models: [{ name: MODEL }] },
      ),
    );
    const result = await comparePairwise(judgeModel(server.url), { question: 'Normal PR interval?', answers: ['80 ms', '120 to 200 ms'] });
    expect(server.generations).toHaveLength(2);
    expect(result.orders.map((order) => [order.shown, order.verdict, order.winner])).toEqual([
      [[0, 1], 'B', 1],
      [[1, 0], 'A', 1],
    ]);
    expect(result).toMatchObject({ winner: 1, consistent: true });
  });

  it('reports a judge that always prefers the first position as inconsistent (a tie)', async () => {
    const server = await track(startOllamaServer(() => ({ text: 'Feedback: A is better. [RESULT] A' }), { models: [{ name: MODEL }] }));
    const result = await comparePairwise(judgeModel(server.url), { question: 'Q?', answers: ['one', 'two'] });
    expect(result.orders.map((order) => order.winner)).toEqual([0, 1]);
    expect(result).toMatchObject({ winner: 'tie', consistent: false });
  });

  it('gives null when one order is unparseable', async () => {
    const server = await track(startOllamaServer([{ text: '[RESULT] A' }, { text: 'no idea' }], { models: [{ name: MODEL }] }));
    const result = await comparePairwise(judgeModel(server.url), { question: 'Q?', answers: ['one', 'two'] });
    expect(result).toMatchObject({ winner: null, consistent: false });
    expect(result.orders[1]).toMatchObject({ parsed: false, verdict: null, raw: 'no idea' });
  });
});

describe('rankListwise', () => {
  it('shuffles with the seeded source, ranks by content and maps the verdict back', async () => {
    const answers = ['score-2 answer', 'score-5 answer', 'score-1 answer', 'score-4 answer'];
    // The judge reads each shown response's score from its text and ranks by it (deterministic from the prompt).
    const server = await track(
      startOllamaServer(
        (request) => {
          const prompt = promptText(chatBody(request).messages);
          const shown = [...prompt.matchAll(/###Response ([A-Z]):\nscore-(\d) answer/g)].map((match) => ({ letter: match[1]!, score: Number(match[2]) }));
          const ranking = [...shown].sort((left, right) => right.score - left.score).map((entry) => entry.letter);
          return { text: `<think>ranking</think>${JSON.stringify({ ranking, scores: shown.map((entry) => entry.score), correct: shown.map((entry) => entry.score >= 4) })}` };
        },
        { models: [{ name: MODEL }] },
      ),
    );
    const result = await rankListwise(judgeModel(server.url), { question: 'Q?', answers }, { random: createRandom(7, 'judge') });
    // The shown order is the seeded Fisher–Yates permutation; whatever it is, the mapped-back result is fixed:
    expect([...result.shown].sort()).toEqual([0, 1, 2, 3]);
    expect(result.shown).not.toEqual([0, 1, 2, 3]); // this seed does reorder them, so the mapping is exercised
    expect(result).toMatchObject({ parsed: true, ranking: [1, 3, 0, 2], ranks: [3, 1, 4, 2], scores: [2, 5, 1, 4], correct: [false, true, false, true] });
    // Same seed, same order; the legacy unshuffled order is the identity.
    const again = await rankListwise(judgeModel(server.url), { question: 'Q?', answers }, { random: createRandom(7, 'judge') });
    expect(again.shown).toEqual(result.shown);
    const unshuffled = await rankListwise(judgeModel(server.url), { question: 'Q?', answers }, { random: createRandom(7, 'judge'), shuffle: false });
    expect(unshuffled.shown).toEqual([0, 1, 2, 3]);
    expect(unshuffled.ranking).toEqual([1, 3, 0, 2]);
  });

  it('records a ranking that is not a permutation of the letters as unparseable, keeping the raw reply', async () => {
    const server = await track(
      startOllamaServer([{ json: { ranking: ['A', 'A', 'B'] } }, { json: { ranking: ['A', 'B'], scores: [1] } }, { text: 'A is best' }], { models: [{ name: MODEL }] }),
    );
    const model = judgeModel(server.url);
    const input = { question: 'Q?', answers: ['x', 'y', 'z'] };
    const twice = await rankListwise(model, input, { random: createRandom(1), shuffle: false });
    expect(twice).toMatchObject({ parsed: false, ranking: null, parseError: expect.stringContaining('twice') });
    const short = await rankListwise(model, input, { random: createRandom(1), shuffle: false });
    expect(short).toMatchObject({ parsed: false, parseError: expect.stringContaining('2 of the 3') });
    const prose = await rankListwise(model, input, { random: createRandom(1), shuffle: false });
    expect(prose).toMatchObject({ parsed: false, raw: 'A is best', parseError: 'no JSON object found in the reply' });
  });
});
