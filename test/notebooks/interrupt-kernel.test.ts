import { spawn } from 'node:child_process';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { findJupyterPython, installTslabKernel } from '../../lib/notebooks/run-notebooks.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startOllamaServer, useTestServers } from '../servers/index.js';
import { cooperativeReply } from '../synth/synthesis-script.js';

const temporaryDirectory = useTemporaryDirectory();
const track = useTestServers();

interface CellOutcome {
  status: string;
  text: string;
}

describe('interrupting a notebook cell (real tslab kernel, interrupted through Jupyter)', () => {
  it('stops the running stage, records the run as interrupted and leaves the kernel alive', async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, 'notebooks'));
    await symlink(join(repositoryRoot, 'dist'), join(root, 'dist'));
    // Every generation takes 0.7 s, so the 16 requests of an 8-unit synthesis run take over 10 s: long enough to
    // interrupt it mid-way, and any generation after the interrupt would show in the journal.
    const server = await track(startOllamaServer((request) => ({ ...cooperativeReply(request), delayMs: 700 }), { models: [{ name: 'llama3.1:8b' }] }));
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const python = await findJupyterPython();
    const environment = {
      ...(await installTslabKernel(paths, python)),
      ECG_LLM_WORKSPACE: root,
      OLLAMA_HOST: server.url,
      ECG_LLM_SYNTHESIS_MODEL: 'llama3.1:8b',
      ECG_LLM_PROGRESS: 'off',
    };
    const journalCount = `
      import { readdirSync, readFileSync } from 'node:fs';
      const runs = ${JSON.stringify(paths.runs)};
      const folder = readdirSync(runs).filter((name) => name.startsWith('synthesis-'))[0];
      const manifest = JSON.parse(readFileSync(runs + '/' + folder + '/manifest.json', 'utf8'));
      const journal = readdirSync(runs + '/' + folder).filter((name) => name.startsWith('unit-results.jsonl'))[0];
      const units = readFileSync(runs + '/' + folder + '/' + journal, 'utf8').split('\\n').filter((line) => line.trim()).length;
      console.log(JSON.stringify({ status: manifest.status, error: manifest.error, units }));`;
    const cells = [
      "import { loadSynthesisNotebookData } from '../dist/index.js';\nconst data = await loadSynthesisNotebookData({ limitUnits: 8, seed: 42 });",
      journalCount,
      journalCount,
    ];
    const child = spawn(python, [join(repositoryRoot, 'test', 'notebooks', 'interrupt-kernel.py'), join(root, 'notebooks'), paths.runs, ...cells], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      unitsAtInterrupt: number;
      first: CellOutcome;
      second: CellOutcome;
      third: CellOutcome;
      alive: boolean;
    };
    // The interrupted cell ends with an error (tslab reports the interrupt), not with the kernel's death.
    expect(result.first.status).toBe('error');
    expect(result.first.text).toMatch(/Interrupted/);
    // The next cells run in the same kernel and read the run's manifest: interrupted by SIGINT.
    expect(result.second.status).toBe('ok');
    const afterInterrupt = JSON.parse(result.second.text.trim()) as { status: string; error: { code: string; details: { signal: string } }; units: number };
    expect(afterInterrupt.status).toBe('interrupted');
    expect(afterInterrupt.error).toMatchObject({ name: 'InterruptedError', code: 'INTERRUPTED', details: { signal: 'SIGINT' } });
    // The work stopped: 4 s later (about 6 more generations had it gone on) the journal has not grown, and far
    // fewer than the 16 planned units were generated.
    const later = JSON.parse(result.third.text.trim()) as { units: number };
    expect(later.units).toBe(afterInterrupt.units);
    expect(afterInterrupt.units).toBeLessThan(16);
    expect(server.generations.length).toBeLessThanOrEqual(afterInterrupt.units + 1);
    expect(result.alive).toBe(true);
    // No synthesis outputs were published by the interrupted run.
    const published = await readdir(join(root, 'results', 'synthesis', 'demo')).catch(() => [] as string[]);
    expect(published).not.toContain('qa.jsonl');
  }, 400_000);
});
