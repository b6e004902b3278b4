import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonl } from '../../lib/core/jsonl.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { corpusDocumentSchema } from '../../lib/schemas/corpus.js';
import { mcItemSchema, qaItemSchema, type SplitName } from '../../lib/schemas/synthesis.js';
import { SPLIT_NAMES } from '../../lib/synth/dataset-splits.js';
import { createGeneratorModel } from '../../lib/synth/generator-model.js';
import { readSynthesisOutputs } from '../../lib/synth/synthesis-outputs.js';
import { synthesize } from '../../lib/synth/synthesize.js';
import { startOllamaServer, type TestServer } from '../servers/index.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { cooperativeReply, REPEATED_QA, writeSmallCorpus } from './synthesis-script.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-synth-');
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(...args: Parameters<typeof startOllamaServer>): Promise<TestServer> {
  const server = await startOllamaServer(...args);
  servers.push(server);
  return server;
}

const MODEL = 'llama3.1:8b';
const DIGEST = 'a'.repeat(64);

describe('synthesize against the Ollama protocol server', () => {
  it('produces validated, deduplicated, document-split datasets with provenance', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const corpus = await writeSmallCorpus(root);
    const documents = await readJsonl(join(corpus, 'documents.jsonl'), corpusDocumentSchema);
    const server = await startServer((request) => cooperativeReply(request), { models: [{ name: MODEL, digest: DIGEST }] });
    const model = createGeneratorModel({ provider: 'ollama', model: MODEL, host: server.url, paths, retry: { initialDelayMs: 1 } });
    const out = join(root, 'out');
    const result = await synthesize(
      { corpusDirectory: corpus, outputDirectory: out, provider: 'ollama', model: MODEL, unitTokens: 800, itemsPerUnit: 3, seed: 7 },
      { model: model.model, paths, usage: () => model.report() },
    );
    const outputs = await readSynthesisOutputs(out);
    const { qa, mc, failures, leakage, units, summary, manifest } = outputs;

    // One request per (unit, kind) task, each constrained by the strict reply schema as Ollama's `format`.
    expect(server.generations).toHaveLength(units.length * 2);
    const mcFormat = server.generations.map((request) => (request.body as { format: { properties: { items: { items: { properties: { options: unknown } } } } } }).format)
      .find((format) => 'options' in format.properties.items.items.properties);
    expect(mcFormat?.properties.items.items.properties.options).toMatchObject({ minItems: 4, maxItems: 4 });
    expect((server.generations[0]?.body as { options: Record<string, number> }).options).toMatchObject({ temperature: 0.1, seed: 7, num_predict: 4096 });

    // Items validate and have unique ids.
    for (const item of qa) expect(qaItemSchema.parse(item)).toEqual(item);
    for (const item of mc) expect(mcItemSchema.parse(item)).toEqual(item);
    expect(new Set([...qa, ...mc].map((item) => item.id)).size).toBe(qa.length + mc.length);
    expect(qa.length).toBeGreaterThan(10);
    expect(mc.length).toBeGreaterThan(10);

    // Provenance: the span is inside the document and, for the located ones, contains the answer sentence.
    const textOf = new Map(documents.map((document) => [document.id, document.text]));
    for (const item of qa.filter((entry) => entry.question !== REPEATED_QA.question)) {
      expect(item.generator).toEqual({ provider: 'ollama', model: MODEL, modelDigest: DIGEST, promptVersion: 'qa-v1', promptHash: expect.stringMatching(/^[0-9a-f]{64}$/), runId: result.runId });
      const text = textOf.get(item.source.documentId) as string;
      expect(text.slice(item.source.span.start, item.source.span.end)).toContain(item.answer);
      expect(units.map((unit) => unit.id)).toContain(item.source.chunkId);
    }
    // German document: support not checked lexically.
    const german = documents.find((document) => document.language === 'de');
    expect(german).toBeDefined();
    expect(qa.filter((item) => item.source.documentId === german?.id).every((item) => item.flags.includes('support-not-checked'))).toBe(true);

    // The repeated pair survives once; every other copy is a deduplication failure record naming it.
    const repeated = qa.filter((item) => item.question === REPEATED_QA.question);
    expect(repeated).toHaveLength(1);
    const removed = failures.filter((failure) => failure.stage === 'deduplicate');
    expect(removed).toHaveLength(units.length - 1);
    expect(removed.every((failure) => failure.duplicateOf === repeated[0]?.id && failure.jaccard === 1)).toBe(true);
    // The kept copy is a training item (evaluation-side copies are the ones removed).
    expect(repeated[0]?.split).toBe('train');

    // Document-level split: no document in two splits; every split has documents.
    const documentsBySplit = new Map<SplitName, Set<string>>(SPLIT_NAMES.map((split) => [split, new Set()]));
    for (const item of [...qa, ...mc]) documentsBySplit.get(item.split as SplitName)?.add(item.source.documentId);
    for (const split of SPLIT_NAMES) expect(documentsBySplit.get(split)?.size).toBeGreaterThan(0);
    for (const first of SPLIT_NAMES) {
      for (const second of SPLIT_NAMES) {
        if (first === second) continue;
        for (const id of documentsBySplit.get(first) ?? []) expect(documentsBySplit.get(second)?.has(id)).toBe(false);
      }
    }
    expect(leakage.sharedSources.qa.test.documentAlsoInTraining).toBe(0);
    expect(leakage.sharedSources.mc.test.chunkAlsoInTraining).toBe(0);
    expect(leakage.multipleChoiceTestFromQaTraining.sameChunkAsQaTraining).toBe(0);
    expect(leakage.nearDuplicates.qa.remainingAcrossSplits).toBe(0);

    // Split files partition the datasets; chat records cover the training split.
    for (const kind of ['qa', 'mc'] as const) {
      let total = 0;
      for (const split of SPLIT_NAMES) {
        const file = await readFile(join(out, `${kind}-${split}.jsonl`), 'utf8');
        const lines = file.split('\n').filter(Boolean);
        total += lines.length;
        expect(lines.every((line) => JSON.parse(line).split === split)).toBe(true);
      }
      expect(total).toBe(kind === 'qa' ? qa.length : mc.length);
    }
    const trainItems = [...qa, ...mc].filter((item) => item.split === 'train').length;
    expect(outputs.trainChat).toHaveLength(trainItems);
    expect(outputs.trainChat.some((record) => record.messages[0]?.content.startsWith('Answer the following multiple-choice question: '))).toBe(true);

    // The model always put the answer first; after shuffling the letters spread out.
    expect(summary.letters.generated.counts.A).toBe(mc.length);
    expect(new Set(mc.map((item) => item.answer)).size).toBeGreaterThan(1);

    // Run manifest: model with digest, inputs hashed, outputs recorded, counts; copied into the output folder.
    expect(manifest?.runId).toBe(result.runId);
    expect(manifest?.status).toBe('succeeded');
    expect(manifest?.models[0]).toMatchObject({ role: 'generator', provider: 'ollama', id: MODEL, digest: DIGEST, parameters: { temperature: 0.1, seed: 7 } });
    expect(manifest?.inputs[0]).toMatchObject({ name: 'corpus-documents', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(manifest?.outputs.map((output) => output.name)).toEqual(expect.arrayContaining(['qa', 'mc', 'failures', 'train-chat', 'leakage-report', 'qa-test', 'mc-train']));
    expect(manifest?.counts).toMatchObject({ qaItems: qa.length, mcItems: mc.length, requests: units.length * 2, tasksFailed: 0 });
    expect(await readdir(result.runDirectory)).toEqual(expect.arrayContaining(['manifest.json', 'unit-results.jsonl']));

    // A second run on the same inputs is answered from the response cache: no generation request at all
    // (only the model listing that confirms the digest the cache key includes), and the same datasets.
    const generationsBefore = server.generations.length;
    const again = createGeneratorModel({ provider: 'ollama', model: MODEL, host: server.url, paths });
    const second = await synthesize(
      { corpusDirectory: corpus, outputDirectory: join(root, 'out-again'), provider: 'ollama', model: MODEL, unitTokens: 800, itemsPerUnit: 3, seed: 7 },
      { model: again.model, paths, usage: () => again.report() },
    );
    expect(server.generations).toHaveLength(generationsBefore);
    expect(second.runId).not.toBe(result.runId);
    expect(second.counts).toMatchObject({ requests: 0, cachedResponses: units.length * 2 });
    expect(second.manifest.usage).toMatchObject({ usage: { totals: { requests: 0, cachedReplies: units.length * 2 } }, cache: { hits: units.length * 2, misses: 0 } });
    const withoutRun = (items: ReadonlyArray<{ generator: { runId?: string } }>) => items.map((item) => ({ ...item, generator: { ...item.generator, runId: undefined } }));
    const repeatedOutputs = await readSynthesisOutputs(join(root, 'out-again'));
    expect(withoutRun(repeatedOutputs.qa)).toEqual(withoutRun(qa));
    expect(withoutRun(repeatedOutputs.mc)).toEqual(withoutRun(mc));
    expect(repeatedOutputs.leakage).toEqual(leakage);
  });
});
