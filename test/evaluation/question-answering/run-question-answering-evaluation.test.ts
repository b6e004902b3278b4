import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../../lib/core/paths.js';
import { evaluationSystemId } from '../../../lib/evaluation/evaluation-system.js';
import { runQuestionAnsweringEvaluation } from '../../../lib/evaluation/question-answering/run-question-answering-evaluation.js';
import { bertScore } from '../../../lib/evaluation/metrics/bert-score.js';
import { qaSummaryRowSchema } from '../../../lib/schemas/evaluation.js';
import { makeTinyLayeredEncoder } from '../../../scripts/make-tiny-models.mjs';
import { repositoryRoot, useTemporaryDirectory } from '../../helpers/temporary-directory.js';
import { startOllamaServer, useTestServers, type RecordedRequest } from '../../servers/index.js';

const temporaryDirectory = useTemporaryDirectory();
const track = useTestServers();
const FIXTURE = join(repositoryRoot, 'test', 'evaluation', 'fixtures', 'mini-qa.jsonl');
const ITEMS = [
  ['Where does the heartbeat start?', 'Atrial depolarisation spreads from the sinoatrial node'],
  ['What defines first-degree AV block?', 'A PR interval longer than 200 milliseconds'],
  ['What is missing in atrial fibrillation?', 'Organised atrial activity and regular P waves'],
  ['What does hyperkalaemia do to T waves?', 'It makes T waves tall and peaked'],
] as const;

function lastUser(request: RecordedRequest): string {
  const body = request.body as { messages: Array<{ role: string; content: string }> };
  return body.messages.filter((message) => message.role === 'user').at(-1)!.content;
}

/** "echo" answers with the reference itself; "off" with words that share nothing with any reference. */
function reply(request: RecordedRequest) {
  const model = (request.body as { model: string }).model;
  const item = ITEMS.find(([question]) => lastUser(request).includes(question))!;
  return { text: model.startsWith('echo') ? item[1] : 'Nobody knows, sorry.' };
}

const MODELS = [{ name: 'echo:latest' }, { name: 'off:latest' }];

