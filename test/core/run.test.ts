import { spawn } from 'node:child_process';
import { readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/core/canonical-json.js';
import { InputFileError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { Run, withRun } from '../../lib/core/run.js';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

async function readManifest(runDirectory: string) {
  return runManifestSchema.parse(JSON.parse(await readFile(join(runDirectory, 'manifest.json'), 'utf8')));
}

describe('withRun', () => {
  it('writes a complete manifest with provenance, inputs, models, outputs and records', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const input = join(root, 'input.txt');
    await writeFile(input, 'abc');
    const { run, value } = await withRun(
      { stage: 'unit-test', config: { chunkSize: 1024, apiKey: 'sk-ant-abcdefghijklmnop' }, seed: 7, paths },
      async (current) => {
        await current.addInput('text', input);
        await current.addModel({ role: 'generator', provider: 'ollama', id: 'llama3.1:8b', digest: 'sha256:1234', parameters: { temperature: 0.1 } });
        const records = await current.openRecords('items');
        records.append({ item: 1 }, { item: 2 });
        await records.publish();
        await current.addOutput('items', current.file('items.jsonl'), 2);
        current.count({ items: 2 });
        return 42;
      },
    );
    expect(value).toBe(42);
    const manifest = await readManifest(run.dir);
    expect(manifest.status).toBe('succeeded');
    expect(manifest.stage).toBe('unit-test');
    expect(manifest.seed).toBe(7);
    expect(manifest.environment.node).toBe(process.version);
    expect(manifest.environment.dependencies.zod).toMatch(/^4\./);
    // The API key is redacted before anything is written; the hash covers the redacted config.
    expect(manifest.config).toEqual({ chunkSize: 1024, apiKey: '[redacted]' });
    expect(JSON.stringify(manifest)).not.toContain('sk-ant-abcdefghijklmnop');
    // sha256("abc") from FIPS 180-2 Appendix B.1.
    expect(manifest.inputs).toEqual([
      { name: 'text', path: 'input.txt', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', bytes: 3 },
    ]);
    expect(manifest.models[0]).toMatchObject({ provider: 'ollama', id: 'llama3.1:8b', digest: 'sha256:1234' });
    const itemsText = '{"item":1}\n{"item":2}\n';
    expect(await readFile(run.file('items.jsonl'), 'utf8')).toBe(itemsText);
    expect(manifest.outputs[0]).toMatchObject({ name: 'items', sha256: sha256Hex(itemsText), records: 2 });
    expect(manifest.counts).toEqual({ items: 2 });
    expect(manifest.timings.durationMs).toBeGreaterThanOrEqual(0);
    expect(manifest.git.commit === null || /^[0-9a-f]{40}$/.test(manifest.git.commit)).toBe(true);
  });

  it('records a failure with the typed error and re-throws it; unpublished records stay partial', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    let runDirectory = '';
    await expect(
      withRun({ stage: 'unit-test', config: {}, paths }, async (current) => {
        runDirectory = current.dir;
        const records = await current.openRecords('items');
        records.append({ item: 1 });
        throw new InputFileError({ file: 'corpus/a.md', line: 3 }, 'broken heading');
      }),
    ).rejects.toThrow(/corpus\/a\.md:3: broken heading/);
    const manifest = await readManifest(runDirectory);
    expect(manifest.status).toBe('failed');
    expect(manifest.error).toMatchObject({ name: 'InputFileError', code: 'INPUT_FILE', details: { file: 'corpus/a.md', line: 3 } });
    expect((await readdir(runDirectory)).sort()).toEqual(['items.jsonl.partial', 'manifest.json']);
  });

  it('under the command line (setExitOnSignal), marks a run interrupted by SIGTERM and exits with 128 + 15', async () => {
    const root = await temporaryDirectory();
    // A child process runs work that never ends; it prints the run folder once the run has started.
    const script = `
      import { resolveWorkspacePaths } from ${JSON.stringify(join(repositoryRoot, 'dist/core/paths.js'))};
      import { setExitOnSignal, withRun } from ${JSON.stringify(join(repositoryRoot, 'dist/core/run.js'))};
      setExitOnSignal(true);
      const paths = resolveWorkspacePaths({ root: ${JSON.stringify(root)}, packageRoot: ${JSON.stringify(repositoryRoot)} });
      await withRun({ stage: 'unit-test', config: {}, paths }, async (run) => {
        process.stdout.write(run.dir + '\\n');
        await new Promise(() => setInterval(() => undefined, 1000));
      });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const runDirectory = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    // 143 = 128 + 15, the shell's status for a process ended by SIGTERM (POSIX: 128 + signal number).
    expect(await exited).toBe(143);
    const manifest = await readManifest(runDirectory);
    expect(manifest.status).toBe('interrupted');
    expect(manifest.error).toEqual({ name: 'InterruptedError', code: 'INTERRUPTED', message: 'interrupted by SIGTERM', details: { signal: 'SIGTERM', runId: manifest.runId } });
    expect(manifest.timings.finishedAt).toBeDefined();
  }, 30_000);

  it('elsewhere (a notebook kernel, a script), SIGINT aborts the run and rejects with InterruptedError; the process lives on', async () => {
    const root = await temporaryDirectory();
    // The child handles SIGINT the way tslab does (its own listener), so a SIGINT never ends it by default.
    const script = `
      import { resolveWorkspacePaths } from ${JSON.stringify(join(repositoryRoot, 'dist/core/paths.js'))};
      import { withRun } from ${JSON.stringify(join(repositoryRoot, 'dist/core/run.js'))};
      process.on('SIGINT', () => undefined);
      const keepAlive = setInterval(() => undefined, 1000); // a kernel's sockets keep it running; here a timer does
      const paths = resolveWorkspacePaths({ root: ${JSON.stringify(root)}, packageRoot: ${JSON.stringify(repositoryRoot)} });
      let stoppedWork = false;
      const outcome = await withRun({ stage: 'unit-test', config: {}, paths }, async (run) => {
        process.stdout.write(run.dir + '\\n');
        await new Promise((resolve) => run.signal.addEventListener('abort', resolve));
        stoppedWork = true;
        await new Promise(() => undefined);
      }).catch((error) => error);
      process.stdout.write(JSON.stringify({ name: outcome.name, code: outcome.code, stoppedWork }) + '\\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.stdout.write('still alive\\n');
      clearInterval(keepAlive);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    const runDirectory = await new Promise<string>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('\n')) resolve(output.split('\n')[0]!.trim());
      }),
    );
    child.kill('SIGINT');
    expect(await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))).toBe(0);
    expect(output.trim().split('\n').slice(1)).toEqual([JSON.stringify({ name: 'InterruptedError', code: 'INTERRUPTED', stoppedWork: true }), 'still alive']);
    const manifest = await readManifest(runDirectory);
    expect(manifest.status).toBe('interrupted');
    expect(manifest.error).toMatchObject({ name: 'InterruptedError', code: 'INTERRUPTED', details: { signal: 'SIGINT' } });
  }, 30_000);

  it('hashes folders by content so a changed file changes the input hash', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    await mkdir(join(root, 'corpus'));
    await writeFile(join(root, 'corpus', 'a.md'), '# A');
    const first = await Run.start({ stage: 'unit-test', config: {}, paths });
    await first.addInput('corpus', join(root, 'corpus'));
    await writeFile(join(root, 'corpus', 'a.md'), '# B');
    const second = await Run.start({ stage: 'unit-test', config: {}, paths });
    await second.addInput('corpus', join(root, 'corpus'));
    expect(first.current.inputs[0]?.files).toBe(1);
    expect(first.current.inputs[0]?.sha256).not.toBe(second.current.inputs[0]?.sha256);
    expect(first.id).not.toBe(second.id);
  });
});
