/**
 * Connecting to Chroma. With a URL (`url` option or the `CHROMA_URL` environment variable) the workspace uses
 * that server; without one it starts a local server itself ({@link startChromaServer}) and stops it on
 * {@link ChromaConnection.close}. Either way the server's heartbeat is checked first, with a time limit, so an
 * unreachable server is a quick, clear {@link ServiceError} rather than a hang.
 *
 * @example
 * await withChroma({}, async (chroma) => {
 *   const collection = await openChunkCollection(chroma, { name: 'ecg-demo', embedding: { model, dimension } });
 * });
 */
import type { ChromaClient } from 'chromadb';
import { ConfigurationError, ServiceError, WorkspaceError } from '../core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { getWithTimeout, startChromaServer, type ChromaServer } from './chroma-server.js';

export interface ConnectChromaOptions {
  /** Server URL; default `CHROMA_URL`, and without either a local server is started. */
  url?: string;
  /** Data folder of a server the workspace starts (default `resolveWorkspacePaths().chroma`). */
  dataDirectory?: string;
  paths?: WorkspacePaths;
  environment?: NodeJS.ProcessEnv;
  /** Time limit for the heartbeat of a given server (default 5 s). */
  timeoutMs?: number;
  /** Time limit for a started server to come up (default 30 s). */
  startTimeoutMs?: number;
}

/** An open connection to a Chroma server. */
export interface ChromaConnection {
  readonly client: ChromaClient;
  readonly url: string;
  /** The server's version string. */
  readonly serverVersion: string;
  /** The server this workspace started, if it did. */
  readonly server: ChromaServer | undefined;
  /** Stops the server if the workspace started it. */
  close(): Promise<void>;
}

function parseServerUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError('CHROMA_URL', `"${url}" is not a URL; expected e.g. http://127.0.0.1:8000`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigurationError('CHROMA_URL', `"${url}" must start with http:// or https://`);
  }
  return parsed;
}

/** The chromadb client, loaded on first connection rather than with the library (it slows every importer's start-up). */
async function clientFor(url: URL): Promise<ChromaClient> {
  const { ChromaClient } = await import('chromadb');
  const ssl = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : ssl ? 443 : 80;
  return new ChromaClient({ host: url.hostname.replace(/^\[|\]$/g, ''), port, ssl });
}

/** Checks that a Chroma server answers its heartbeat within `timeoutMs`; returns its version. */
export async function checkChromaServer(url: string, timeoutMs = 5000): Promise<string> {
  const base = url.replace(/\/+$/, '');
  const advice =
    'Start one (e.g. `npx chroma run --path data/chroma --port 8000`), fix CHROMA_URL, or unset CHROMA_URL so the ' +
    'workspace starts its own local server.';
  let heartbeat;
  try {
    heartbeat = await getWithTimeout(`${base}/api/v2/heartbeat`, timeoutMs);
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeCause(error);
    throw new ServiceError('Chroma', `cannot reach the server at ${base} (${reason}). ${advice}`, { url: base, retryable: true }, { cause: error });
  }
  if (heartbeat.status !== 200) {
    throw new ServiceError('Chroma', `the server at ${base} answered its heartbeat with HTTP ${heartbeat.status}; is it a Chroma 1.x server? ${advice}`, {
      url: base,
      status: heartbeat.status,
      retryable: heartbeat.status >= 500,
    });
  }
  try {
    return JSON.parse((await getWithTimeout(`${base}/api/v2/version`, timeoutMs)).text) as string;
  } catch {
    return 'unknown';
  }
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Connects to the configured Chroma server, or starts a local one. */
export async function connectChroma(options: ConnectChromaOptions = {}): Promise<ChromaConnection> {
  const environment = options.environment ?? process.env;
  const url = options.url ?? (environment.CHROMA_URL?.trim() || undefined);
  if (url !== undefined) {
    const parsed = parseServerUrl(url);
    const serverVersion = await checkChromaServer(parsed.origin, options.timeoutMs);
    return { client: await clientFor(parsed), url: parsed.origin, serverVersion, server: undefined, close: async () => undefined };
  }
  const paths = options.paths ?? resolveWorkspacePaths({}, environment);
  const server = await startChromaServer({
    dataDirectory: options.dataDirectory ?? paths.chroma,
    ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
  });
  let client: ChromaClient;
  try {
    client = await clientFor(new URL(server.url));
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    client,
    url: server.url,
    serverVersion: server.version,
    server,
    close: () => server.stop(),
  };
}

/** Connects (or starts a server), runs `work`, and always closes the connection afterwards. */
export async function withChroma<T>(options: ConnectChromaOptions, work: (connection: ChromaConnection) => Promise<T>): Promise<T> {
  const connection = await connectChroma(options);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/**
 * Runs a chromadb client call and turns its errors into workspace errors: a lost connection becomes a
 * retryable ServiceError naming the operation, other server errors a ServiceError with the server's reason.
 */
export async function chromaCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WorkspaceError) throw error;
    const name = (error as Error).constructor?.name ?? 'Error';
    const message = (error as Error).message ?? String(error);
    const retryable = name === 'ChromaConnectionError' || name === 'ChromaServerError';
    throw new ServiceError('Chroma', `${operation} failed: ${message}`, { retryable }, { cause: error });
  }
}
