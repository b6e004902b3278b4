/**
 * A local server speaking the Anthropic Messages API and Message Batches API closely enough for the real
 * `@anthropic-ai/sdk` client (API versions `2026-10-21` — what SDK 1.x sends — and `2023-06-01`):
 *
 * - `POST /v1/messages`: non-streaming messages; replies from the script.
 * - `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}`, `GET /v1/messages/batches/{id}/results`
 *   (JSON Lines, in reverse request order so clients must match on `custom_id`),
 *   `POST /v1/messages/batches/{id}/cancel`. Each batch item consumes one script step when the batch is
 *   created; an `error` step becomes an `errored` item, `{ batchOutcome: 'expired' | 'canceled' }` an item
 *   with that outcome. A batch reports `in_progress` for `batchProcessingPolls` retrievals, then `ended`.
 * - `GET /v1/models`, `GET /v1/models/{id}`.
 *
 * Like the real API it checks what a client must send: an API key (`x-api-key` or `Authorization: Bearer`),
 * the `anthropic-version` header, `model`, `max_tokens` and `messages`; with version `2026-10-21` it refuses
 * `temperature`, `top_p` and `top_k`. Errors have the API's shape
 * `{"type":"error","error":{"type":"rate_limit_error","message":"..."},"request_id":"req_..."}` (529 is
 * `overloaded_error`), and every response carries a `request-id` header.
 *
 * @example
 * const server = await startAnthropicServer([{ error: { status: 529 } }, { json: { answer: 'B' } }], { apiKey });
 */
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
  type ErrorStep,
  type RecordedRequest,
  type ReplyStep,
  type Script,
  type ScriptStep,
  type ServerOptions,
  type TestServer,
} from './scripted-server.js';

export interface AnthropicServerOptions extends ServerOptions {
  /** When set, the key a request must present; otherwise any non-empty key is accepted. */
  apiKey?: string;
  /** Model ids the server knows (default: any model id is accepted; `/v1/models` lists `claude-sonnet-5-5`). */
  models?: string[];
  /** How many retrievals of a batch report `in_progress` before it is `ended` (default 1). */
  batchProcessingPolls?: number;
}

export const ANTHROPIC_API_VERSIONS = ['2023-06-01', '2026-10-21'] as const;

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function errorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a Messages API body; returns the error message of a 400, or undefined. */
function validateMessageParams(body: unknown, apiVersion: string): string | undefined {
  if (!isRecord(body)) return 'request body must be a JSON object';
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 0) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  for (const [index, message] of body.messages.entries()) {
    if (!isRecord(message)) return `messages.${index}: must be an object`;
    if (!['user', 'assistant', 'system'].includes(String(message.role))) return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    if (typeof message.content !== 'string' && !Array.isArray(message.content)) return `messages.${index}.content: Field required`;
  }
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) return 'system: must be a string or an array of text blocks';
  if (body.stop_sequences !== undefined && !(Array.isArray(body.stop_sequences) && body.stop_sequences.every((item) => typeof item === 'string'))) {
    return 'stop_sequences: must be an array of strings';
  }
  if (apiVersion === '2026-10-21') {
    for (const name of ['temperature', 'top_p', 'top_k']) {
      if (body[name] !== undefined) return `${name}: this parameter is not supported in API version 2026-10-21`;
    }
  } else {
    if (body.temperature !== undefined && (typeof body.temperature !== 'number' || body.temperature < 0 || body.temperature > 1)) return 'temperature: must be between 0 and 1';
  }
  if (body.output_config !== undefined) {
    if (!isRecord(body.output_config)) return 'output_config: must be an object';
    const format = body.output_config.format;
    if (format !== undefined && format !== null) {
      if (!isRecord(format) || format.type !== 'json_schema' || !isRecord(format.schema)) return "output_config.format: expected {type: 'json_schema', schema: {...}}";
    }
  }
  return undefined;
}

interface StoredBatch {
  id: string;
  createdAt: string;
  polls: number;
  canceled: boolean;
  items: Array<{ customId: string; line: Record<string, unknown> }>;
}

/**
 * Starts an Anthropic protocol server on 127.0.0.1 (ephemeral port). Point the SDK at it with
 * `baseURL: server.url` (or `ANTHROPIC_BASE_URL`).
 */
