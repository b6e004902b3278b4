/**
 * The model-file registry and downloader against a local HTTP server standing in for the Hugging Face Hub
 * (test/servers/static-file-server.ts, which answers `Range: bytes=N-` with 206 as RFC 9110 section 14 and the
 * Hub's file server do). Expected checksums are computed here with node:crypto over the served bytes; the URL
 * layout `<endpoint>/<repo>/resolve/<revision>/<file>` is the Hub's documented download URL
 * (huggingface.co/docs/hub/api, "resolve").
 */
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChecksumMismatchError, InvalidArgumentError, NotFoundError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { cachedHubFilePath, downloadModelFile, ensureModelFile, findModelFileEntry, hubFileUrl, MODEL_FILES, parseHubReference } from '../../lib/llm/model-files.js';
import { tinyGgufBytes } from '../../scripts/make-tiny-gguf.mjs';
import { startStaticFileServer, type StaticFileServer, type StaticRoute } from '../servers/static-file-server.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporary = useTemporaryDirectory('ecg-llm-model-files-');
const servers: StaticFileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function serve(routes: Record<string, StaticRoute>): Promise<StaticFileServer> {
  const server = await startStaticFileServer(routes);
  servers.push(server);
  return server;
}
const model = tinyGgufBytes();
const modelSha = createHash('sha256').update(model).digest('hex');
const REPO_PATH = '/tester/tiny-GGUF/resolve/0123456789abcdef0123456789abcdef01234567/tiny.gguf';

async function workspace(serverUrl: string, extra: NodeJS.ProcessEnv = {}) {
  const root = await temporary();
  const environment: NodeJS.ProcessEnv = { HF_ENDPOINT: serverUrl, ECG_LLM_CACHE_DIR: join(root, 'cache'), ...extra };
  return { root, environment, paths: resolveWorkspacePaths({ root }, environment) };
}

