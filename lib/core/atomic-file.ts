/**
 * Files that are either completely written or not there at all. Data is written to a temporary file in the
 * same directory, flushed to disk, and renamed over the target (rename is atomic on POSIX file systems), so a
 * run killed at any moment never leaves a half-written result file behind. A process killed with SIGKILL
 * during a write cannot remove its hidden temporary file; the next write of the same file does.
 *
 * For long runs, {@link JournalWriter} appends one JSON line per finished item to `<file>.partial` (so work is
 * never lost and a restarted run can resume), and `publish()` turns it into the final file atomically.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { InputFileError, WorkspaceError } from './errors.js';
import { isProcessAlive } from './process-alive.js';

async function fsyncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems do not allow fsync on directories; the rename is still atomic there.
  }
}

/**
 * Removes the temporary files that earlier writers of `name` in `directory` left behind when they were killed
 * (SIGKILL, power loss) between creating the temporary file and renaming it. Only files of this host whose
 * process no longer runs are removed, so concurrent writers (other processes, other hosts on a shared file
 * system) are never disturbed.
 */
async function removeAbandonedTemporaries(directory: string, name: string, host: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch {
    return;
  }
  const prefix = `.${name}.${host}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(entry.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && !isProcessAlive(pid)) await rm(join(directory, entry), { force: true });
  }
}

/**
 * Writes `data` to `path` atomically (temporary file + fsync + rename). Creates the parent directory. The
 * temporary file is `.<name>.<host>.<pid>.<random>.tmp` beside the target; one that a killed writer left behind is
 * removed by the next write of the same target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const host = hostname().replace(/[^A-Za-z0-9_-]/g, '_');
  await removeAbandonedTemporaries(directory, basename(path), host);
  const temporary = join(directory, `.${basename(path)}.${host}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDirectory(directory);
}

/** Writes a value as pretty JSON (2-space indent, trailing newline) atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Serialises records as JSON Lines (one compact JSON object per line, each ending in a newline). */
export function toJsonLines(records: Iterable<unknown>): string {
  let text = '';
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

/** Writes records as a JSON Lines file atomically. */
export async function writeJsonlAtomic(path: string, records: Iterable<unknown>): Promise<void> {
  await writeFileAtomic(path, toJsonLines(records));
}

/** True when a file or directory exists. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * An append-only journal of JSON lines at `<target>.partial`. Each `append` writes whole lines with one
 * `write` call and (by default) fsyncs, so a crash loses at most the line being written; a torn last line
 * is detected and dropped by {@link readJournal}. `publish()` renames the journal to the target atomically.
 */
export class JournalWriter {
  readonly target: string;
  readonly journalPath: string;
  private descriptor: number | undefined;
  private readonly durable: boolean;

  private constructor(target: string, descriptor: number, durable: boolean) {
    this.target = target;
    this.journalPath = `${target}.partial`;
    this.descriptor = descriptor;
    this.durable = durable;
  }

  /**
   * Opens (creating if needed) the journal for `target`. With `resume: false` an existing journal is
   * discarded; with `resume: true` new lines are appended after its complete lines (a torn tail is cut off).
   */
  static async open(target: string, options: { resume?: boolean; durable?: boolean } = {}): Promise<JournalWriter> {
    await mkdir(dirname(target), { recursive: true });
    const journalPath = `${target}.partial`;
    if (options.resume) {
      const { text, tornBytes } = await readJournalText(journalPath);
      if (tornBytes > 0) await writeFileAtomic(journalPath, text);
    } else {
      await rm(journalPath, { force: true });
    }
    const descriptor = openSync(journalPath, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
    return new JournalWriter(target, descriptor, options.durable ?? true);
  }

  /** Appends records as complete lines. */
  append(...records: unknown[]): void {
    if (this.descriptor === undefined) {
      throw new WorkspaceError('JOURNAL_CLOSED', `${this.journalPath}: the journal is closed; no records can be appended`, { file: this.journalPath });
    }
    if (records.length === 0) return;
    writeSync(this.descriptor, toJsonLines(records));
    if (this.durable) fsyncSync(this.descriptor);
  }

  /** Closes the journal without publishing it (the `.partial` file stays for a later resume). */
  close(): void {
    if (this.descriptor !== undefined) {
      closeSync(this.descriptor);
      this.descriptor = undefined;
    }
  }

  /** Closes the journal and atomically renames it to the target file. */
  async publish(): Promise<void> {
    if (this.descriptor !== undefined) fsyncSync(this.descriptor);
    this.close();
    await rename(this.journalPath, this.target);
    await fsyncDirectory(dirname(this.target));
  }
}

async function readJournalText(path: string): Promise<{ text: string; tornBytes: number }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { text: '', tornBytes: 0 };
  }
  const lastNewline = text.lastIndexOf('\n');
  const complete = text.slice(0, lastNewline + 1);
  return { text: complete, tornBytes: Buffer.byteLength(text) - Buffer.byteLength(complete) };
}

/**
 * Reads the complete lines of a journal (`<target>.partial`), parsing each as JSON. A torn last line (a crash
 * in the middle of a write) is ignored; a corrupt line elsewhere is an {@link InputFileError}.
 */
export async function readJournal(target: string): Promise<unknown[]> {
  const path = `${target}.partial`;
  const { text } = await readJournalText(path);
  const records: unknown[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch (error) {
      throw new InputFileError({ file: path, line: index + 1 }, `not valid JSON: ${(error as Error).message}`);
    }
  }
  return records;
}
