import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { withRun } from '../../lib/core/run.js';
import { listRuns } from '../../lib/workspace/list-runs.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

describe('listRuns', () => {
  it('lists runs newest first, tells a SIGKILLed run from a live one, and keeps unreadable folders visible', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    await withRun({ stage: 'first', config: {}, paths }, async () => undefined);
    // A child process starts a run and is killed with SIGKILL before it can record anything more.
    const script = `
      import { Run } from ${JSON.stringify(join(repositoryRoot, 'dist/core/run.js'))};
      import { resolveWorkspacePaths } from ${JSON.stringify(join(repositoryRoot, 'dist/core/paths.js'))};
      await Run.start({ stage: 'killed-stage', config: {}, paths: resolveWorkspacePaths({ root: ${JSON.stringify(root)}, packageRoot: ${JSON.stringify(repositoryRoot)} }) });
      process.stdout.write('started\\n');
      setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect((await listRuns({ paths, stage: 'killed-stage' }))[0]?.status).toBe('running');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await mkdir(join(paths.runs, 'broken-run'));
    await writeFile(join(paths.runs, 'broken-run', 'manifest.json'), '{ not json');

    const runs = await listRuns({ paths });
    expect(runs.map((run) => [run.stage, run.status])).toEqual([
      ['killed-stage', 'killed'],
      ['first', 'succeeded'],
      ['?', 'unreadable'],
    ]);
  });
});
