import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalWriter, readJournal, writeFileAtomic, writeJsonlAtomic } from '../../lib/core/atomic-file.js';
import { InputFileError, WorkspaceError } from '../../lib/core/errors.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

describe('writeFileAtomic', () => {
  it('writes the content and leaves no temporary file', async () => {
    const directory = await temporaryDirectory();
    const target = join(directory, 'nested', 'out.json');
    await writeFileAtomic(target, '{"a":1}\n');
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n');
    expect(await readdir(join(directory, 'nested'))).toEqual(['out.json']);
  });

  it('keeps the previous complete content when the writer is killed mid-write', async () => {
    const directory = await temporaryDirectory();
    const target = join(directory, 'result.txt');
    await writeFile(target, 'previous complete content\n');
    // A child process starts writing 400 MB atomically and is killed with SIGKILL while writing.
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(join(repositoryRoot, 'dist/core/atomic-file.js'))};
      process.stdout.write('start\\n');
      await writeFileAtomic(${JSON.stringify(target)}, Buffer.alloc(400 * 1024 * 1024, 120));
      process.stdout.write('finished\\n');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 150));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await readFile(target, 'utf8')).toBe('previous complete content\n');
  });

  it('removes the temporary file a killed writer left behind at the next write, and only that one', async () => {
    const directory = await temporaryDirectory();
    const target = join(directory, 'result.txt');
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(join(repositoryRoot, 'dist/core/atomic-file.js'))};
      await writeFileAtomic(${JSON.stringify(target)}, Buffer.alloc(400 * 1024 * 1024, 120));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    // Kill the writer once its temporary file exists, i.e. in the middle of the write.
    const temporaries = async (): Promise<string[]> => (await readdir(directory)).filter((name) => name.endsWith('.tmp'));
    const deadline = Date.now() + 20_000;
    while ((await temporaries()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const abandoned = await temporaries();
    expect(abandoned).toHaveLength(1);
    expect(abandoned[0]).toMatch(new RegExp(`^\\.result\\.txt\\..+\\.${child.pid}\\.[0-9a-f]{12}\\.tmp$`));
    // A temporary file of a process that still runs (this one) is another writer's work in progress: kept.
    const live = abandoned[0]!.replace(`.${child.pid}.`, `.${process.pid}.`);
    await writeFile(join(directory, live), 'in progress');
    await writeFileAtomic(target, 'complete\n');
    expect((await readdir(directory)).sort()).toEqual([live, 'result.txt'].sort());
    expect(await readFile(target, 'utf8')).toBe('complete\n');
  }, 30_000);
});

describe('JournalWriter', () => {
  it('publishes complete lines atomically and resumes after a torn last line', async () => {
    const directory = await temporaryDirectory();
    const target = join(directory, 'items.jsonl');
    const first = await JournalWriter.open(target);
    first.append({ id: 1 }, { id: 2 });
    first.close();
    // Simulate a crash in the middle of writing the third line.
    await writeFile(`${target}.partial`, `${await readFile(`${target}.partial`, 'utf8')}{"id":3,"te`);
    expect(await readJournal(target)).toEqual([{ id: 1 }, { id: 2 }]);
    await expect(readFile(target, 'utf8')).rejects.toThrow(/ENOENT/);

    const resumed = await JournalWriter.open(target, { resume: true });
    resumed.append({ id: 3 });
    await resumed.publish();
    expect(await readFile(target, 'utf8')).toBe('{"id":1}\n{"id":2}\n{"id":3}\n');
    expect((await readdir(directory)).sort()).toEqual(['items.jsonl']);
  });

  it('refuses to append to a closed journal with a typed error naming it', async () => {
    const directory = await temporaryDirectory();
    const journal = await JournalWriter.open(join(directory, 'items.jsonl'));
    journal.close();
    let thrown: unknown;
    try {
      journal.append({ id: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WorkspaceError);
    expect((thrown as WorkspaceError).code).toBe('JOURNAL_CLOSED');
    expect((thrown as WorkspaceError).details).toEqual({ file: join(directory, 'items.jsonl.partial') });
  });

  it('reports a corrupt line that is not the last one with file and line', async () => {
    const directory = await temporaryDirectory();
    const target = join(directory, 'items.jsonl');
    await writeFile(`${target}.partial`, '{"id":1}\nnot json\n{"id":3}\n');
    await expect(readJournal(target)).rejects.toThrow(InputFileError);
    await expect(readJournal(target)).rejects.toThrow(/items\.jsonl\.partial:2/);
  });

  it('writeJsonlAtomic writes one JSON object per line', async () => {
    const directory = await temporaryDirectory();
    const target = join(directory, 'a.jsonl');
    await writeJsonlAtomic(target, [{ a: 1 }, { b: 'x' }]);
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n{"b":"x"}\n');
  });
});
