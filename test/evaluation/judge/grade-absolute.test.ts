import { describe, expect, it } from 'vitest';
import { gradeAbsolute } from '../../../lib/evaluation/judge/grade-absolute.js';
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

  it('leaves the temperature out when told to (for providers that refuse sampling parameters)', async () => {
    const server = await track(startOllamaServer([{ text: '[RESULT] 3' }], { models: [{ name: MODEL }] }));
    const grade = await gradeAbsolute(judgeModel(server.url), { question: 'Q?', answer: 'A.' }, { temperature: null });
    expect(grade.score).toBe(3);
    const options = chatBody(server.generations[0]!).options ?? {};
    expect(options).not.toHaveProperty('temperature');
    expect(options).toMatchObject({ seed: 0 });
  });

  it('refuses an empty question', async () => {
    const server = await track(startOllamaServer([], { models: [{ name: MODEL }] }));
    await expect(gradeAbsolute(judgeModel(server.url), { question: ' ', answer: 'x' })).rejects.toMatchObject({ name: 'InvalidArgumentError' });
  });
});
