/**
 * The common core of the LLM protocol test servers (`test/servers/*-server.ts`): a real `node:http` server on
 * 127.0.0.1 with an ephemeral port, that records every request it receives and answers generation requests
 * from a deterministic **script**. The protocol servers (Ollama, Anthropic, OpenAI) turn the same
 * protocol-independent {@link ScriptStep}s into their own wire format, so one script can drive any provider.
 *
 * A script is either a queue (`ScriptStep[]`, consumed one step per generation request; when it runs out the
 * server answers HTTP 500 "script exhausted" so a test never hangs) or a function of the recorded request and
 * its 0-based generation index (for echoing, or for replies that depend on the prompt).
 *
 * Fault injection: `{ error: { status: 429, headers: { 'retry-after': '1' } } }` (any HTTP error in the
 * provider's error format), `{ fault: 'drop' }` (the socket is destroyed without an answer),
 * `{ fault: 'hang' }` (never answered; the client's timeout must fire), `{ fault: 'malformed' }` (HTTP 200
 * with a truncated JSON body), `{ fault: 'drop-midstream' }` (a streaming reply that breaks off after its first
 * chunk; non-streaming requests are simply dropped). Schema-violating JSON is an ordinary reply:
 * `{ json: { wrong: 'shape' } }`.
 *
 * @example
 * const server = await startOllamaServer([{ json: { answer: 'B' } }, { error: { status: 500 } }]);
 * try {
 *   // ... point a provider at server.url ...
 *   expect(server.generations).toHaveLength(1);
 * } finally {
 *   await server.close();
 * }
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One HTTP request as the server received it. */
export interface RecordedRequest {
  /** 0-based position among all requests this server received. */
  index: number;
  method: string;
  /** The URL path without the query string, e.g. `/api/chat`. */
  path: string;
  query: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body parsed as JSON, or `undefined` when it was empty or not JSON. */
  body: unknown;
  /** The body as text. */
  rawBody: string;
  /** The body as bytes (binary uploads such as a tar archive for the Docker Engine API). */
  bodyBytes: Buffer;
  /** `performance.now()` when the request's body had been read, in milliseconds. */
  receivedAt: number;
}

/** A log-probability of one output token, with optional alternatives. */
export interface ScriptedLogprob {
  token: string;
  logprob: number;
  top?: Array<{ token: string; logprob: number }>;
}

/** A successful generation. */
export interface ReplyStep {
  /** The assistant's reply text. */
  text?: string;
  /** Shortcut for a JSON reply: `JSON.stringify(json)` becomes the text. */
  json?: unknown;
  /** Why generation ended (default `stop`). */
  finishReason?: 'stop' | 'length';
  /** Token counts; by default ceil(characters / 4) of the prompt and of the reply. */
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Per-token log-probabilities, returned when the client asked for them. */
  logprobs?: ScriptedLogprob[];
  /** The model id to report (default: the requested one). */
  model?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** An HTTP error in the provider's own error format. */
export interface ErrorStep {
  error: {
    status: number;
    message?: string;
    /** Provider error type, e.g. Anthropic's `overloaded_error` (default: derived from the status). */
    type?: string;
    headers?: Record<string, string>;
  };
  delayMs?: number;
}

/** A transport-level failure. */
export interface FaultStep {
  fault: 'drop' | 'hang' | 'malformed' | 'drop-midstream';
  delayMs?: number;
}

/** Anthropic Message Batches only: an item that ended without a result. */
export interface BatchOutcomeStep {
  batchOutcome: 'expired' | 'canceled';
}

export type ScriptStep = ReplyStep | ErrorStep | FaultStep | BatchOutcomeStep;

/** A queue of steps, or a function from the request (and its 0-based generation index) to a step. */
export type Script = ScriptStep[] | ((request: RecordedRequest, generationIndex: number) => ScriptStep | Promise<ScriptStep>);

export interface ServerOptions {
  /**
   * Called for every request before normal handling (also for model listings and batch polls). Return a step
   * with `error` or `fault` to inject a failure there, or `undefined` to handle the request normally.
   */
  intercept?: (request: RecordedRequest) => ErrorStep | FaultStep | undefined;
}

/** A running test server. */
export interface TestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** The requests that consumed a script step (generations), in order. */
  readonly generations: RecordedRequest[];
  /** Stops the server and destroys open connections (including hanging ones). */
  close(): Promise<void>;
}

export function isReply(step: ScriptStep): step is ReplyStep {
  return !('error' in step) && !('fault' in step) && !('batchOutcome' in step);
}

