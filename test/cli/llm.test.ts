/**
 * `ecg-llm llm`: models (list, digest), cache stats/export/import — through main() with captured output, and
 * once as a real child process of the built command line.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { silentProgress } from '../../lib/core/progress.js';
import { main } from '../../lib/cli/main.js';
import { createModelStack } from '../../lib/llm/model-stack.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startAnthropicServer, startOllamaServer, useTestServers } from '../servers/index.js';

const execFileAsync = promisify(execFile);
const temporaryDirectory = useTemporaryDirectory('ecg-llm-cli-');
const track = useTestServers();

async function runCli(argv: string[], root: string, environment: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    progress: silentProgress,
    environment,
  });
  return { code, stdout, stderr };
}

const DIGEST = 'fe938a131f40e6f6d40083c9f0f430a515233eb2edaa6d72eb85c50d64f2300e';

describe('ecg-llm llm models', () => {
  it('lists an Ollama server\'s models with digests and shows one model\'s identity', async () => {
    const root = await temporaryDirectory();
    const server = await track(startOllamaServer([], { models: [{ name: 'llama3.1:8b', digest: DIGEST, size: 4_920_753_328 }] }));
    const listing = await runCli(['llm', 'models', '--provider', 'ollama', '--host', server.url], root);
    expect(listing.code).toBe(0);
    expect(listing.stdout).toContain('llama3.1:8b');
    expect(listing.stdout).toContain(DIGEST);
    // 4,920,753,328 bytes = 4.58 GiB
    expect(listing.stdout).toContain('4.6 GiB');
    const one = await runCli(['llm', 'models', '--provider', 'ollama', '--host', server.url, '--model', 'llama3.1:8b', '--json'], root);
    expect(JSON.parse(one.stdout)).toEqual({ role: 'chat', provider: 'ollama', id: 'llama3.1:8b', digest: DIGEST, parameters: {} });
  });

  it('lists Anthropic models with the key from the environment', async () => {
    const root = await temporaryDirectory();
    const key = 'sk-ant-api03-clitest-0123456789abcdef';
    const server = await track(startAnthropicServer([], { apiKey: key, models: ['claude-sonnet-5-5', 'claude-haiku-5-5'] }));
    const result = await runCli(['llm', 'models', '--provider', 'anthropic', '--base-url', server.url, '--json'], root, { ANTHROPIC_API_KEY: key });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((entry: { id: string }) => entry.id)).toEqual(['claude-sonnet-5-5', 'claude-haiku-5-5']);
  });

  it('exits 2 on a missing or unknown provider', async () => {
    const root = await temporaryDirectory();
    const missing = await runCli(['llm', 'models'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing required option --provider');
    const unknown = await runCli(['llm', 'models', '--provider', 'gpt-magic'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown provider "gpt-magic"');
  });
});

describe('ecg-llm llm cache', () => {
  it('reports statistics, exports and imports (with --cache-dir and the workspace cache)', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const server = await track(startOllamaServer([{ text: 'one' }, { text: 'two' }]));
    const stack = createModelStack({ provider: 'ollama', model: 'test-model', host: server.url, paths });
    await stack.model.chat({ messages: [{ role: 'user', content: 'a' }] });
    await stack.model.chat({ messages: [{ role: 'user', content: 'b' }] });

    const stats = await runCli(['llm', 'cache', 'stats'], root);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain(`cache: ${join(root, '.cache', 'llm')}`);
    expect(stats.stdout).toContain('entries: 2');
    expect(stats.stdout).toContain('ollama/test-model: 2');

    const out = join(root, 'shared', 'cache.jsonl');
    const exported = await runCli(['llm', 'cache', 'export', '--out', out], root);
    expect(exported.stdout).toBe(`exported 2 entries to ${out}\n`);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(2);

    const colleague = join(root, 'colleague-cache');
    const imported = await runCli(['llm', 'cache', 'import', out, '--cache-dir', colleague], root);
    expect(imported.stdout).toBe('imported 2 entries (0 already present, 2 in the file)\n');
    const theirStats = await runCli(['llm', 'cache', 'stats', '--cache-dir', colleague, '--json'], root);
    expect(JSON.parse(theirStats.stdout)).toMatchObject({ entries: 2, models: { 'ollama/test-model': 2 }, invalidFiles: [] });
  });

  it('fails with file and line on a damaged export, and exits 2 without a file', async () => {
    const root = await temporaryDirectory();
    const file = join(root, 'damaged.jsonl');
    await writeFile(file, '{"keyHash": "abc"}\n');
    const damaged = await runCli(['llm', 'cache', 'import', file], root);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(`${file}:1`);
    const none = await runCli(['llm', 'cache', 'import'], root);
    expect(none.code).toBe(2);
  });

  it('runs as a real child process of the built command line', async () => {
    const root = await temporaryDirectory();
    const { stdout } = await execFileAsync(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), 'llm', 'cache', 'stats', '--cache-dir', join(root, 'empty')], {
      cwd: root,
      env: { ...process.env, ECG_LLM_WORKSPACE: root },
    });
    expect(stdout).toContain('entries: 0');
    const help = await execFileAsync(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), 'llm', '--help']);
    expect(help.stdout).toContain('models');
    expect(help.stdout).toContain('cache');
  });
});
