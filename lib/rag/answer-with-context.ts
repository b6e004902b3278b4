/**
 * A grounded answer: the question and its context passages go to a chat model (any provider of the LLM
 * layer) with the RAG prompt, and the result is a record that keeps which chunks were in the context and
 * which of them the answer cites — so every answer can be traced back to the indexed text.
 */
import { z } from 'zod';
import type { ChatModel, ChatRequest } from '../llm/chat-model.js';
import type { ContextSettings } from './build-contexts.js';
import { buildRagMessages, citedPassageNumbers, RAG_PROMPT_VERSION } from './rag-prompt.js';
import type { RetrievedPassage } from './retrieve-passages.js';

const passageReferenceSchema = z.object({
  chunkId: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  retrievalRank: z.number().int().positive(),
  similarity: z.number(),
  rerankScore: z.number().optional(),
});

/** One answered question, as written to a run's `answers.jsonl`. */
export const ragAnswerRecordSchema = z.object({
  /** The question item's id, when it came from a question set. */
  questionId: z.string().optional(),
  question: z.string(),
  answer: z.string(),
  finishReason: z.string(),
  /** Chunk ids of the context passages, in the order they were numbered in the prompt. */
  contextChunkIds: z.array(z.string()),
  /** Chunk ids the answer cites, in order of first citation. */
  citedChunkIds: z.array(z.string()),
  /** Citation numbers that do not name a passage (e.g. [7] with five passages). */
  invalidCitations: z.array(z.number().int()),
  passages: z.array(passageReferenceSchema),
  settings: z.object({ mode: z.enum(['rerank', 'vector']), topK: z.number().int(), topN: z.number().int() }),
  promptVersion: z.string(),
  model: z.object({ provider: z.string(), requested: z.string(), reported: z.string() }),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  cached: z.boolean().optional(),
});
export type RagAnswerRecord = z.infer<typeof ragAnswerRecordSchema>;

export interface AnswerOptions {
  chatModel: ChatModel;
  question: string;
  questionId?: string;
  passages: readonly RetrievedPassage[];
  settings: ContextSettings;
  /** Sampling settings (default temperature 0, at most 300 tokens). */
  request?: Omit<ChatRequest, 'messages'>;
  signal?: AbortSignal;
}

/** Asks the model and builds the answer record. */
export async function answerWithContext(options: AnswerOptions): Promise<RagAnswerRecord> {
  const messages = buildRagMessages(options.question, options.passages);
  const response = await options.chatModel.chat(
    { temperature: 0, maxTokens: 300, ...options.request, messages },
    options.signal ? { signal: options.signal } : undefined,
  );
  const numbers = citedPassageNumbers(response.text);
  const cited = numbers.filter((number) => number >= 1 && number <= options.passages.length);
  return {
    ...(options.questionId ? { questionId: options.questionId } : {}),
    question: options.question,
    answer: response.text,
    finishReason: response.finishReason,
    contextChunkIds: options.passages.map((passage) => passage.chunkId),
    citedChunkIds: cited.map((number) => (options.passages[number - 1] as RetrievedPassage).chunkId),
    invalidCitations: numbers.filter((number) => !cited.includes(number)),
    passages: options.passages.map((passage) => ({
      chunkId: passage.chunkId,
      documentId: passage.documentId,
      documentTitle: passage.documentTitle,
      retrievalRank: passage.retrievalRank,
      similarity: passage.similarity,
      ...(passage.rerankScore === undefined ? {} : { rerankScore: passage.rerankScore }),
    })),
    settings: { ...options.settings },
    promptVersion: RAG_PROMPT_VERSION,
    model: { provider: options.chatModel.provider, requested: options.chatModel.model, reported: response.model },
    usage: response.usage,
    ...(response.cached ? { cached: true } : {}),
  };
}
