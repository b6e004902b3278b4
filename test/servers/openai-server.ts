/**
 * A local server speaking the OpenAI Chat Completions API as OpenAI-compatible servers (vLLM, llama.cpp
 * server, LM Studio) implement it, closely enough for the real `openai` npm client:
 * `POST /v1/chat/completions` (non-streaming, with `logprobs`/`top_logprobs` and
 * `response_format: {type: 'json_schema', json_schema: {name, schema, strict}}`) and `GET /v1/models`.
 *
 * It checks what the API requires (`model`, non-empty `messages`, a schema name matching
 * `^[a-zA-Z0-9_-]{1,64}$`, `top_logprobs` in 0..20 only together with `logprobs: true`) and, when `apiKey` is
 * set, the `Authorization: Bearer` header. Errors have the API's shape
 * `{"error": {"message", "type", "param", "code"}}`.
 *
 * @example
 * const server = await startOpenAIServer([{ text: 'B', logprobs: [{ token: 'B', logprob: -0.01 }] }]);
 * const model = createChatModel({ provider: 'openai-compatible', model: 'qwen', baseUrl: `${server.url}/v1` });
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
  type RecordedRequest,
  type Script,
  type ServerOptions,
  type TestServer,
} from './scripted-server.js';

export interface OpenAIServerOptions extends ServerOptions {
  /** When set, requests must send `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Models listed by `/v1/models` and accepted by chat (default: `test-model`; any model accepted). */
  models?: string[];
  /**
   * Fields of every `/v1/models` entry besides `id` and `object` (default `created: 1767225600, owned_by: 'test'`),
   * e.g. vLLM's `root` and `parent`, or another `created` for a model re-created under the same name.
   */
  modelFields?: Record<string, unknown>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_exceeded',
  500: 'server_error',
  503: 'service_unavailable',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateCompletion(body: unknown): { message: string; param: string } | undefined {
  if (!isRecord(body)) return { message: 'request body must be a JSON object', param: '' };
  if (typeof body.model !== 'string' || body.model === '') return { message: 'you must provide a model parameter', param: 'model' };
  if (!Array.isArray(body.messages) || body.messages.length === 0) return { message: "'messages' must contain at least one message", param: 'messages' };
  for (const [index, message] of body.messages.entries()) {
    if (!isRecord(message) || !['system', 'developer', 'user', 'assistant', 'tool'].includes(String(message.role))) {
      return { message: `invalid role in messages[${index}]`, param: `messages[${index}].role` };
    }
  }
  const format = body.response_format;
  if (format !== undefined) {
    if (!isRecord(format) || !['text', 'json_object', 'json_schema'].includes(String(format.type))) return { message: 'invalid response_format type', param: 'response_format.type' };
    if (format.type === 'json_schema') {
      const schema = format.json_schema;
      if (!isRecord(schema) || typeof schema.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(schema.name)) {
        return { message: "response_format.json_schema.name must match '^[a-zA-Z0-9_-]{1,64}$'", param: 'response_format.json_schema.name' };
      }
      if (schema.schema !== undefined && !isRecord(schema.schema)) return { message: 'response_format.json_schema.schema must be an object', param: 'response_format.json_schema.schema' };
    }
  }
  if (body.top_logprobs !== undefined && body.top_logprobs !== null) {
    if (typeof body.top_logprobs !== 'number' || !Number.isInteger(body.top_logprobs) || body.top_logprobs < 0 || body.top_logprobs > 20) {
      return { message: 'top_logprobs must be an integer between 0 and 20', param: 'top_logprobs' };
    }
    if (body.logprobs !== true) return { message: 'logprobs must be set to true if top_logprobs is used', param: 'logprobs' };
  }
  for (const name of ['temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'seed']) {
    if (body[name] !== undefined && body[name] !== null && typeof body[name] !== 'number') return { message: `${name} must be a number`, param: name };
  }
  if (body.stop !== undefined && body.stop !== null && typeof body.stop !== 'string' && !(Array.isArray(body.stop) && body.stop.every((item) => typeof item === 'string'))) {
    return { message: 'stop must be a string or an array of strings', param: 'stop' };
  }
  return undefined;
}

const bytesOf = (token: string) => [...Buffer.from(token, 'utf8')];

/**
 * Starts an OpenAI-compatible server on 127.0.0.1 (ephemeral port). The API lives under `/v1`, so clients use
 * `baseURL: \`${server.url}/v1\``.
 */
export async function startOpenAIServer(script: Script, options: OpenAIServerOptions = {}): Promise<TestServer> {
  const cursor = new ScriptCursor(script);
  const generations: RecordedRequest[] = [];
  const models = options.models ?? ['test-model'];
  let counter = 0;

  const sendError = (response: ServerResponse, status: number, message: string, param: string | null = null, type?: string, headers: Record<string, string> = {}) =>
    sendJson(response, status, { error: { message, type: type ?? ERROR_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'), param, code: null } }, headers);

  const handle = async (request: RecordedRequest, raw: Parameters<typeof applyFault>[1], response: ServerResponse): Promise<void> => {
    if (options.apiKey !== undefined) {
      const presented = request.headers.authorization?.replace(/^Bearer\s+/i, '');
      if (presented !== options.apiKey) return sendError(response, 401, 'Incorrect API key provided.', null, 'invalid_request_error');
    }
    const route = `${request.method} ${request.path}`;
    if (route === 'GET /v1/models') {
      const fields = options.modelFields ?? { created: 1_767_225_600, owned_by: 'test' };
      return sendJson(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', ...fields })) });
    }
    if (route === 'POST /v1/chat/completions') {
      const problem = validateCompletion(request.body);
      if (problem) return sendError(response, 400, problem.message, problem.param);
      const body = request.body as Record<string, unknown>;
      if (body.stream === true) return sendError(response, 400, 'streaming is not supported by this test server', 'stream');
      generations.push(request);
      const step = await cursor.next(request);
      await delay('delayMs' in step ? step.delayMs : undefined);
      if ('fault' in step) return applyFault(step.fault, raw, response);
      if ('error' in step) return sendError(response, step.error.status, step.error.message ?? `injected HTTP ${step.error.status}`, null, step.error.type, step.error.headers);
      if (!isReply(step)) return sendError(response, 500, 'batch outcomes are not valid for OpenAI chat completions');
      const text = replyText(step);
      const topCount = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
      const logprobs =
        body.logprobs === true
          ? {
              content: (step.logprobs ?? []).map((entry) => ({
                token: entry.token,
                logprob: entry.logprob,
                bytes: bytesOf(entry.token),
                top_logprobs: (entry.top ?? []).slice(0, topCount).map((alternative) => ({ ...alternative, bytes: bytesOf(alternative.token) })),
              })),
              refusal: null,
            }
          : null;
      const inputTokens = step.usage?.inputTokens ?? estimateTokens(promptText(body.messages));
      const outputTokens = step.usage?.outputTokens ?? estimateTokens(text);
      return sendJson(response, 200, {
        id: `chatcmpl-test${String(++counter).padStart(6, '0')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: step.model ?? body.model,
        system_fingerprint: 'fp_test',
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs, finish_reason: step.finishReason ?? 'stop' }],
        usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
      });
    }
    return sendError(response, 404, `Unknown request URL: ${request.method} ${request.path}`);
  };

  return startRecordingServer(handle, {
    ...options,
    generations,
    onFault: (step, response) => sendError(response, step.error.status, step.error.message ?? `injected HTTP ${step.error.status}`, null, step.error.type, step.error.headers),
  });
}
