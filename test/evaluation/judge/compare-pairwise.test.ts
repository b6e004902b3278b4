import { describe, expect, it } from 'vitest';
import { comparePairwise } from '../../../lib/evaluation/judge/compare-pairwise.js';
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
