/**
 * A local Chroma server the workspace starts and stops itself, using the `chroma run` command of the
 * `chromadb` npm package (a Rust server in a native Node binding). It listens on 127.0.0.1 on a free port and
 * keeps its data in a folder (by default `resolveWorkspacePaths().chroma`).
 *
 * The server is stopped by {@link ChromaServer.stop}, when this process exits, and — because a process killed
 * with SIGKILL runs no exit handler — by a watchdog thread inside the server process that ends it within a
 * second once its parent process is gone. So no test or notebook leaves a stray server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, ServiceError } from '../core/errors.js';

export interface StartChromaServerOptions {
  /** Folder for Chroma's persistent data (created if missing). */
  dataDirectory: string;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default: a free port chosen by the operating system). */
  port?: number;
  /** How long to wait for the first heartbeat (default 30 s). */
  startTimeoutMs?: number;
}

/** A running Chroma server started by {@link startChromaServer}. */
export interface ChromaServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDirectory: string;
  /** The server's version (`GET /api/v2/version`). */
  readonly version: string;
  /** The server's recent console output (for error messages). */
  logTail(): string;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`, default 5 s) and waits until it has exited. */
  stop(graceMs?: number): Promise<void>;
}

// Runs inside the server process: a worker thread (the native server blocks the main thread) that kills the
// process as soon as its parent is gone, then hands the command line to the chromadb CLI.
const SERVER_ENTRY = `
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
const parent = Number(process.env.ECG_LLM_CHROMA_PARENT_PID);
const watchdog = new Worker(
  'setInterval(() => { let alive = true; try { process.kill(' + parent + ', 0); } catch { alive = false; }' +
  ' if (!alive || process.ppid !== ' + parent + ') process.kill(process.pid, "SIGKILL"); }, 250);',
  { eval: true },
);
watchdog.unref();
const [cli, ...rest] = process.argv.slice(1);
process.argv = [process.argv[0], cli, ...rest];
await import(pathToFileURL(cli).href);
`;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** The `chroma` CLI script of the installed chromadb package. */
export function chromaCliPath(): string {
  const require = createRequire(import.meta.url);
  // The package's CommonJS entry is dist/cjs/chromadb.cjs; the CLI is dist/cli.mjs.
  return join(dirname(dirname(require.resolve('chromadb'))), 'cli.mjs');
}

/** Asks the operating system for a free TCP port on `host`. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** GET `url` with a time limit; resolves to the response text, or rejects. */
export async function getWithTimeout(url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, text: await response.text() };
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * Starts `chroma run` on a free loopback port and waits (bounded) for its heartbeat. Throws a ServiceError
 * with the server's output if it exits or does not answer in time.
 */
export async function startChromaServer(options: StartChromaServerOptions): Promise<ChromaServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new InvalidArgumentError('host', `the workspace only starts Chroma on a loopback address, got "${host}"`);
  const dataDirectory = resolve(options.dataDirectory);
  await mkdir(dataDirectory, { recursive: true });
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const attempts = options.port === undefined ? 3 : 1; // a free port can be taken between choosing and binding
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await findFreePort(host));
    try {
      return await launch({ host, port, dataDirectory, startTimeoutMs });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function launch(settings: { host: string; port: number; dataDirectory: string; startTimeoutMs: number }): Promise<ChromaServer> {
  const { host, port, dataDirectory, startTimeoutMs } = settings;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  installExitHook();
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', SERVER_ENTRY, chromaCliPath(), 'run', '--path', dataDirectory, '--host', host, '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ECG_LLM_CHROMA_PARENT_PID: String(process.pid) } },
  );
  running.add(child);
  let log = '';
  const collect = (data: Buffer): void => {
    // Keep the last 8 KB, without the terminal colour codes of Chroma's banner.
    log = (log + data.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '')).slice(-8192);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((done) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      done();
    });
  });
  // A server someone forgot to stop must not keep this process alive; the exit hook still ends it.
  child.unref();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();

  const stop = async (graceMs = 5000): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exitPromise;
    clearTimeout(timer);
  };

  const deadline = Date.now() + startTimeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (exited) {
      throw new ServiceError(
        'Chroma',
        `the local server exited during start-up (code ${String(exited.code)}, signal ${String(exited.signal)}). Output:\n${log.trim()}`,
        { url, retryable: false },
      );
    }
    try {
      const heartbeat = await getWithTimeout(`${url}/api/v2/heartbeat`, 1000);
      if (heartbeat.status === 200) break;
      lastProblem = `heartbeat answered HTTP ${heartbeat.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    if (Date.now() > deadline) {
      await stop(1000);
      throw new ServiceError('Chroma', `the local server did not answer its heartbeat within ${startTimeoutMs} ms (${lastProblem}). Output:\n${log.trim()}`, {
        url,
        retryable: true,
      });
    }
    await delay(100);
  }
  const versionResponse = await getWithTimeout(`${url}/api/v2/version`, 5000);
  const version = JSON.parse(versionResponse.text) as string;
  return {
    url,
    host,
    port,
    pid: child.pid ?? -1,
    dataDirectory,
    version,
    logTail: () => log,
    stop,
  };
}
