import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../../lib/core/paths.js';
import { runMultipleChoiceEvaluation } from '../../../lib/evaluation/multiple-choice/run-multiple-choice-evaluation.js';
import { evaluationSystemId } from '../../../lib/evaluation/evaluation-system.js';
import { evaluationRecordSchema, mcSummaryRowSchema } from '../../../lib/schemas/evaluation.js';
import { runManifestSchema } from '../../../lib/schemas/run-manifest.js';
import { repositoryRoot, useTemporaryDirectory } from '../../helpers/temporary-directory.js';
import { startOllamaServer, useTestServers, type RecordedRequest, type ScriptStep } from '../../servers/index.js';

const temporaryDirectory = useTemporaryDirectory();
const track = useTestServers();
const FIXTURE = join(repositoryRoot, 'test', 'evaluation', 'fixtures', 'mini-mc.jsonl');
/** The fixture's questions in file order (their answers are A B C D A B C D A B). */
const QUESTIONS = [
  'Which wave shows atrial depolarisation?',
  'Where is the sinoatrial node located?',
  'What is the upper limit of a normal PR interval?',
  'How many limb leads does a standard 12-lead ECG have?',
  'Which rhythm has no organised atrial activity?',
  'What is the rate of a junctional escape rhythm?',
  'Which finding suggests left bundle branch block?',
  'Which lead is unipolar?',
  'Which ECG sign is typical of hyperkalaemia?',
  'Which ECG sign is typical of hypokalaemia?',
];
/**
 * alpha's replies, item by item, and what the documented parser makes of them:
 * A ✓ (phrase), B ✓ (bare letter), C ✓ ("is:"), D ✓ ("(D)."), B ✗, unparseable, C ✓ ("C) …"), unparseable (empty),
 * A ✓ ("Answer: A"), C ✗  →  6 correct of 10, 2 unparseable.
 */
const ALPHA = [
  'The correct answer is A',
  'B',
  'The correct answer is: C',
  'I think the answer is (D).',
  'The correct answer is B',
  'I am not sure.',
  'C) Broad QRS with deep S in V1',
  '',
  'Answer: A',
  'The correct answer is C',
];
/** beta answers with bare letters: wrong on items 2 and 9 → 8 correct of 10. */
const BETA = ['A', 'A', 'C', 'D', 'A', 'B', 'C', 'D', 'B', 'B'];

function lastUser(request: RecordedRequest): string {
  const body = request.body as { messages: Array<{ role: string; content: string }> };
  return body.messages.filter((message) => message.role === 'user').at(-1)!.content;
}

function itemIndex(request: RecordedRequest): number {
  const user = lastUser(request);
  const index = QUESTIONS.findIndex((question) => user.includes(question));
  if (index < 0) throw new TypeError('unknown question');
  return index;
}

function reply(request: RecordedRequest): ScriptStep {
  const model = (request.body as { model: string }).model;
  const index = itemIndex(request);
  return { text: (model.startsWith('alpha') ? ALPHA : BETA)[index]! };
}

const MODELS = [{ name: 'alpha:latest' }, { name: 'beta:latest' }];

