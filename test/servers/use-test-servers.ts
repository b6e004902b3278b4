import { afterEach } from 'vitest';
import type { TestServer } from './scripted-server.js';

/**
 * For test files: returns `track(startXServer(...))`, which awaits a server and closes it after the test.
 *
 * @example
 * const track = useTestServers();
 * it('...', async () => {
 *   const server = await track(startOllamaServer([{ text: 'ok' }]));
 * });
 */
export function useTestServers(): <Server extends TestServer>(starting: Promise<Server>) => Promise<Server> {
  const started: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (starting) => {
    const server = await starting;
    started.push(server);
    return server;
  };
}
