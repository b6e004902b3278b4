import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import { createChatModel } from '../../lib/llm/providers/provider-registry.js';
import { answerWithContext, ragAnswerRecordSchema } from '../../lib/rag/answer-with-context.js';
import { contextSettings, LEGACY_CONTEXT_SETTINGS, selectContext } from '../../lib/rag/build-contexts.js';
import { loadReranker } from '../../lib/rag/cross-encoder-reranker.js';
import { buildRagMessages, citedPassageNumbers, RAG_PROMPT_VERSION } from '../../lib/rag/rag-prompt.js';
import type { RetrievedPassage } from '../../lib/rag/retrieve-passages.js';
import { startAnthropicServer, startOllamaServer, type TestServer } from '../servers/index.js';
import { useTinyModels } from '../helpers/tiny-models.js';

const tiny = useTinyModels();
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function passage(rank: number, text: string, extra: Partial<RetrievedPassage> = {}): RetrievedPassage {
  return {
    chunkId: `chunk-${String(rank).padStart(16, '0')}`,
    documentId: 'doc-00000000000000a1',
    documentTitle: 'Measuring and Correcting the QT Interval',
    text,
    sectionPath: ['Measuring and Correcting the QT Interval', '3 Literature review of QT formulas', '3.1 Bazett'],
    span: { start: rank * 100, end: rank * 100 + text.length },
    pages: null,
    retrievalRank: rank,
    similarity: 1 - rank / 100,
    ...extra,
  };
}

const passages = [
  passage(1, 'the electrode is on the skin'),
  passage(2, 'bazett defined a formula for the qt interval', { pages: { start: 4, end: 5 } }),
  passage(3, 'the formula of fridericia'),
];

describe('the RAG prompt', () => {
  it('puts the numbered passages with their sources before the question', () => {
    const [system, user] = buildRagMessages('Which formula overcorrects?', passages);
    expect(system!.role).toBe('system');
    expect(system!.content).toMatch(/only the numbered source passages/);
    expect(user!.content).toBe(
      'Source passages:\n\n' +
        '[1] Source: Measuring and Correcting the QT Interval, 3 Literature review of QT formulas > 3.1 Bazett\nthe electrode is on the skin\n\n' +
        '[2] Source: Measuring and Correcting the QT Interval, 3 Literature review of QT formulas > 3.1 Bazett, pages 4-5\nbazett defined a formula for the qt interval\n\n' +
        '[3] Source: Measuring and Correcting the QT Interval, 3 Literature review of QT formulas > 3.1 Bazett\nthe formula of fridericia\n\n' +
        'Question: Which formula overcorrects?',
    );
    expect(RAG_PROMPT_VERSION).toBe('rag-answer/v1');
  });

  it('reads citations [n], [n, m] and [n-m] in order of first appearance', () => {
    expect(citedPassageNumbers('Bazett [2]. Both [1, 3] and again [2]; range [4-6]. Not a citation: [a].')).toEqual([2, 1, 3, 4, 5, 6]);
    expect(citedPassageNumbers('No citations.')).toEqual([]);
  });
});

describe('context selection', () => {
  it('reranks the retrieved passages to top-n, or keeps the top-k in vector order in legacy mode', async () => {
    const reranker = await loadReranker({ model: tiny.crossEncoder, allowRemoteModels: false });
    try {
      const reranked = await selectContext('bazett formula qt', passages, contextSettings({ topK: 3, topN: 2 }), reranker);
      // The tiny cross-encoder counts matched query words: passage 2 has all three, passage 3 one.
      expect(reranked.map((item) => item.retrievalRank)).toEqual([2, 3]);
      expect(reranked[0]!.rerankScore).toBeCloseTo(3, 4);
      const legacy = await selectContext('bazett formula qt', passages, { ...LEGACY_CONTEXT_SETTINGS, topK: 3, topN: 3 });
      expect(legacy).toEqual(passages);
      await expect(selectContext('q', passages, contextSettings())).rejects.toBeInstanceOf(InvalidArgumentError);
    } finally {
      await reranker.dispose();
    }
    expect(contextSettings({ legacyNoRerank: true })).toEqual({ mode: 'vector', topK: 20, topN: 20 });
    expect(contextSettings()).toEqual({ mode: 'rerank', topK: 20, topN: 5 });
    expect(() => contextSettings({ topK: 5, topN: 6 })).toThrow(/topN/);
  });
});

describe('answerWithContext', () => {
  it('sends the prompt through a real provider and keeps context and cited chunk ids', async () => {
    const server = await startOllamaServer([{ text: 'Bazett overcorrects at high rates [2]; see also [7].', usage: { inputTokens: 120, outputTokens: 12 } }], { models: [{ name: 'llama3.1:8b' }] });
    servers.push(server);
    const chatModel = createChatModel({ provider: 'ollama', model: 'llama3.1:8b', host: server.url });
    const record = await answerWithContext({ chatModel, question: 'Which formula overcorrects?', questionId: 'qa-0000000000000001', passages, settings: contextSettings({ topK: 3, topN: 3 }) });
    expect(ragAnswerRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      questionId: 'qa-0000000000000001',
      answer: 'Bazett overcorrects at high rates [2]; see also [7].',
      contextChunkIds: passages.map((item) => item.chunkId),
      citedChunkIds: [passages[1]!.chunkId],
      invalidCitations: [7],
      promptVersion: 'rag-answer/v1',
      model: { provider: 'ollama', requested: 'llama3.1:8b', reported: 'llama3.1:8b' },
      usage: { inputTokens: 120, outputTokens: 12 },
      settings: { mode: 'rerank', topK: 3, topN: 3 },
    });
    // What went over the wire: the two messages, temperature 0.
    const body = server.generations[0]!.body as { messages: Array<{ role: string; content: string }>; options: { temperature: number } };
    expect(body.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(body.messages[1]!.content).toContain('[2] Source: Measuring and Correcting the QT Interval');
    expect(body.messages[1]!.content.indexOf('Source passages')).toBeLessThan(body.messages[1]!.content.indexOf('Question:'));
    expect(body.options.temperature).toBe(0);
  });

  it('works the same through the Anthropic protocol', async () => {
    const server = await startAnthropicServer([{ text: 'The passages do not say.' }]);
    servers.push(server);
    const chatModel = createChatModel({ provider: 'anthropic', model: 'claude-test', baseUrl: server.url, apiKey: 'sk-ant-api03-testkey-0123456789abcdefghij', samplingParameters: 'omit' });
    const record = await answerWithContext({ chatModel, question: 'What is the Hodges formula?', passages: passages.slice(0, 1), settings: contextSettings({ topK: 1, topN: 1 }) });
    expect(record.citedChunkIds).toEqual([]);
    expect(record.model.provider).toBe('anthropic');
  });
});
