import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../lib/core/random.js';
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
