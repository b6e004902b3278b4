import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, ServiceError } from '../../lib/core/errors.js';
import { checkChromaServer, connectChroma, withChroma } from '../../lib/rag/chroma-connection.js';
import { findFreePort, startChromaServer } from '../../lib/rag/chroma-server.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { chromaServersStartedBy, isProcessAlive, threadStates, waitUntil } from '../helpers/processes.js';

const temporaryDirectory = useTemporaryDirectory();

describe('startChromaServer', () => {
  it('starts a real Chroma server on a free loopback port, answers heartbeats, and stops it completely', async () => {
    const dataDirectory = join(await temporaryDirectory(), 'chroma');
    const server = await startChromaServer({ dataDirectory });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(isProcessAlive(server.pid)).toBe(true);
      // The version the installed chromadb native binding (1.0.1) reports for its server.
      expect(server.version).toBe('1.0.0');
      expect(await checkChromaServer(server.url)).toBe('1.0.0');
      expect(server.logTail()).toContain(`Listening on 127.0.0.1:${server.port}`);
    } finally {
      await server.stop();
    }
    expect(isProcessAlive(server.pid)).toBe(false);
    await expect(checkChromaServer(server.url, 1000)).rejects.toBeInstanceOf(ServiceError);
  });

  it('ends its server when the process that started it is killed with SIGKILL (no exit handler runs)', async () => {
    const dataDirectory = join(await temporaryDirectory(), 'chroma');
    const entry = join(repositoryRoot, 'dist', 'rag', 'chroma-server.js');
    const parent = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { startChromaServer } = await import(${JSON.stringify(entry)});
         const server = await startChromaServer({ dataDirectory: ${JSON.stringify(dataDirectory)} });
         process.stdout.write(server.pid + '\\n');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const serverPid = await new Promise<number>((resolvePid, reject) => {
      let output = '';
      parent.stdout.on('data', (data: Buffer) => {
        output += data.toString();
        if (output.includes('\n')) resolvePid(Number(output.trim()));
      });
      parent.once('exit', () => reject(new Error(`parent exited early: ${output}`)));
    });
    expect(isProcessAlive(serverPid)).toBe(true);
    parent.kill('SIGKILL');
    // The watchdog thread in the server process polls every 250 ms.
    await waitUntil(() => !isProcessAlive(serverPid), 5000);
    expect(isProcessAlive(serverPid)).toBe(false);
  });
});

describe('connectChroma', () => {
  it('starts and stops its own server when no URL is configured, keeping data in the given folder', async () => {
    const dataDirectory = join(await temporaryDirectory(), 'chroma');
    let pid = -1;
    await withChroma({ dataDirectory, environment: {} }, async (connection) => {
      expect(connection.server).toBeDefined();
      pid = connection.server!.pid;
      expect(await connection.client.heartbeat()).toBeGreaterThan(0);
      await connection.client.createCollection({ name: 'persisted', embeddingFunction: null });
    });
    expect(isProcessAlive(pid)).toBe(false);
    // A second server on the same folder sees the collection the first one wrote.
    await withChroma({ dataDirectory, environment: {} }, async (connection) => {
      const names = (await connection.client.listCollections()).map((collection) => collection.name);
      expect(names).toEqual(['persisted']);
    });
  });

  it('uses the server named by CHROMA_URL and does not stop it', async () => {
    const server = await startChromaServer({ dataDirectory: join(await temporaryDirectory(), 'chroma') });
    try {
      const connection = await connectChroma({ environment: { CHROMA_URL: `${server.url}/` } });
      expect(connection.server).toBeUndefined();
      expect(connection.url).toBe(server.url);
      expect(connection.serverVersion).toBe('1.0.0');
      await connection.close();
      expect(isProcessAlive(server.pid)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('fails fast with a clear ServiceError when the configured server is unreachable', async () => {
    const port = await findFreePort(); // nothing listens there
    const began = performance.now();
    const attempt = connectChroma({ environment: { CHROMA_URL: `http://127.0.0.1:${port}` }, timeoutMs: 2000 });
    await expect(attempt).rejects.toBeInstanceOf(ServiceError);
    await expect(attempt).rejects.toThrow(new RegExp(`cannot reach the server at http://127.0.0.1:${port} \\(ECONNREFUSED\\).*unset CHROMA_URL`));
    expect(performance.now() - began).toBeLessThan(2000);
  });

  it('gives up after the time limit when a server accepts connections but never answers', async () => {
    // A real Chroma server, frozen with SIGSTOP: the kernel still accepts TCP connections, nothing answers.
    const server = await startChromaServer({ dataDirectory: join(await temporaryDirectory(), 'chroma') });
    process.kill(server.pid, 'SIGSTOP');
    // kill() only queues the signal: wait until every thread of the server is in state T (stopped).
    await waitUntil(() => threadStates(server.pid).every((state) => state === 'T'), 2000);
    expect(threadStates(server.pid).every((state) => state === 'T')).toBe(true);
    try {
      const began = performance.now();
      const attempt = connectChroma({ url: server.url, timeoutMs: 700 });
      await expect(attempt).rejects.toThrow(/no answer within 700 ms/);
      const elapsed = performance.now() - began;
      expect(elapsed).toBeGreaterThanOrEqual(650);
      expect(elapsed).toBeLessThan(3000);
    } finally {
      process.kill(server.pid, 'SIGCONT');
      await server.stop();
    }
  });

  it('rejects a CHROMA_URL that is not an http(s) URL as a configuration error', async () => {
    await expect(connectChroma({ environment: { CHROMA_URL: 'localhost:8000' } })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(connectChroma({ environment: { CHROMA_URL: 'not a url' } })).rejects.toThrow(/CHROMA_URL.*not a URL/);
  });
});

afterAll(() => {
  // Every server these tests started has been stopped.
  expect(chromaServersStartedBy(process.pid)).toEqual([]);
});
