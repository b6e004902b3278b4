/**
 * RAG context for systems that have RAG settings: the passages lib/rag retrieves (top-k from Chroma, then
 * reranked to the best `keep`, or — the authors' legacy — the top-k in vector order) joined into one context
 * text per question, computed once per distinct setting before any model is asked.
 */
import type { RagCommonOptions } from '../rag/run-rag-stage.js';
import { runRagQuery } from '../rag/run-rag-stage.js';
import { contextSettings } from '../rag/build-contexts.js';
import { passageSourceLabel } from '../rag/rag-prompt.js';
import type { RagContextSettings } from '../schemas/evaluation.js';

/** Supplies one context text per question for a RAG setting. */
export type RagContextSource = (questions: string[], settings: RagContextSettings) => Promise<string[]>;

/**
 * The default {@link RagContextSource}: `runRagQuery` without a chat model (a `rag-query` run with its own
 * manifest), passages numbered and labelled with their source.
 *
 * @example
 * const source = ragContextSource({ embeddingModel: 'neuml/pubmedbert-base-embeddings' });
 * const [context] = await source(['What is a delta wave?'], { topK: 20, rerank: true, keep: 5 });
 */
export function ragContextSource(options: RagCommonOptions = {}): RagContextSource {
  return async (questions, settings) => {
    const result = await runRagQuery({
      ...options,
      questions,
      settings: contextSettings({ legacyNoRerank: !settings.rerank, topK: settings.topK, ...(settings.keep !== undefined ? { topN: settings.keep } : {}) }),
      ...(settings.collection ? { collection: settings.collection } : {}),
    });
    return result.results.map((entry) => entry.context.map((passage, index) => `[${index + 1}] ${passageSourceLabel(passage)}\n${passage.text}`).join('\n\n'));
  };
}

/**
 * Contexts for every RAG system: system id → question → context text. Systems with the same RAG settings share
 * one retrieval.
 */
export async function collectRagContexts(
  systems: ReadonlyArray<{ id: string; system: { rag?: RagContextSettings | undefined } }>,
  questions: readonly string[],
  source: RagContextSource,
): Promise<Map<string, Map<string, string>>> {
  const bySetting = new Map<string, Map<string, string>>();
  const result = new Map<string, Map<string, string>>();
  const unique = [...new Set(questions)];
  for (const system of systems) {
    if (!system.system.rag) continue;
    const key = JSON.stringify(system.system.rag);
    let contexts = bySetting.get(key);
    if (!contexts) {
      const texts = await source(unique, system.system.rag);
      contexts = new Map(unique.map((question, index) => [question, texts[index] ?? '']));
      bySetting.set(key, contexts);
    }
    result.set(system.id, contexts);
  }
  return result;
}
