/**
 * `ecg-llm models list|fetch` in process, with a local server standing in for the Hugging Face Hub
 * (HF_ENDPOINT). The checksum expected of the fetched file is computed here from the served bytes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tinyGgufBytes } from '../../scripts/make-tiny-gguf.mjs';
import { runCli } from '../helpers/run-cli.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startStaticFileServer, type StaticFileServer } from '../servers/static-file-server.js';

const temporary = useTemporaryDirectory('ecg-llm-models-cli-');
const servers: StaticFileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('ecg-llm models', () => {
  it('lists the pinned default model as not downloaded, and fetches an hf: reference into the cache', async () => {
    const bytes = tinyGgufBytes();
    const server = await startStaticFileServer({ '/tester/tiny-GGUF/resolve/main/tiny.gguf': { body: bytes } });
    servers.push(server);
    const root = await temporary();
    const environment = { ...process.env, HF_ENDPOINT: server.url, ECG_LLM_CACHE_DIR: join(root, 'cache'), ECG_LLM_OFFLINE: '' };
    const listed = await runCli(['models', 'list'], root, environment);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('llama-3.2-1b-instruct (default)');
    expect(listed.stdout).toContain('not downloaded');
    const fetched = await runCli(['models', 'fetch', 'hf:tester/tiny-GGUF/tiny.gguf'], root, environment);
    expect(fetched.code).toBe(0);
    const path = fetched.stdout.trim().split(': ').at(-1) as string;
    expect(path.endsWith(join('models', 'hf', 'tester', 'tiny-GGUF', 'main', 'tiny.gguf'))).toBe(true);
    expect(createHash('sha256').update(await readFile(path)).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('offline, fails with the missing file and the command that gets it (not a usage error)', async () => {
    const root = await temporary();
    const result = await runCli(['models', 'fetch'], root, { ...process.env, ECG_LLM_OFFLINE: '1', ECG_LLM_CACHE_DIR: join(root, 'cache') });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBe(2);
    expect(result.stderr).toContain('Llama-3.2-1B-Instruct-Q4_K_M.gguf');
    expect(result.stderr).toContain('ecg-llm models fetch');
  });
});