describe('runMultipleChoiceEvaluation against the Ollama protocol server', () => {
  it('scores two systems, counts unparseable replies as wrong and compares them with an exact McNemar test', async () => {
    const server = await track(startOllamaServer(reply, { models: MODELS }));
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const out = join(root, 'out');
    const systems = ['alpha', 'beta'].map((model) => ({ provider: 'ollama', model, host: server.url, generation: { seed: 42 } }));
    const result = await runMultipleChoiceEvaluation({ datasets: [FIXTURE], systems, outputDirectory: out, paths, retry: false });
    expect(server.generations).toHaveLength(20);
    // Each request: temperature 0, a seed, a system message asking for "The correct answer is X".
    const first = server.generations[0]!.body as { options: Record<string, unknown>; messages: Array<{ role: string; content: string }> };
    expect(first.options).toMatchObject({ temperature: 0, seed: 42, num_predict: 50 });
    expect(first.messages[0]!.content).toContain('The correct answer is X');

    const summary = mcSummaryRowSchema.array().parse(JSON.parse(await readFile(join(out, 'mc-summary.json'), 'utf8')));
    const alphaId = evaluationSystemId(systems[0]!);
    const betaId = evaluationSystemId(systems[1]!);
    expect(summary.map((row) => row.system)).toEqual([alphaId, betaId]);
    const [alpha, beta] = summary;
    // Counts follow from the replies above; accuracy = correct / n; the authors' figure = correct / (n − unparseable).
    expect(alpha).toMatchObject({ dataset: 'mini-mc', n: 10, correct: 6, unparseable: 2, accuracy: 0.6, accuracyExcludingUnparseable: 0.75 });
    expect(beta).toMatchObject({ n: 10, correct: 8, unparseable: 0, accuracy: 0.8, accuracyExcludingUnparseable: 0.8 });
    // Wilson score intervals from scipy 1.17.1: binomtest(6, 10).proportion_ci(0.95, method='wilson') and binomtest(8, 10)….
    expect(alpha!.wilson95[0]).toBeCloseTo(0.3126737697336583, 12);
    expect(alpha!.wilson95[1]).toBeCloseTo(0.8318196702937639, 12);
    expect(beta!.wilson95[0]).toBeCloseTo(0.4901624715366418, 12);
    expect(beta!.wilson95[1]).toBeCloseTo(0.9433178485456248, 12);

    // Discordant pairs: only alpha right on items 2 and 9, only beta right on items 5, 6, 8 and 10.
    // Exact McNemar p = scipy.stats.binomtest(2, 6, 0.5).pvalue = 0.6875; one comparison, so Holm leaves it.
    expect(result.comparisons).toHaveLength(1);
    expect(result.comparisons[0]).toMatchObject({ first: alphaId, second: betaId, n: 10, onlyFirstCorrect: 2, onlySecondCorrect: 4 });
    expect(result.comparisons[0]!.pValue).toBeCloseTo(0.6875, 12);
    expect(result.comparisons[0]!.pValueHolm).toBeCloseTo(0.6875, 12);

    // Tidy records: 2 metrics per item per system, all in the run; replies keep the raw text and the parse.
    const records = (await readFile(join(out, 'mc-records.jsonl'), 'utf8')).trim().split('\n').map((line) => evaluationRecordSchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(40);
    expect(new Set(records.map((record) => record.run))).toEqual(new Set([result.runId]));
    const replies = (await readFile(join(out, 'mc-replies.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const unparsed = replies.find((entry) => entry.system === alphaId && entry.item === 'mini-06');
    expect(unparsed).toMatchObject({ reply: 'I am not sure.', parse: { value: null, rule: 'none' } });
    for (const name of ['mc-accuracy.csv', 'mc-accuracy.md', 'mc-accuracy.tex', 'mc-comparisons.json', 'mc-report.html']) {
      expect((await readFile(join(out, name), 'utf8')).length).toBeGreaterThan(0);
    }
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(out, 'run-manifest.json'), 'utf8')));
    expect(manifest.status).toBe('succeeded');
    expect(manifest.models.map((model) => model.role)).toEqual([`system:${alphaId}`, `system:${betaId}`]);
  });

  it('with the authors\' legacy-local prompt reproduces their inflated figure: empty replies leave the denominator', async () => {
    const server = await track(startOllamaServer(reply, { models: MODELS }));
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const result = await runMultipleChoiceEvaluation({
      datasets: [FIXTURE],
      systems: [{ provider: 'ollama', model: 'alpha', host: server.url }],
      outputDirectory: join(root, 'out'),
      style: 'legacy-local',
      paths,
      retry: false,
    });
    const body = server.generations[0]!.body as { options: Record<string, unknown>; messages: Array<{ role: string; content: string }> };
    // §5.1: temperature 0.1, top_p 0.9, 50 new tokens; options inline in the question after 12 spaces.
    expect(body.options).toMatchObject({ temperature: 0.1, top_p: 0.9, num_predict: 50 });
    expect(body.messages[1]!.content).toBe('Answer the following multiple choice question:\n            Which wave shows atrial depolarisation? A) P wave B) QRS complex C) T wave D) U wave');
    // The authors' parser (§5.1) on alpha's replies: "I am not sure." predicts "I" (wrong, but parsed);
    // "I think the answer is (D)." → marker "answer is" → first character "(" (wrong); only the empty reply
    // is unparseable. Correct: items 1, 2, 3, 7, 9 = 5 of 10; the authors' figure = 5 / 9.
    const row = result.summary[0]!;
    expect(row).toMatchObject({ n: 10, correct: 5, unparseable: 1, accuracy: 0.5 });
    expect(row.accuracyExcludingUnparseable).toBeCloseTo(5 / 9, 12);
  });

  it('resumes a killed run without repeating a model call', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const out = join(root, 'out');
    const systems = [{ provider: 'ollama', model: 'beta', generation: { seed: 1 } }];
    // First attempt: the server dies (HTTP 500, no retries) at the 5th generation.
    const failing = await track(startOllamaServer((request, index) => (index < 4 ? reply(request) : { error: { status: 500, message: 'killed' } }), { models: MODELS }));
    await expect(
      runMultipleChoiceEvaluation({ datasets: [FIXTURE], systems: systems.map((system) => ({ ...system, host: failing.url })), outputDirectory: out, paths, retry: false }),
    ).rejects.toThrow();
    expect(failing.generations).toHaveLength(5);
    const healthy = await track(startOllamaServer(reply, { models: MODELS }));
    const result = await runMultipleChoiceEvaluation({ datasets: [FIXTURE], systems: systems.map((system) => ({ ...system, host: healthy.url })), outputDirectory: out, paths, retry: false });
    expect(result.resumed).toBe(true);
    // 4 items were done; the other 6 are asked now, each once.
    expect(result.evaluatedNow).toBe(6);
    expect(healthy.generations).toHaveLength(6);
    const asked = healthy.generations.map((request) => itemIndex(request));
    expect(asked).toEqual([4, 5, 6, 7, 8, 9]);
    expect(result.summary[0]).toMatchObject({ n: 10, correct: 8 });
    expect(result.records).toHaveLength(20);
  });

  it('log-likelihood scoring picks the most probable letter at the answer position, so phrasing cannot bias it', async () => {
    // The first token's top alternatives: the correct letter wins on items 1–7, a wrong one on items 8–10;
    // the sampled token itself is "The" (a reply the generative parser could not read).
    const answers = ['A', 'B', 'C', 'D', 'A', 'B', 'C', 'D', 'A', 'B'];
    const server = await track(
      startOllamaServer((request) => {
        const index = itemIndex(request);
        const winner = index < 7 ? answers[index]! : answers[(index + 1) % 10]!;
        const loser = winner === 'A' ? 'B' : 'A';
        return {
          text: 'The',
          logprobs: [{ token: 'The', logprob: -0.2, top: [{ token: 'The', logprob: -0.2 }, { token: ` ${winner}`, logprob: -1.1 }, { token: loser, logprob: -2.3 }] }],
        };
      }, { models: MODELS }),
    );
    const root = await temporaryDirectory();
    const result = await runMultipleChoiceEvaluation({
      datasets: [FIXTURE],
      systems: [{ provider: 'ollama', model: 'alpha', host: server.url }],
      outputDirectory: join(root, 'out'),
      scoring: 'loglikelihood',
      paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }),
      retry: false,
    });
    const body = server.generations[0]!.body as { logprobs?: boolean; top_logprobs?: number; options: Record<string, unknown> };
    expect(body).toMatchObject({ logprobs: true, top_logprobs: 20 });
    expect(body.options).toMatchObject({ temperature: 0, num_predict: 1 });
    expect(result.summary[0]).toMatchObject({ n: 10, correct: 7, unparseable: 0, accuracy: 0.7 });
    expect(result.replies[0]).toMatchObject({ reply: 'The', parse: { value: 'A', rule: 'loglikelihood' }, letterLogprobs: { A: -1.1, B: -2.3, C: null, D: null } });
  });

  it('gives a RAG system the retrieved context of each question, one retrieval per setting', async () => {
    const server = await track(startOllamaServer(reply, { models: MODELS }));
    const root = await temporaryDirectory();
    const calls: Array<{ questions: string[]; settings: unknown }> = [];
    const rag = { topK: 20, rerank: true, keep: 5 };
    const result = await runMultipleChoiceEvaluation({
      datasets: [FIXTURE],
      systems: [
        { provider: 'ollama', model: 'beta', host: server.url },
        { provider: 'ollama', model: 'beta', host: server.url, rag },
      ],
      outputDirectory: join(root, 'out'),
      // The context source is a parameter: lib/rag's runRagQuery by default; here a fixed passage per question.
      ragContext: async (questions, settings) => {
        calls.push({ questions, settings });
        return questions.map((question) => `[1] Demo passage about: ${question}`);
      },
      limit: 2,
      paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }),
      retry: false,
    });
    expect(calls).toEqual([{ questions: QUESTIONS.slice(0, 2), settings: rag }]);
    const prompts = server.generations.map((request) => lastUser(request));
    expect(prompts.filter((prompt) => prompt.includes('Demo passage about'))).toHaveLength(2);
    expect(prompts.find((prompt) => prompt.includes(`Demo passage about: ${QUESTIONS[1]}`))).toContain(QUESTIONS[1]);
    // Two systems, two ids: the RAG settings are part of the id.
    expect(new Set(result.summary.map((row) => row.system)).size).toBe(2);
  });
});
