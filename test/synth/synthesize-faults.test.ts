import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { createGeneratorModel } from '../../lib/synth/generator-model.js';
import { readSynthesisOutputs } from '../../lib/synth/synthesis-outputs.js';
import { synthesize } from '../../lib/synth/synthesize.js';
import { startOllamaServer, type RecordedRequest, type ScriptStep, type TestServer } from '../servers/index.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { cooperativeReply, passageOf, usableSentences, writeSmallCorpus } from './synthesis-script.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-synth-faults-');
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const MODEL = 'test-model';

describe('synthesize under faults', () => {
  it('survives 429/500/timeouts/dropped and malformed replies, repairs bad JSON once, and records every failure', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const corpus = await writeSmallCorpus(root, ['electrical-axis.md', 'systematic-ecg-reading.md']);
    // Five Q&A tasks, run one after another; each generation request consumes the next step.
    const good = (request: RecordedRequest): ScriptStep => cooperativeReply(request);
    const withOneBadItem = (request: RecordedRequest): ScriptStep => {
      const sentence = usableSentences(passageOf(request))[0] as string;
      return { json: { items: [{ question: 'Which axis is normal?', answer: sentence }, { question: 'Empty answer?', answer: '' }, { prompt: 'wrong shape' }] } };
    };
    const plan: Array<ScriptStep | ((request: RecordedRequest) => ScriptStep)> = [
      // task 1: rate limited, then a server error, then a reply with one good and two bad items
      { error: { status: 429, headers: { 'retry-after': '0' } } },
      { error: { status: 500, message: 'internal error' } },
      withOneBadItem,
      // task 2: a hanging connection (attempt timeout), a truncated body, a dropped connection, then a good reply
      { fault: 'hang' },
      { fault: 'malformed' },
      { fault: 'drop' },
      good,
      // task 3: prose instead of JSON, then the repair turn succeeds
      { text: 'Here are some questions about the ECG axis: 1. What is the axis?' },
      good,
      // task 4: schema-violating JSON twice: the unit fails with both raw replies on record
      { json: { questions: ['What is the axis?'] } },
      { json: { pairs: [] } },
      // task 5: the server fails on every attempt
      { error: { status: 500 } },
      { error: { status: 503 } },
      { error: { status: 500 } },
      { error: { status: 502 } },
    ];
    const server = await startOllamaServer((request, index) => {
      const step = plan[index];
      if (step === undefined) return { error: { status: 500, message: 'unexpected request' } };
      return typeof step === 'function' ? step(request) : step;
    });
    servers.push(server);
    const model = createGeneratorModel({
      provider: 'ollama',
      model: MODEL,
      host: server.url,
      paths,
      retry: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 2, attemptTimeoutMs: 400 },
    });
    const out = join(root, 'out');
    const result = await synthesize(
      { corpusDirectory: corpus, outputDirectory: out, provider: 'ollama', model: MODEL, kinds: ['qa'], unitTokens: 600, limitUnits: 5, itemsPerUnit: 3 },
      { model: model.model, paths, usage: () => model.report() },
    );
    expect(server.generations).toHaveLength(plan.length);
    const { qa, failures } = await readSynthesisOutputs(out);

    // Task 1: one item kept, two item failures with their raw JSON.
    const itemFailures = failures.filter((failure) => failure.scope === 'item' && failure.stage === 'validate');
    expect(itemFailures.map((failure) => [failure.itemIndex, failure.raw])).toEqual([
      [1, '{"question":"Empty answer?","answer":""}'],
      [2, '{"prompt":"wrong shape"}'],
    ]);
    expect(itemFailures[0]?.reason).toMatch(/^schema: answer: /);
    expect(qa.some((item) => item.question === 'Which axis is normal?')).toBe(true);

    // Task 3: the repair turn carried the bad reply and what was wrong with it.
    const repair = server.generations[8]?.body as { messages: Array<{ role: string; content: string }> };
    expect(repair.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair.messages[2]?.content).toBe('Here are some questions about the ECG axis: 1. What is the axis?');
    expect(repair.messages[3]?.content).toMatch(/not valid JSON/);

    // Task 4: unusable after the repair turn; task 5: the request failed after every attempt.
    const unitFailures = failures.filter((failure) => failure.scope === 'unit');
    expect(unitFailures).toHaveLength(2);
    expect(unitFailures[0]).toMatchObject({
      stage: 'parse',
      attempts: 2,
      rawTexts: ['{"questions":["What is the axis?"]}', '{"pairs":[]}'],
      raw: '{"pairs":[]}',
    });
    expect(unitFailures[0]?.reason).toMatch(/unusable reply after 2 attempts: items: /);
    expect(unitFailures[1]).toMatchObject({ stage: 'request', attempts: 1, error: { name: 'ServiceError' } });
    expect(unitFailures[1]?.reason).toMatch(/gave up after 4 attempts/);

    // Nothing lost: every task is either in the items or in the failures.
    const unitsWithItems = new Set(qa.map((item) => item.source.chunkId));
    const failedUnits = new Set(unitFailures.map((failure) => failure.unitId));
    expect(unitsWithItems.size + failedUnits.size).toBe(5);
    expect(result.counts).toMatchObject({ tasks: 5, tasksFailed: 2, modelCalls: 1 + 1 + 2 + 2 + 1 });
  });
});
