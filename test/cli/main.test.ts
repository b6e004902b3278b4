import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rootCommand } from '../../lib/cli/main.js';
import type { Command } from '../../lib/cli/command.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { withRun } from '../../lib/core/run.js';
import { runCli } from '../helpers/run-cli.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const execFileAsync = promisify(execFile);
const temporaryDirectory = useTemporaryDirectory();

function leafPaths(command: Command, prefix: string[] = []): string[][] {
  if (!command.subcommands?.length) return [prefix];
  return command.subcommands.flatMap((sub) => leafPaths(sub, [...prefix, sub.name]));
}

describe('ecg-llm command line', () => {
  it('prints --help for every command and subcommand', async () => {
    for (const path of leafPaths(rootCommand)) {
      const result = await runCli([...path, '--help']);
      expect(result.code, path.join(' ')).toBe(0);
      expect(result.stdout).toContain(`ecg-llm ${path.join(' ')} — `);
      expect(result.stdout).toContain('--help');
    }
  });

  it('exits 2 with a message naming an unknown command or option', async () => {
    const unknownCommand = await runCli(['frobnicate']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/^ecg-llm: error: unknown command "frobnicate"/);
    const unknownOption = await runCli(['runs', '--colour']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/ecg-llm runs: error: Unknown option '--colour'/);
    const badValue = await runCli(['runs', '--limit', '0']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('--limit must be at least 1, got 0');
  });

  it('exits 2 without a command and shows the command list', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Commands:');
  });

  it('lists recorded runs of a workspace', async () => {
    const root = await temporaryDirectory();
    expect((await runCli(['runs'], root)).stdout).toBe('no runs recorded yet\n');
    const { run } = await withRun({ stage: 'unit-test', config: {}, paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }) }, async () => 1);
    const listed = await runCli(['runs'], root);
    expect(listed.stdout).toContain(`| ${run.id} | unit-test | succeeded |`);
    expect((await runCli(['runs', '--stage', 'unit-test'], root)).stdout).toContain(run.id);
    expect((await runCli(['runs', '--stage', 'corpus'], root)).stdout).toBe('no runs of stage "corpus"; recorded stages: unit-test\n');
  });

  it('runs as a real executable and exits non-zero on bad input', async () => {
    const ok = await execFileAsync(process.execPath, ['bin/ecg-llm.js', '--version'], { cwd: repositoryRoot });
    expect(ok.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const failure = await execFileAsync(process.execPath, ['bin/ecg-llm.js', 'notebooks', 'run', '--cell-timeout', 'soon'], { cwd: repositoryRoot }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failure as { code: number }).code).toBe(2);
    expect((failure as { stderr: string }).stderr).toBe('ecg-llm notebooks run: error: --cell-timeout must be an integer, got "soon"\n');
  });
});