/** The reply text of a step (`json` serialised). */
export function replyText(step: ReplyStep): string {
  if (step.json !== undefined) return JSON.stringify(step.json);
  return step.text ?? '';
}

/** Deterministic token estimate used when a step gives no usage: ceil(characters / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Sends a JSON body. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

/** Waits `ms` milliseconds. */
export function delay(ms: number | undefined): Promise<void> {
  return ms && ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Applies a transport fault. Returns true when the response was handled (or deliberately left open). */
export function applyFault(fault: FaultStep['fault'], request: IncomingMessage, response: ServerResponse): void {
  switch (fault) {
    case 'hang':
      return; // never answered; close() destroys the socket
    case 'malformed': {
      const text = '{"id": "truncated", "content": [{"type": "te';
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      response.end(text);
      return;
    }
    case 'drop':
    case 'drop-midstream':
    default:
      request.socket.destroy();
  }
}

/** Steps dequeued from a script, with an "exhausted" answer when a queue runs out. */
export class ScriptCursor {
  private readonly script: Script;
  private position = 0;

  constructor(script: Script) {
    this.script = Array.isArray(script) ? script.slice() : script;
  }

  /** The next step for a generation request. */
  async next(request: RecordedRequest): Promise<ScriptStep> {
    const index = this.position++;
    if (typeof this.script === 'function') return this.script(request, index);
    const step = this.script[index];
    if (step === undefined) {
      return { error: { status: 500, message: `test server script exhausted at generation ${index} (${this.script.length} steps)` } };
    }
    return step;
  }
}

export type RouteHandler = (request: RecordedRequest, raw: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/**
 * Starts a server that records requests and dispatches them to `handle`. `handle` must answer every request
 * (the protocol servers answer unknown routes with a 404 in their own error format).
 */
export async function startRecordingServer(
  handle: RouteHandler,
  options: ServerOptions & {
    /** Renders an intercepted error in the protocol's error format. */
    onFault?: (step: ErrorStep, response: ServerResponse) => void;
    /** The array the protocol handler pushes generation requests into (exposed as `generations`). */
    generations?: RecordedRequest[];
    /** Listen on this unix socket instead of a TCP port (`url` is then `unix://<path>`). */
    socketPath?: string;
  } = {},
): Promise<TestServer & { server: Server }> {
  const requests: RecordedRequest[] = [];
  const generations: RecordedRequest[] = options.generations ?? [];
  const sockets = new Set<Socket>();
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const bodyBytes = Buffer.concat(chunks);
      const rawBody = bodyBytes.toString('utf8');
      let body: unknown;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        body = undefined;
      }
      const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(raw.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const recorded: RecordedRequest = {
        index: requests.length,
        method: raw.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams.entries()),
        headers,
        body,
        rawBody,
        bodyBytes,
        receivedAt: performance.now(),
      };
      requests.push(recorded);
      void (async () => {
        try {
          const intercepted = options.intercept?.(recorded);
          if (intercepted) {
            await delay(intercepted.delayMs);
            if ('fault' in intercepted) return applyFault(intercepted.fault, raw, response);
            if (options.onFault) return options.onFault(intercepted, response);
            return sendJson(response, intercepted.error.status, { error: intercepted.error.message ?? 'injected error' }, intercepted.error.headers);
          }
          await handle(recorded, raw, response);
        } catch (error) {
          if (!response.headersSent) sendJson(response, 500, { error: `test server failure: ${(error as Error).message}` });
          else response.destroy();
        }
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (options.socketPath !== undefined) server.listen(options.socketPath, () => resolve());
    else server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || (typeof address === 'string' && options.socketPath === undefined)) throw new Error('test server has no TCP address');
  let closed = false;
  return {
    server,
    url: typeof address === 'string' ? `unix://${address}` : `http://127.0.0.1:${address.port}`,
    requests,
    generations,
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Joins the text content of chat messages (string content or arrays of text blocks). */
export function promptText(messages: unknown, system?: unknown): string {
  const parts: string[] = [];
  const collect = (content: unknown): void => {
    if (typeof content === 'string') parts.push(content);
    else if (Array.isArray(content)) {
      for (const block of content) {
        if (block && typeof block === 'object' && typeof (block as { text?: unknown }).text === 'string') parts.push((block as { text: string }).text);
      }
    }
  };
  collect(system);
  if (Array.isArray(messages)) for (const message of messages) collect((message as { content?: unknown })?.content);
  return parts.join('\n');
}
