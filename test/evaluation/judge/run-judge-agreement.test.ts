import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../../lib/core/paths.js';
import { runJudgeAgreement } from '../../../lib/evaluation/judge/run-judge-agreement.js';
import { createModelStack } from '../../../lib/llm/model-stack.js';
import { humanEvaluationDataDirectory } from '../../helpers/human-eval-data.js';
import { repositoryRoot, useTemporaryDirectory } from '../../helpers/temporary-directory.js';
import { promptText, type RecordedRequest } from '../../servers/scripted-server.js';
import { startOllamaServer, useTestServers } from '../../servers/index.js';

const temporaryDirectory = useTemporaryDirectory();
const track = useTestServers();
const MODEL = 'judge:latest';

interface Summary {
  table: Record<string, Record<string, number>>;
  categoryByScore: Record<string, Record<string, number>>;
  cohenKappa: number;
  krippendorffAlphaOrdinal: number;
  findings: Record<string, number>;
  n: number;
  unparseable: number;
  evaluated: number;
}

/** test/reference/judge-agreement-reference.json (test/reference/judge-agreement-reference.py; sklearn, Krippendorff 2011). */
async function reference(): Promise<{ replies: Record<string, string>; expected: Summary; expectedScore5Correct: Summary }> {
  return JSON.parse(await readFile(join(repositoryRoot, 'test', 'reference', 'judge-agreement-reference.json'), 'utf8'));
}

function scriptedJudge(replies: Record<string, string>) {
  return (request: RecordedRequest) => {
    const prompt = promptText((request.body as { messages: unknown }).messages);
    const question = prompt.split('###Question:\n')[1]?.split('\n\n###Response to evaluate:\n')[0];
    const answer = prompt.split('###Response to evaluate:\n')[1]?.split('\n\n###Score rubric:\n')[0];
    const reply = replies[createHash('sha256').update(`${question}\n${answer}`).digest('hex').slice(0, 16)];
    return reply === undefined ? { error: { status: 500, message: 'no scripted reply' } } : { text: reply };
  };
}

async function workspace() {
  const root = await temporaryDirectory();
  return { root, paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }, {}) };
}

describe('runJudgeAgreement', () => {
  it('applies other thresholds: score 5 as judged correct, only "correct" as experts correct', async () => {
    const { replies, expectedScore5Correct: expected } = await reference();
    const server = await track(startOllamaServer(scriptedJudge(replies), { models: [{ name: MODEL }] }));
    const { root, paths } = await workspace();
    const judge = createModelStack({ provider: 'ollama', model: MODEL, host: server.url, cache: false, retry: false, limits: { concurrency: 4 } });
    const result = await runJudgeAgreement({
      judge,
      outDirectory: join(root, 'out'),
      dataDirectory: humanEvaluationDataDirectory(),
      judgedCorrectMinScore: 5,
      humanCorrect: ['correct'],
      concurrency: 4,
      renderFigures: false,
      paths,
    });
    const { agreement } = result;
    expect(agreement).toMatchObject({ n: expected.n, unparseable: expected.unparseable, evaluated: expected.evaluated, table: expected.table, categoryByScore: expected.categoryByScore });
    expect(agreement.thresholds).toEqual({ judgedCorrectMinScore: 5, humanCorrect: ['correct'] });
    expect(agreement.cohenKappa).toBeCloseTo(expected.cohenKappa, 12);
    expect(agreement.krippendorffAlphaOrdinal).toBeCloseTo(expected.krippendorffAlphaOrdinal, 12);
    expect(agreement.findings.judgedCorrectExpertsCorrect).toBeCloseTo(expected.findings.judgedCorrectExpertsCorrect!, 12);
    expect(agreement.findings.judgedIncorrectExpertsCorrect).toBeCloseTo(expected.findings.judgedIncorrectExpertsCorrect!, 12);
    // Without a cache every answer is one call, including the two repeated (question, answer) pairs.
    expect(server.generations).toHaveLength(468);
    const usage = JSON.parse(await readFile(join(result.runDirectory, 'manifest.json'), 'utf8')).usage;
    expect(usage.usage).toBeDefined();
  }, 240_000);

  it('grades only the first N answers with limit', async () => {
    const { replies } = await reference();
    const server = await track(startOllamaServer(scriptedJudge(replies), { models: [{ name: MODEL }] }));
    const { root, paths } = await workspace();
    const judge = createModelStack({ provider: 'ollama', model: MODEL, host: server.url, cache: false, retry: false });
    const result = await runJudgeAgreement({ judge, outDirectory: join(root, 'out'), dataDirectory: humanEvaluationDataDirectory(), limit: 12, renderFigures: false, paths });
    expect(result.agreement.n).toBe(12);
    expect(result.records).toHaveLength(12);
    expect(server.generations).toHaveLength(12);
  });

  it('refuses a CSV that differs from the published file before calling the judge', async () => {
    const server = await track(startOllamaServer([], { models: [{ name: MODEL }] }));
    const { root, paths } = await workspace();
    const data = join(root, 'data');
    await mkdir(data);
    await copyFile(join(humanEvaluationDataDirectory(), '40_questions.csv'), join(data, '40_questions.csv'));
    await writeFile(join(data, '40_questions.csv'), `${await readFile(join(data, '40_questions.csv'), 'utf8')}\n`);
    const judge = createModelStack({ provider: 'ollama', model: MODEL, host: server.url, cache: false, retry: false });
    await expect(runJudgeAgreement({ judge, outDirectory: join(root, 'out'), dataDirectory: data, renderFigures: false, paths })).rejects.toMatchObject({
      name: 'ChecksumMismatchError',
    });
    expect(server.generations).toHaveLength(0);
  });
});
