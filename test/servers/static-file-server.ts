/**
 * A local HTTP file server for download tests (`ecg-llm data fetch`): serves fixed bytes per path and can
 * misbehave on purpose — an HTTP error status, failing the first requests with 503, never answering, or
 * closing the connection before the announced length. Listens on 127.0.0.1 only.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticRoute {
  /** The bytes served with status 200. */
  body?: Buffer | string;
  /** Answer with this status (and a short text body) instead of the file. */
  status?: number;
  /** Answer the first N requests with 503 Service Unavailable, then serve the file. */
  failFirst?: number;
  /** Accept the request and never answer (to test timeouts). */
  hang?: boolean;
  /** Announce the full length, send half of the body and close the connection. */
  truncate?: boolean;
  /** Ignore `Range` headers and always send the whole file with 200 (servers without range support). */
  noRanges?: boolean;
}

export interface StaticFileServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  /** The `Range` and `Authorization` headers of each request, in order. */
  headers: Array<{ range?: string; authorization?: string }>;
  close(): Promise<void>;
}

/** Starts the server on an ephemeral loopback port. */
export async function startStaticFileServer(routes: Record<string, StaticRoute>): Promise<StaticFileServer> {
  const requests: string[] = [];
  const headers: StaticFileServer['headers'] = [];
  const served = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    headers.push({ range: request.headers.range, authorization: request.headers.authorization });
    const route = routes[path];
    const count = (served.get(path) ?? 0) + 1;
    served.set(path, count);
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.hang) {
      hanging.add(response);
      return;
    }
    if (route.failFirst !== undefined && count <= route.failFirst) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('try again');
      return;
    }
    if (route.status !== undefined) {
      response.writeHead(route.status, { 'content-type': 'text/plain' }).end(`status ${route.status}`);
      return;
    }
    const whole = Buffer.from(route.body ?? '');
    // `Range: bytes=N-` (RFC 9110 section 14): 206 with the rest of the file, or 416 when N is past the end.
    const range = route.noRanges ? undefined : /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (range && Number(range[1]) >= whole.length) {
      response.writeHead(416, { 'content-range': `bytes */${whole.length}` }).end();
      return;
    }
    const start = range ? Number(range[1]) : 0;
    const body = whole.subarray(start);
    response.writeHead(range ? 206 : 200, {
      'content-type': 'application/octet-stream',
      'content-length': body.length,
      ...(range ? { 'content-range': `bytes ${start}-${whole.length - 1}/${whole.length}` } : {}),
    });
    if (route.truncate) {
      response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.destroy());
      return;
    }
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    headers,
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
