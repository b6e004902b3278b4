/**
 * What the workspace adds to one model call: a model stack (`createModelStack`: provider + cache + retry + limits
 * + usage) against a local Ollama-protocol server that answers at once (test/servers/ollama-server.ts, compiled for
 * the bench), uncached, cache miss (call + write) and cache hit, against a bare node:http request (keep-alive) of the same `/api/chat`
 * request in the same run. Medians per call.
 */
import { execFileSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, median, row } from '../bench-lib.mjs';

export const description = 'overhead per model call (uncached, cache miss, cache hit) vs a bare HTTP request to a zero-latency local server';

const root = new URL('..', import.meta.url).pathname;

/** Compiles the Ollama protocol server of test/servers into bench/.build (ignored) when it is missing or older. */
function compiledServer() {
  const out = join(root, '.build', 'servers', 'ollama-server.js');
  if (!existsSync(out)) {
    execFileSync(process.execPath, [join(root, '..', 'node_modules', 'typescript', 'bin', 'tsc'), join(root, '..', 'test', 'servers', 'ollama-server.ts'), '--outDir', join(root, '.build', 'servers'), '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node'], { stdio: 'inherit' });
  }
  return import(out);
}

export async function run({ quick }) {
  const { startOllamaServer } = await compiledServer();
  const { createModelStack } = await dist('llm/model-stack.js');
  const calls = quick ? 300 : 1000;
  const server = await startOllamaServer(() => ({ text: 'The QT interval spans ventricular depolarisation and repolarisation.' }));
  const folder = await mkdtemp(join(tmpdir(), 'ecg-llm-bench-calls-'));
  const request = (index) => ({ messages: [{ role: 'user', content: `Question ${index}: what is the QT interval?` }], temperature: 0, seed: 1 });
  const timeEach = async (body) => {
    const times = [];
    for (let index = 0; index < calls; index++) {
      const start = performance.now();
      await body(index);
      times.push(performance.now() - start);
    }
    return median(times);
  };
  try {
    // Warm up the server, the HTTP agent and the JIT.
    for (let index = 0; index < 50; index++) await bare(server.url, request(-index));
    const bareMs = await timeEach((index) => bare(server.url, request(index)));
    const uncached = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { mode: 'off' } });
    await uncached.model.chat(request(-1));
    const uncachedMs = await timeEach((index) => uncached.model.chat(request(index)));
    const cached = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, cache: { directory: join(folder, 'cache') } });
    await cached.model.chat(request(-1));
    const missMs = await timeEach((index) => cached.model.chat(request(index)));
    const hitMs = await timeEach((index) => cached.model.chat(request(index)));
    const anchor = { name: 'bare node:http POST /api/chat (keep-alive), same server', value: bareMs, unit: 'ms' };
    const note = `${calls} sequential calls`;
    return {
      rows: [
        row({ measure: 'model call', name: 'model stack, cache off', note, unit: 'ms', value: uncachedMs, higherIsBetter: false, anchor }),
        row({ measure: 'model call', name: 'model stack, cache miss (call + write)', note, unit: 'ms', value: missMs, higherIsBetter: false, anchor }),
        row({ measure: 'model call', name: 'model stack, cache hit (no request)', note, unit: 'ms', value: hitMs, higherIsBetter: false, anchor }),
      ],
    };
  } finally {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
}

const agent = new Agent({ keepAlive: true });

/** The bare request: node:http with a keep-alive agent, the JSON body sent and the reply parsed, nothing else. */
function bare(url, request) {
  const body = JSON.stringify({ model: 'test-model', messages: request.messages, stream: false, options: { temperature: 0, seed: 1 } });
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${url}/api/chat`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        const reply = JSON.parse(text);
        if (typeof reply.message?.content !== 'string') reject(new Error(`bench: unexpected reply ${text.slice(0, 200)}`));
        else resolve(reply);
      });
    });
    call.on('error', reject);
    call.end(body);
  });
}
