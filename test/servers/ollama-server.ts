/**
 * A local server speaking the Ollama REST API (https://docs.ollama.com/api) closely enough for the real `ollama`
 * npm client: `POST /api/chat` (NDJSON streaming — Ollama's default — and `stream: false`), `GET /api/tags`,
 * `POST /api/show`, `POST /api/embed`, `GET /api/version`. Errors are `{"error": "..."}` with the HTTP status,
 * as Ollama sends them; an unknown model is a 404.
 *
 * Chat replies come from a {@link Script} (see `scripted-server.ts`). Embeddings do not consume the script:
 * by default each input gets a deterministic unit vector derived from the SHA-256 of its text.
 *
 * @example
 * const server = await startOllamaServer([{ text: 'Sinus rhythm.' }], { models: [{ name: 'llama3.1:8b' }] });
 * const model = createChatModel({ provider: 'ollama', model: 'llama3.1:8b', host: server.url });
 * await model.chat({ messages: [{ role: 'user', content: 'Rhythm?' }] });
 * await server.close();
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  applyFault,
  delay,
  estimateTokens,
  isReply,
  promptText,
  replyText,
  ScriptCursor,
  sendJson,
  startRecordingServer,
  type RecordedRequest,
  type Script,
  type ServerOptions,
  type TestServer,
} from './scripted-server.js';

export interface OllamaTestModel {
  /** Model name with tag, e.g. `llama3.1:8b` (a name without a tag means `:latest`). */
  name: string;
  /** 64 hex characters; default: SHA-256 of the name. */
  digest?: string;
  size?: number;
  family?: string;
  parameterSize?: string;
  quantizationLevel?: string;
}

export interface OllamaServerOptions extends ServerOptions {
  /** The models the server has "pulled" (default: one model, `test-model:latest`). */
  models?: OllamaTestModel[];
  /** Embedding function for `/api/embed` (default: deterministic SHA-256-derived unit vectors). */
  embed?: (text: string) => number[];
  /** Dimensions of the default embeddings (default 8). */
  embeddingDimensions?: number;
}

const VERSION = '0.12.6';

function withTag(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

/** A deterministic unit vector from the SHA-256 of the text (the server's default embedding). */
export function hashEmbedding(text: string, dimensions = 8): number[] {
  const values: number[] = [];
  let counter = 0;
  while (values.length < dimensions) {
    const digest = createHash('sha256').update(`${counter++}:${text}`).digest();
    for (let offset = 0; offset + 4 <= digest.length && values.length < dimensions; offset += 4) {
      values.push(digest.readUInt32BE(offset) / 0xffffffff - 0.5);
    }
  }
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  return values.map((value) => value / norm);
}

/** The `details` object Ollama reports for a model in /api/tags and /api/show. */
function modelDetails(model: OllamaTestModel) {
  return {
    parent_model: '',
    format: 'gguf',
    family: model.family ?? 'llama',
    families: [model.family ?? 'llama'],
    parameter_size: model.parameterSize ?? '8.0B',
    quantization_level: model.quantizationLevel ?? 'Q4_K_M',
  };
}

function splitIntoChunks(text: string): string[] {
  const pieces = text.match(/\S+\s*|\s+/g) ?? [];
  return pieces.length > 0 ? pieces : [''];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a chat body as Ollama does; returns an error message or undefined. */
function validateChat(body: unknown): string | undefined {
  if (!isRecord(body)) return 'invalid request body: expected a JSON object';
  if (typeof body.model !== 'string' || body.model === '') return 'model is required';
  if (body.messages !== undefined && !Array.isArray(body.messages)) return 'messages must be an array';
  for (const message of (body.messages as unknown[] | undefined) ?? []) {
    if (!isRecord(message) || typeof message.role !== 'string' || typeof message.content !== 'string') {
      return 'each message needs a string role and content';
    }
    if (!['system', 'user', 'assistant', 'tool'].includes(message.role)) return `invalid role: ${message.role}`;
  }
  if (body.format !== undefined && body.format !== 'json' && !isRecord(body.format)) {
    return 'format must be "json" or a JSON schema object';
  }
  if (body.options !== undefined && !isRecord(body.options)) return 'options must be an object';
  const options = (body.options ?? {}) as Record<string, unknown>;
  for (const name of ['temperature', 'top_p', 'num_predict', 'seed']) {
    if (options[name] !== undefined && typeof options[name] !== 'number') return `option ${name} must be a number`;
  }
  if (options.stop !== undefined && !(Array.isArray(options.stop) && options.stop.every((item) => typeof item === 'string'))) {
    return 'option stop must be an array of strings';
  }
  if (body.top_logprobs !== undefined && (typeof body.top_logprobs !== 'number' || body.top_logprobs < 0 || body.top_logprobs > 20)) {
    return 'top_logprobs must be between 0 and 20';
  }
  return undefined;
}

function logprobEntries(step: { logprobs?: Array<{ token: string; logprob: number; top?: Array<{ token: string; logprob: number }> }> }, topCount: number) {
  return (step.logprobs ?? []).map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    bytes: [...Buffer.from(entry.token, 'utf8')],
    ...(topCount > 0 ? { top_logprobs: (entry.top ?? []).slice(0, topCount).map((alternative) => ({ ...alternative, bytes: [...Buffer.from(alternative.token, 'utf8')] })) } : {}),
  }));
}

/**
 * Starts an Ollama protocol server on 127.0.0.1 (ephemeral port). Close it with `close()`.
 */
