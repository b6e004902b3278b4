/**
 * API keys reach the provider on the wire and nowhere else: not in cache files, exports, run manifests, record
 * journals, error messages, error causes or describe() output — even when a (misbehaving) server echoes the key
 * back in its error message.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeError, ServiceError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { createRandom } from '../../lib/core/random.js';
import { withRun } from '../../lib/core/run.js';
import { chatMany } from '../../lib/llm/batch.js';
import { createModelStack } from '../../lib/llm/model-stack.js';
import { generateStructured } from '../../lib/llm/structured-output.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startAnthropicServer, startOpenAIServer, useTestServers } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-secrets-');
const track = useTestServers();

const ANTHROPIC_KEY = 'sk-ant-api03-TOPSECRET-a1b2c3d4e5f6g7h8i9j0';
const OPENAI_KEY = 'local-secret-key-Zq9Xw8Vu7Ts6';

async function filesUnder(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(directory)) {
    const path = join(directory, name);
    if ((await stat(path)).isDirectory()) found.push(...(await filesUnder(path)));
    else found.push(path);
  }
  return found;
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof Error) parts.push(current.message, current.stack ?? '');
    parts.push(JSON.stringify(describeError(current)));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

describe('secrets', () => {
  it('never appear in any written file or in error messages', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const environment = { ANTHROPIC_API_KEY: ANTHROPIC_KEY, OPENAI_API_KEY: OPENAI_KEY };
    let echoed = false;
    const anthropic = await track(startAnthropicServer((request) => ((request.body as { messages: Array<{ content: string }> }).messages[0]?.content === 'bad' ? { error: { status: 400, message: 'bad request' } } : { json: { answer: 'A' } }), {
      apiKey: ANTHROPIC_KEY,
      intercept: (request) => {
        // A misbehaving proxy that echoes the presented key in its first error.
        if (!echoed && request.path === '/v1/messages') {
          echoed = true;
          return { error: { status: 401, message: `invalid key ${request.headers.authorization ?? ''} (x-api-key ${ANTHROPIC_KEY})` } };
        }
        return undefined;
      },
    }));
    const openai = await track(startOpenAIServer([{ error: { status: 500, message: `upstream failed for key ${OPENAI_KEY}` } }, { error: { status: 500 } }], { apiKey: OPENAI_KEY }));
    const errors: unknown[] = [];
    const exportFile = join(root, 'export', 'llm-cache.jsonl');

    await withRun({ stage: 'secrets-test', config: { provider: 'anthropic', apiKey: ANTHROPIC_KEY }, paths, command: ['ecg-llm', '--api-key', ANTHROPIC_KEY] }, async (run) => {
      const claude = createModelStack({ provider: 'anthropic', model: 'claude-sonnet-5-5', baseUrl: anthropic.url, environment, paths, batchPollIntervalMs: 1, retry: { maxAttempts: 1 } });
      const local = createModelStack({ provider: 'openai-compatible', model: 'test-model', baseUrl: `${openai.url}/v1`, environment, paths, retry: { maxAttempts: 2, initialDelayMs: 1, random: createRandom(1) } });
      errors.push(await claude.model.chat({ messages: [{ role: 'user', content: 'first' }] }).catch((error: unknown) => error));
      const records = await run.openRecords('items');
      const structured = await generateStructured(claude.model, { messages: [{ role: 'user', content: 'second' }] }, z.object({ answer: z.string() }));
      records.append({ id: 'second', result: structured });
      const failed = await generateStructured(local.model, { messages: [{ role: 'user', content: 'third' }] }, z.object({ answer: z.string() }));
      expect(failed.ok).toBe(false);
      if (!failed.ok) errors.push(failed.error);
      records.append({ id: 'third', failure: failed.ok ? null : failed.error });
      const batch = await chatMany(claude.model, [{ id: 'b1', request: { messages: [{ role: 'user', content: 'bad' }] } }], { useBatchApi: true });
      const batchResult = batch[0]?.result;
      expect(batchResult?.ok).toBe(false);
      if (batchResult && !batchResult.ok) {
        errors.push(batchResult.error);
        records.append({ id: 'b1', failure: describeError(batchResult.error) });
      }
      await records.publish();
      await run.addModel({ ...(await claude.describe()), role: 'judge' });
      await run.addModel({ ...(await local.describe()), role: 'generator' });
      run.setUsage({ claude: claude.report(), local: local.report() });
      await claude.cache?.cache.exportTo(exportFile);
    });

    // The errors were real and informative, but carry no key.
    const first = errors[0] as ServiceError;
    expect(first).toBeInstanceOf(ServiceError);
    expect(first.status).toBe(401);
    expect(first.message).toContain('[redacted]');
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      const text = errorText(error);
      expect(text).not.toContain(ANTHROPIC_KEY);
      expect(text).not.toContain(OPENAI_KEY);
    }
    // Every file the run, the cache and the export wrote.
    const files = await filesUnder(root);
    expect(files.some((file) => file.endsWith('manifest.json'))).toBe(true);
    expect(files.some((file) => file.includes(`${join('.cache', 'llm')}`))).toBe(true);
    expect(files).toContain(exportFile);
    for (const file of files) {
      const content = await readFile(file, 'utf8');
      expect(content, file).not.toContain(ANTHROPIC_KEY);
      expect(content, file).not.toContain(OPENAI_KEY);
      expect(content.toLowerCase(), file).not.toContain('authorization');
    }
    // The key did travel on the wire, where it belongs.
    expect(anthropic.requests.some((request) => request.headers.authorization === `Bearer ${ANTHROPIC_KEY}`)).toBe(true);
  });
});