export async function startAnthropicServer(script: Script, options: AnthropicServerOptions = {}): Promise<TestServer & { batches: Map<string, StoredBatch> }> {
  const cursor = new ScriptCursor(script);
  const generations: RecordedRequest[] = [];
  const batches = new Map<string, StoredBatch>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}_test${String(++counter).padStart(6, '0')}`;
  const models = options.models ?? ['claude-sonnet-5-5'];
  const pollsUntilEnded = options.batchProcessingPolls ?? 1;

  const sendError = (response: ServerResponse, status: number, message: string, type?: string, headers: Record<string, string> = {}) => {
    const requestId = nextId('req');
    sendJson(response, status, { type: 'error', error: { type: type ?? errorType(status), message }, request_id: requestId }, { 'request-id': requestId, ...headers });
  };
  const sendOk = (response: ServerResponse, body: unknown) => sendJson(response, 200, body, { 'request-id': nextId('req') });

  const message = (params: Record<string, unknown>, step: ReplyStep) => {
    const text = replyText(step);
    const stopSequences = (params.stop_sequences as string[] | undefined) ?? [];
    let finalText = text;
    let stopSequence: string | null = null;
    for (const sequence of stopSequences) {
      const at = finalText.indexOf(sequence);
      if (at >= 0) {
        finalText = finalText.slice(0, at);
        stopSequence = sequence;
      }
    }
    const stopReason = step.finishReason === 'length' ? 'max_tokens' : stopSequence !== null ? 'stop_sequence' : 'end_turn';
    return {
      id: nextId('msg'),
      type: 'message',
      role: 'assistant',
      model: step.model ?? params.model,
      content: [{ type: 'text', text: finalText, citations: null }],
      stop_reason: stopReason,
      stop_sequence: stopSequence,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        input_tokens: step.usage?.inputTokens ?? estimateTokens(promptText(params.messages, params.system)),
        output_tokens: step.usage?.outputTokens ?? estimateTokens(finalText),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: null,
        inference_geo: null,
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        speed: null,
      },
    };
  };

  const batchView = (batch: StoredBatch, url: string) => {
    const ended = batch.canceled || batch.polls > pollsUntilEnded;
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    for (const item of batch.items) {
      if (!ended) counts.processing++;
      else {
        const type = (item.line.result as { type: keyof typeof counts }).type;
        counts[type]++;
      }
    }
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : batch.canceled ? 'canceling' : 'in_progress',
      request_counts: counts,
      ended_at: ended ? new Date().toISOString() : null,
      created_at: batch.createdAt,
      expires_at: new Date(Date.parse(batch.createdAt) + 24 * 3600 * 1000).toISOString(),
      archived_at: null,
      cancel_initiated_at: batch.canceled ? new Date().toISOString() : null,
      results_url: ended ? `${url}/v1/messages/batches/${batch.id}/results` : null,
    };
  };

  const batchLine = (customId: string, step: ScriptStep, params: Record<string, unknown>): Record<string, unknown> => {
    if ('batchOutcome' in step) return { custom_id: customId, result: { type: step.batchOutcome } };
    if ('error' in step || 'fault' in step) {
      const status = 'error' in step ? step.error.status : 500;
      const text = 'error' in step ? step.error.message ?? `injected HTTP ${status}` : `injected fault ${step.fault}`;
      return {
        custom_id: customId,
        result: { type: 'errored', error: { type: 'error', error: { type: 'error' in step && step.error.type ? step.error.type : errorType(status), message: text }, request_id: nextId('req') } },
      };
    }
    return { custom_id: customId, result: { type: 'succeeded', message: message(params, step) } };
  };

  let baseUrl = '';
  const handle = async (request: RecordedRequest, raw: Parameters<typeof applyFault>[1], response: ServerResponse): Promise<void> => {
    // Authentication and versioning, as the API checks them on every route.
    const presented = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer\s+/i, '');
    if (!presented) return sendError(response, 401, 'x-api-key header is required');
    if (options.apiKey !== undefined && presented !== options.apiKey) return sendError(response, 401, 'invalid x-api-key');
    const version = request.headers['anthropic-version'];
    if (!version) return sendError(response, 400, 'anthropic-version: header is required');
    if (!(ANTHROPIC_API_VERSIONS as readonly string[]).includes(version)) return sendError(response, 400, `anthropic-version: unknown version ${version}`);

    const route = `${request.method} ${request.path}`;
    if (route === 'GET /v1/models') {
      return sendOk(response, {
        data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-09-01T00:00:00Z' })),
        has_more: false,
        first_id: models[0] ?? null,
        last_id: models[models.length - 1] ?? null,
      });
    }
    const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && modelMatch) {
      const id = decodeURIComponent(modelMatch[1] as string);
      if (!models.includes(id)) return sendError(response, 404, `model: ${id}`);
      return sendOk(response, { type: 'model', id, display_name: id, created_at: '2026-09-01T00:00:00Z' });
    }
    if (route === 'POST /v1/messages') {
      const problem = validateMessageParams(request.body, version);
      if (problem) return sendError(response, 400, problem);
      const params = request.body as Record<string, unknown>;
      if (options.models && !options.models.includes(String(params.model))) return sendError(response, 404, `model: ${String(params.model)}`);
      if (params.stream === true) return sendError(response, 400, 'stream: streaming is not supported by this test server');
      generations.push(request);
      const step = await cursor.next(request);
      await delay('delayMs' in step ? step.delayMs : undefined);
      if ('fault' in step) return applyFault(step.fault, raw, response);
      if ('error' in step) return sendError(response, step.error.status, step.error.message ?? `injected HTTP ${step.error.status}`, step.error.type, step.error.headers);
      if (!isReply(step)) return sendError(response, 500, 'batch outcomes are only valid inside a batch');
      return sendOk(response, message(params, step));
    }
    if (route === 'POST /v1/messages/batches') {
      const body = request.body as Record<string, unknown> | undefined;
      const requests = body?.requests;
      if (!Array.isArray(requests) || requests.length === 0) return sendError(response, 400, 'requests: at least one request is required');
      if (requests.length > 100_000) return sendError(response, 400, 'requests: at most 100,000 requests per batch');
      const seen = new Set<string>();
      for (const [index, item] of requests.entries()) {
        const customId = isRecord(item) ? item.custom_id : undefined;
        if (typeof customId !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(customId)) {
          return sendError(response, 400, `requests.${index}.custom_id: must match ^[a-zA-Z0-9_-]{1,64}$`);
        }
        if (seen.has(customId)) return sendError(response, 400, `requests.${index}.custom_id: duplicate custom_id ${customId}`);
        seen.add(customId);
        if (!isRecord((item as Record<string, unknown>).params)) return sendError(response, 400, `requests.${index}.params: Field required`);
      }
      const batch: StoredBatch = { id: nextId('msgbatch'), createdAt: new Date().toISOString(), polls: 0, canceled: false, items: [] };
      for (const item of requests as Array<{ custom_id: string; params: Record<string, unknown> }>) {
        // Params are validated per item when the batch is processed; invalid ones become errored results.
        const problem = validateMessageParams(item.params, version);
        if (problem) {
          batch.items.push({ customId: item.custom_id, line: batchLine(item.custom_id, { error: { status: 400, message: problem } } satisfies ErrorStep, item.params) });
          continue;
        }
        const itemRequest: RecordedRequest = { ...request, path: '/v1/messages', body: item.params, rawBody: JSON.stringify(item.params) };
        generations.push(itemRequest);
        const step = await cursor.next(itemRequest);
        batch.items.push({ customId: item.custom_id, line: batchLine(item.custom_id, step, item.params) });
      }
      batches.set(batch.id, batch);
      return sendOk(response, batchView(batch, baseUrl));
    }
    const batchMatch = /^\/v1\/messages\/batches\/([^/]+)(\/results|\/cancel)?$/.exec(request.path);
    if (batchMatch) {
      const batch = batches.get(batchMatch[1] as string);
      if (!batch) return sendError(response, 404, `message batch ${batchMatch[1]} not found`);
      const suffix = batchMatch[2];
      if (request.method === 'GET' && suffix === undefined) {
        batch.polls++;
        return sendOk(response, batchView(batch, baseUrl));
      }
      if (request.method === 'POST' && suffix === '/cancel') {
        batch.canceled = true;
        return sendOk(response, batchView(batch, baseUrl));
      }
      if (request.method === 'GET' && suffix === '/results') {
        const view = batchView(batch, baseUrl);
        if (view.processing_status !== 'ended') return sendError(response, 400, `message batch ${batch.id} is still processing; results are not available yet`);
        const lines = batch.items
          .slice()
          .reverse()
          .map((item) => (batch.canceled && (item.line.result as { type: string }).type === 'succeeded' ? { custom_id: item.customId, result: { type: 'canceled' } } : item.line));
        const text = lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
        response.writeHead(200, { 'content-type': 'application/x-jsonl', 'request-id': nextId('req') });
        response.end(text);
        return;
      }
    }
    return sendError(response, 404, `Not found: ${request.method} ${request.path}`);
  };

  const server = await startRecordingServer(handle, {
    ...options,
    generations,
    onFault: (step, response) => sendError(response, step.error.status, step.error.message ?? `injected HTTP ${step.error.status}`, step.error.type, step.error.headers),
  });
  baseUrl = server.url;
  return Object.assign(server, { batches });
}