export async function startOllamaServer(script: Script, options: OllamaServerOptions = {}): Promise<TestServer> {
  const cursor = new ScriptCursor(script);
  const models = (options.models ?? [{ name: 'test-model:latest' }]).map((model) => ({
    ...model,
    name: withTag(model.name),
    digest: model.digest ?? createHash('sha256').update(withTag(model.name)).digest('hex'),
  }));
  const findModel = (name: unknown) => (typeof name === 'string' ? models.find((model) => model.name === withTag(name)) : undefined);
  const notFound = (response: ServerResponse, name: unknown) =>
    sendJson(response, 404, { error: `model '${String(name)}' not found` });
  const modifiedAt = '2026-11-01T10:00:00.000000000Z';

  const generations: RecordedRequest[] = [];
  const handle = async (request: RecordedRequest, raw: Parameters<typeof applyFault>[1], response: ServerResponse): Promise<void> => {
    const route = `${request.method} ${request.path}`;
    if (route === 'GET /api/version') return sendJson(response, 200, { version: VERSION });
    if (route === 'GET /api/tags') {
      return sendJson(response, 200, {
        models: models.map((model) => ({
          name: model.name,
          model: model.name,
          modified_at: modifiedAt,
          size: model.size ?? 4_920_753_328,
          digest: model.digest,
          details: modelDetails(model),
        })),
      });
    }
    if (route === 'POST /api/show') {
      const body = request.body as Record<string, unknown> | undefined;
      const model = findModel(body?.model ?? body?.name);
      if (!model) return notFound(response, body?.model ?? body?.name);
      return sendJson(response, 200, {
        license: 'test licence',
        modelfile: `FROM ${model.name}\n`,
        parameters: 'stop "<|eot_id|>"',
        template: '{{ .Prompt }}',
        details: modelDetails(model),
        model_info: { 'general.architecture': model.family ?? 'llama', 'general.parameter_count': 8_030_261_248 },
        capabilities: ['completion'],
        modified_at: modifiedAt,
      });
    }
    if (route === 'POST /api/embed') {
      const body = request.body as Record<string, unknown> | undefined;
      if (!isRecord(body) || typeof body.model !== 'string') return sendJson(response, 400, { error: 'model is required' });
      if (!findModel(body.model)) return notFound(response, body.model);
      const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : undefined;
      if (!inputs || !inputs.every((item) => typeof item === 'string')) return sendJson(response, 400, { error: 'input must be a string or an array of strings' });
      const embed = options.embed ?? ((text: string) => hashEmbedding(text, options.embeddingDimensions ?? 8));
      return sendJson(response, 200, {
        model: body.model,
        embeddings: (inputs as string[]).map((text) => embed(text)),
        total_duration: 14_143_917,
        load_duration: 1_019_500,
        prompt_eval_count: (inputs as string[]).reduce((sum, text) => sum + estimateTokens(text), 0),
      });
    }
    if (route === 'POST /api/chat') {
      const problem = validateChat(request.body);
      if (problem) return sendJson(response, 400, { error: problem });
      const body = request.body as Record<string, unknown>;
      if (!findModel(body.model)) return notFound(response, body.model);
      generations.push(request);
      const step = await cursor.next(request);
      await delay('delayMs' in step ? step.delayMs : undefined);
      const streaming = body.stream !== false; // Ollama streams unless told otherwise
      if ('fault' in step) {
        if (step.fault === 'drop-midstream' && streaming) {
          response.writeHead(200, { 'content-type': 'application/x-ndjson' });
          response.write(`${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: 'partial' }, done: false })}\n`);
          setTimeout(() => raw.socket.destroy(), 5);
          return;
        }
        return applyFault(step.fault, raw, response);
      }
      if ('error' in step) return sendJson(response, step.error.status, { error: step.error.message ?? `injected HTTP ${step.error.status}` }, step.error.headers);
      if (!isReply(step)) return sendJson(response, 500, { error: 'batch outcomes are not valid for Ollama' });
      const text = replyText(step);
      const wantLogprobs = body.logprobs === true;
      const topCount = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
      const prompt = promptText(body.messages);
      const finalFields = {
        done_reason: step.finishReason ?? 'stop',
        done: true,
        total_duration: 1_234_567_890,
        load_duration: 12_345_678,
        prompt_eval_count: step.usage?.inputTokens ?? estimateTokens(prompt),
        prompt_eval_duration: 123_456_789,
        eval_count: step.usage?.outputTokens ?? estimateTokens(text),
        eval_duration: 987_654_321,
      };
      const model = step.model ?? body.model;
      if (!streaming) {
        return sendJson(response, 200, {
          model,
          created_at: new Date().toISOString(),
          message: { role: 'assistant', content: text },
          ...finalFields,
          ...(wantLogprobs ? { logprobs: logprobEntries(step, topCount) } : {}),
        });
      }
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      // With log-probabilities, one chunk per scripted token (as Ollama sends them); otherwise one per word.
      const chunks = wantLogprobs && step.logprobs?.length ? step.logprobs.map((entry) => entry.token) : splitIntoChunks(text);
      const entries = logprobEntries(step, topCount);
      chunks.forEach((piece, index) => {
        response.write(
          `${JSON.stringify({
            model,
            created_at: new Date().toISOString(),
            message: { role: 'assistant', content: piece },
            done: false,
            ...(wantLogprobs && entries[index] ? { logprobs: [entries[index]] } : {}),
          })}\n`,
        );
      });
      response.end(`${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, ...finalFields })}\n`);
      return;
    }
    return sendJson(response, 404, { error: `404 page not found: ${request.method} ${request.path}` });
  };

  return startRecordingServer(handle, { ...options, generations });
}