describe('runQuestionAnsweringEvaluation against the Ollama protocol server', () => {
  it('scores answers, summarises them with bootstrap intervals and compares systems with a permutation test', async () => {
    const server = await track(startOllamaServer(reply, { models: MODELS }));
    const root = await temporaryDirectory();
    const out = join(root, 'out');
    const systems = ['echo', 'off'].map((model) => ({ provider: 'ollama', model, host: server.url }));
    const result = await runQuestionAnsweringEvaluation({
      datasets: [FIXTURE],
      systems,
      outputDirectory: out,
      paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }),
      retry: false,
      seed: 7,
    });
    expect(server.generations).toHaveLength(8);
    const request = server.generations[0]!.body as { options: Record<string, unknown>; messages: Array<{ role: string; content: string }> };
    expect(request.options).toMatchObject({ temperature: 0, num_predict: 200 });
    expect(request.messages[0]!.role).toBe('system');

    const summary = qaSummaryRowSchema.array().parse(JSON.parse(await readFile(join(out, 'qa-summary.json'), 'utf8')));
    const echo = evaluationSystemId(systems[0]!);
    const off = evaluationSystemId(systems[1]!);
    const value = (system: string, metric: string) => summary.find((row) => row.system === system && row.metric === metric)!;
    // A hypothesis equal to its reference: BLEU 100 (sacrebleu) and 1 (NLTK; every reference has ≥ 4 tokens),
    // ROUGE P = R = F = 1 — by the definitions of Papineni et al. (2002) and Lin (2004).
    for (const metric of ['bleu_legacy', 'rouge1', 'rouge2', 'rougeL', 'rougeLsum', 'rougeL_precision', 'rougeL_recall']) {
      expect(value(echo, metric)).toMatchObject({ n: 4, mean: 1, bootstrap95: [1, 1] });
    }
    expect(value(echo, 'bleu').mean).toBeCloseTo(100, 10);
    // No shared token (after lower-casing and stemming): every n-gram precision is 0, so BLEU and ROUGE are 0.
    for (const metric of ['bleu_legacy', 'rouge1', 'rouge2', 'rougeL']) expect(value(off, metric)).toMatchObject({ n: 4, mean: 0 });
    // The permutation test: all four differences equal 1, so only the 2 of 2^4 sign patterns with all signs equal
    // reach |Σ| = 4 — the exact two-sided p is 2/16 = 0.125; the Monte Carlo p with 9,999 relabelings is close.
    const rouge1 = result.comparisons.find((row) => row.metric === 'rouge1')!;
    expect(rouge1).toMatchObject({ first: echo, second: off, n: 4, difference: 1 });
    expect(rouge1.pValue).toBeGreaterThan(0.105);
    expect(rouge1.pValue).toBeLessThan(0.145);
    // Corpus BLEU of the echo system is 100 with sacrebleu's default signature.
    expect(result.corpusBleu.find((row) => row.system === echo)!.score).toBeCloseTo(100, 10);
    expect(result.corpusBleu[0]!.signature).toContain('tok:13a');
    expect(result.table).toHaveLength(2);
    for (const name of ['qa-metrics.csv', 'qa-metrics.md', 'qa-metrics.tex', 'qa-report.html', 'qa-records.jsonl', 'run-manifest.json']) {
      expect((await readFile(join(out, name), 'utf8')).length).toBeGreaterThan(0);
    }
  });

  it("legacy: the authors' base-model prompt and the literal 'assistant' prefix on every hypothesis", async () => {
    const server = await track(startOllamaServer(reply, { models: MODELS }));
    const root = await temporaryDirectory();
    const result = await runQuestionAnsweringEvaluation({
      datasets: [FIXTURE],
      systems: [{ provider: 'ollama', model: 'echo', host: server.url }],
      outputDirectory: join(root, 'out'),
      style: 'legacy',
      legacyAssistantPrefix: true,
      limit: 1,
      paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }),
      retry: false,
    });
    const body = server.generations[0]!.body as { options: Record<string, unknown>; messages: Array<{ role: string; content: string }> };
    expect(body.messages).toEqual([{ role: 'user', content: 'Where does the heartbeat start? Please answer shortly in one sentence without lists!' }]);
    expect(body.options).toMatchObject({ temperature: 0.1, top_p: 0.9, num_predict: 200 });
    // NLTK BLEU of "assistant" + the 7 reference tokens against the reference, by hand (Papineni et al. 2002):
    // p1 = 7/8, p2 = 6/7, p3 = 5/6, p4 = 4/5, BP = 1 (c = 8 > r = 7): (7/8 · 6/7 · 5/6 · 4/5)^(1/4) = 0.5^(1/4).
    const legacy = result.records.find((record) => record.metric === 'bleu_legacy')!;
    expect(legacy.value).toBeCloseTo(0.8408964152537145, 12);
    expect(result.replies[0]!.parse).toEqual({ value: 'assistant\n\nAtrial depolarisation spreads from the sinoatrial node', rule: 'legacy-assistant-prefix' });
  });

  it('adds BERTScore in one batch after the answers, correctly labelled and as the authors\' mislabelled triple', async () => {
    const server = await track(startOllamaServer(reply, { models: MODELS }));
    const root = await temporaryDirectory();
    const encoder = await makeTinyLayeredEncoder(join(root, 'encoder'));
    const systems = ['echo', 'off'].map((model) => ({ provider: 'ollama', model, host: server.url }));
    const result = await runQuestionAnsweringEvaluation({
      datasets: [FIXTURE],
      systems,
      outputDirectory: join(root, 'out'),
      bertScore: { model: encoder, layer: 1, allowRemoteModels: false },
      paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }),
      retry: false,
    });
    const echo = evaluationSystemId(systems[0]!);
    const off = evaluationSystemId(systems[1]!);
    const values = (system: string, metric: string) => result.records.filter((record) => record.system === system && record.metric === metric).map((record) => record.value!);
    // A candidate identical to its reference matches every token with cosine 1: P = R = F1 = 1 (Zhang et al. 2020).
    for (const metric of ['bertscore_precision', 'bertscore_recall', 'bertscore_f1']) values(echo, metric).forEach((value) => expect(value).toBeCloseTo(1, 6));
    // The off system's records are what bertScore itself returns for the same pairs (tested against an independent
    // computation in test/evaluation/metrics/bert-score.test.ts), and the legacy keys hold P, R, F1 under the names F1, P, R.
    const direct = await bertScore(ITEMS.map(() => 'Nobody knows, sorry.'), ITEMS.map(([, answer]) => answer), { model: encoder, layer: 1, allowRemoteModels: false });
    values(off, 'bertscore_precision').forEach((value, index) => expect(value).toBeCloseTo(direct.precision[index]!, 12));
    values(off, 'bertscore_f1').forEach((value, index) => expect(value).toBeCloseTo(direct.f1[index]!, 12));
    expect(values(off, 'bertscore_legacy_f1')).toEqual(values(off, 'bertscore_precision'));
    expect(values(off, 'bertscore_legacy_precision')).toEqual(values(off, 'bertscore_recall'));
    expect(values(off, 'bertscore_legacy_recall')).toEqual(values(off, 'bertscore_f1'));
    expect(result.summary.some((row) => row.metric === 'bertscore_f1' && row.system === echo && row.n === 4)).toBe(true);
  });
});