describe('model-file registry', () => {
  it('pins every entry by repository, 40-digit revision, file sha256 and size, and maps `default` to the chat model', () => {
    expect(MODEL_FILES.length).toBeGreaterThan(0);
    for (const entry of MODEL_FILES) {
      expect(entry.revision).toMatch(/^[0-9a-f]{40}$/);
      for (const file of entry.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(findModelFileEntry('default')).toMatchObject({ role: 'chat', format: 'gguf' });
    // bartowski/Llama-3.2-1B-Instruct-GGUF file page at d52af37…: "SHA256: 6f85a640…df83", 808 MB.
    expect(findModelFileEntry('default')?.files[0]).toMatchObject({ sha256: '6f85a640a97cf2bf5b8e764087b1e83da0fdb51d7c9fab7d0fece9385611df83' });
  });

  it('parses hf: references (revision defaults to main) and builds the Hub download URL', () => {
    expect(parseHubReference('hf:bartowski/Llama-3.2-1B-Instruct-GGUF/Llama-3.2-1B-Instruct-Q4_K_M.gguf')).toEqual({ repository: 'bartowski/Llama-3.2-1B-Instruct-GGUF', revision: 'main', path: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf' });
    const pinned = parseHubReference('hf:owner/repo@abc123/sub/model.gguf');
    expect(pinned).toEqual({ repository: 'owner/repo', revision: 'abc123', path: 'sub/model.gguf' });
    expect(hubFileUrl(pinned, { HF_ENDPOINT: 'http://mirror.test/' })).toBe('http://mirror.test/owner/repo/resolve/abc123/sub/model.gguf');
    expect(() => parseHubReference('hf:only-owner')).toThrow(InvalidArgumentError);
    expect(() => parseHubReference('hf:owner/repo/../../etc/passwd')).toThrow(InvalidArgumentError);
  });
});

describe('downloadModelFile', () => {
  it('downloads a tiny GGUF once, verifies it, sends HF_TOKEN only as a header, and never downloads it again', async () => {
    const server = await serve({ [REPO_PATH]: { body: model } });
    const { environment, paths } = await workspace(server.url, { HF_TOKEN: 'hf_secret_token_value' });
    const reference = 'hf:tester/tiny-GGUF@0123456789abcdef0123456789abcdef01234567/tiny.gguf';
    const file = await ensureModelFile(reference, { environment, paths });
    expect(file.path).toBe(cachedHubFilePath(parseHubReference(reference), { environment, paths }));
    expect(createHash('sha256').update(await readFile(file.path)).digest('hex')).toBe(modelSha);
    expect(server.headers[0]?.authorization).toBe('Bearer hf_secret_token_value');
    const again = await ensureModelFile(reference, { environment, paths });
    expect(again.path).toBe(file.path);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a checksum mismatch, deletes the partial file and leaves nothing in place', async () => {
    const server = await serve({ [REPO_PATH]: { body: model } });
    const { root, environment } = await workspace(server.url);
    const destination = join(root, 'models', 'tiny.gguf');
    const error = await downloadModelFile({ url: `${server.url}${REPO_PATH}`, destination, sha256: 'f'.repeat(64) }, { environment }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).actual).toBe(modelSha);
    await expect(stat(destination)).rejects.toThrow();
    await expect(stat(`${destination}.part`)).rejects.toThrow();
  });

  it('resumes an interrupted download with a Range request and ends with the exact bytes', async () => {
    const server = await serve({ [REPO_PATH]: { body: model } });
    const { root, environment } = await workspace(server.url);
    const destination = join(root, 'models', 'tiny.gguf');
    // What an interrupted first attempt leaves: the first 100,000 bytes in the .part file.
    await mkdir(dirname(destination), { recursive: true });
    await writeFile(`${destination}.part`, model.subarray(0, 100_000));
    const ticks: number[] = [];
    await downloadModelFile({ url: `${server.url}${REPO_PATH}`, destination, sha256: modelSha }, { environment, progress: (_label, total) => ({ tick: (amount = 1) => ticks.push(amount), done: () => expect(total).toBe(model.length) }) });
    expect(server.headers[0]?.range).toBe('bytes=100000-');
    expect(createHash('sha256').update(await readFile(destination)).digest('hex')).toBe(modelSha);
    expect(ticks.reduce((sum, value) => sum + value, 0)).toBe(model.length);
  });

  it('keeps the partial file when the connection breaks, and the next attempt completes it', async () => {
    const server = await serve({ [REPO_PATH]: { body: model, truncate: true } });
    const { root, environment } = await workspace(server.url);
    const destination = join(root, 'models', 'tiny.gguf');
    await expect(downloadModelFile({ url: `${server.url}${REPO_PATH}`, destination, sha256: modelSha }, { environment })).rejects.toThrow(/resume/);
    const partial = (await stat(`${destination}.part`)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(model.length);
    const healthy = await serve({ [REPO_PATH]: { body: model } });
    await downloadModelFile({ url: `${healthy.url}${REPO_PATH}`, destination, sha256: modelSha }, { environment });
    expect(healthy.headers[0]?.range).toBe(`bytes=${partial}-`);
    expect(createHash('sha256').update(await readFile(destination)).digest('hex')).toBe(modelSha);
  });

  it('with ECG_LLM_OFFLINE=1 fails at once with a NotFoundError naming the file and the fetch command', async () => {
    const server = await serve({});
    const { environment, paths } = await workspace(server.url, { ECG_LLM_OFFLINE: '1' });
    const began = performance.now();
    const error = await ensureModelFile('default', { environment, paths }).catch((caught: unknown) => caught);
    expect(performance.now() - began).toBeLessThan(5000);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('Llama-3.2-1B-Instruct-Q4_K_M.gguf');
    expect((error as Error).message).toContain('ecg-llm models fetch');
    expect(server.requests).toHaveLength(0);
  });

  it('names a missing local model file', async () => {
    const error = await ensureModelFile('/nowhere/model.gguf').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('/nowhere/model.gguf');
  });
});
