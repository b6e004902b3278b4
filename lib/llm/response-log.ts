/**
 * The response cache's store: one append-only log file per cache folder, `responses.log`, indexed in memory by
 * key hash (a log-structured store in the manner of Bitcask: Sheehy & Smith, "Bitcask — A Log-Structured Hash
 * Table for Fast Key/Value Data", Basho, 2010). Chosen on measurements (`npm run bench`, README "Performance"):
 * on the 2-core reference machine an SQLite table in WAL mode commits about 11,000–15,000 single-row
 * transactions per second whatever its settings, because each commit writes two 4 KiB pages and updates the WAL
 * index; one append is one `write(2)` of the entry's own bytes.
 *
 * Format: UTF-8 text. The first line is the header {@link LOG_HEADER}. Each entry is one line of four
 * tab-separated fields — key hash (64 hex), creation time (ISO 8601), the key's canonical JSON, the reply's JSON —
 * and is written as `"\n" + line + "\n"` in ONE `write(2)` on a file opened with `O_APPEND`. JSON text as written
 * here never holds a raw tab or newline (both are escaped inside strings), so the fields and lines are unambiguous.
 *
 * What it promises:
 * - Several processes append at once: `O_APPEND` places each write at the end of the file atomically, and Linux
 *   serialises writes to one file, so entries never interleave.
 * - A process killed (SIGKILL) while writing leaves at most that one entry torn (a kill can cut a large write
 *   short). The leading newline of every entry starts the next entry on a line of its own, so a torn entry never
 *   damages another: it is a damaged line, skipped and reported by line number.
 * - A line without its final newline is still being written by another process (or was torn at the very end); it
 *   is not read until it is complete.
 * - Readers see other processes' entries: a lookup that misses reads whatever was appended since it last looked.
 * - No `fsync`: an operating-system crash or power loss can lose the last entries or tear the last line (as SQLite's
 *   `synchronous = NORMAL`), never damage earlier lines.
 * - An entry written again for the same key (refresh mode) is appended; the last complete line of a key wins.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WorkspaceError } from '../core/errors.js';

/** File name of the log inside the cache folder. */
export const RESPONSE_LOG_FILE = 'responses.log';

/** The first line of every log: the format's name and version. */
export const LOG_HEADER = 'ecg-llm response cache\tv1';

const NEWLINE = 0x0a;
const TAB = 0x09;
const HASH_LENGTH = 64;
const HEX_HASH = /^[0-9a-f]{64}$/;
/** Bytes read at a time when indexing. */
const SCAN_CHUNK = 4 * 1024 * 1024;
/** The most bytes handed to one `write(2)` when appending many entries (whole lines only). */
const APPEND_CHUNK = 16 * 1024 * 1024;

/** One raw entry line, split into its fields (the JSON is not parsed here). */
export interface LogRecord {
  keyHash: string;
  createdAt: string;
  keyText: string;
  responseText: string;
  /** 1-based line number in the log. */
  line: number;
}

/** The fields of a new entry. */
export interface LogEntryFields {
  keyHash: string;
  createdAt: string;
  keyText: string;
  responseText: string;
}

interface Location {
  offset: number;
  length: number;
  line: number;
}

/** A line that is not an entry (torn by a kill, or altered), by its 1-based line number. */
export interface DamagedLine {
  line: number;
  reason: string;
}

/** The log of one cache folder, shared by every {@link ResponseCache} of this process on that folder. */
export class ResponseLog {
  readonly path: string;
  private fd: number | undefined;
  private readonly index = new Map<string, Location>();
  /** Bytes indexed so far (always at the end of a complete line). */
  private scanned = 0;
  /** Lines seen so far (the line number of the last complete line). */
  private lines = 0;
  private readonly damaged: DamagedLine[] = [];
  private headerChecked = false;

  constructor(directory: string) {
    this.path = join(resolve(directory), RESPONSE_LOG_FILE);
  }

  /** Opens the log for reading and appending, creating it (empty) when `create` is set; false when absent. */
  private open(create: boolean): boolean {
    if (this.fd !== undefined) return true;
    if (!create && !existsSync(this.path)) return false;
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, 'a+'); // O_APPEND: every write lands at the end, whoever else appends
    return true;
  }

  /** True when the log file exists (it is then open). */
  exists(): boolean {
    return this.open(false);
  }

  /** Indexes what other processes (or this one) appended since the last look. */
  private catchUp(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    const size = fstatSync(fd).size;
    let buffer: Buffer | undefined;
    while (this.scanned < size) {
      const available = size - this.scanned;
      if (!buffer) buffer = Buffer.allocUnsafe(Math.min(SCAN_CHUNK, available));
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, available), this.scanned);
      if (read <= 0) break;
      const view = buffer.subarray(0, read);
      let start = 0;
      for (let end = view.indexOf(NEWLINE); end >= 0; end = view.indexOf(NEWLINE, start)) {
        this.lines += 1;
        this.indexLine(view, start, end, this.scanned + start);
        start = end + 1;
      }
      if (start === 0) {
        if (this.scanned + read >= size) break; // an unfinished last line: read once it is complete
        buffer = Buffer.allocUnsafe(buffer.length * 2); // one line longer than the buffer (a reply of megabytes)
        continue;
      }
      this.scanned += start;
    }
  }

  /** Records one complete line (`view[start, end)`, found at file offset `offset`). */
  private indexLine(view: Buffer, start: number, end: number, offset: number): void {
    const length = end - start;
    if (length === 0) return; // the empty line before each entry
    if (view[start + HASH_LENGTH] !== TAB || length < HASH_LENGTH + 2) {
      if (view.toString('utf8', start, end) !== LOG_HEADER) this.damaged.push({ line: this.lines, reason: 'not an entry line (torn or altered)' });
      return;
    }
    const keyHash = view.toString('latin1', start, start + HASH_LENGTH);
    if (!HEX_HASH.test(keyHash)) {
      this.damaged.push({ line: this.lines, reason: 'the key hash is not 64 hexadecimal digits' });
      return;
    }
    this.index.set(keyHash, { offset, length, line: this.lines });
  }

  /** The raw fields of the entry of a key hash, or undefined (absent; a malformed line counts as absent). */
  read(keyHash: string): LogRecord | undefined {
    if (!this.exists()) return undefined;
    let location = this.index.get(keyHash);
    if (location === undefined) {
      this.catchUp();
      location = this.index.get(keyHash);
      if (location === undefined) return undefined;
    }
    return this.readAt(location);
  }

  /** Only the reply's JSON text of a key hash (what a cache hit needs), or undefined. */
  readResponseText(keyHash: string): string | undefined {
    return this.read(keyHash)?.responseText;
  }

  private readAt(location: Location): LogRecord | undefined {
    const buffer = Buffer.allocUnsafe(location.length);
    const read = readSync(this.fd as number, buffer, 0, location.length, location.offset);
    if (read !== location.length) return undefined;
    return splitLine(buffer, location.line);
  }

  /** Appends one entry (one `write(2)`), and indexes it. */
  append(entry: LogEntryFields): void {
    this.appendMany([entry]);
  }

  /**
   * Appends entries, whole lines per `write(2)` (at most {@link APPEND_CHUNK} bytes each). One entry whose write
   * landed right after what was indexed is indexed at once (no read-back); otherwise the entries are indexed on
   * the next lookup that misses, together with whatever other processes appended.
   */
  appendMany(entries: LogEntryFields[]): void {
    if (entries.length === 0) return;
    this.open(true);
    const fd = this.fd as number;
    if (!this.headerChecked) {
      // The first writer of an empty file writes the header; one that races it writes a second header line,
      // which readers skip like the first.
      if (fstatSync(fd).size === 0) writeWhole(fd, Buffer.from(`${LOG_HEADER}\n`, 'utf8'), this.path);
      this.headerChecked = true;
    }
    if (entries.length === 1) {
      const entry = entries[0] as LogEntryFields;
      const bytes = Buffer.from(`\n${entry.keyHash}\t${entry.createdAt}\t${entry.keyText}\t${entry.responseText}\n`, 'utf8');
      writeWhole(fd, bytes, this.path);
      if (fstatSync(fd).size === this.scanned + bytes.length) {
        // Nothing else was appended since the last look: the entry is the file's last line.
        this.lines += 2;
        this.index.set(entry.keyHash, { offset: this.scanned + 1, length: bytes.length - 2, line: this.lines });
        this.scanned += bytes.length;
      } else this.index.delete(entry.keyHash);
      return;
    }
    let pending = '';
    for (const entry of entries) {
      const text = `\n${entry.keyHash}\t${entry.createdAt}\t${entry.keyText}\t${entry.responseText}\n`;
      if (pending.length > 0 && pending.length + text.length > APPEND_CHUNK) {
        writeWhole(fd, Buffer.from(pending, 'utf8'), this.path);
        pending = '';
      }
      pending += text;
    }
    writeWhole(fd, Buffer.from(pending, 'utf8'), this.path);
    // A key written again must not be answered from its old line: forget it, so the next lookup reads the log.
    for (const entry of entries) this.index.delete(entry.keyHash);
  }

  /** Every current entry (the last line of each key), sorted by key hash, and the damaged lines. */
  all(): { records: LogRecord[]; damaged: DamagedLine[] } {
    if (!this.exists()) return { records: [], damaged: [] };
    this.catchUp();
    const hashes = [...this.index.keys()].sort();
    const records: LogRecord[] = [];
    const damaged = [...this.damaged];
    for (const hash of hashes) {
      const location = this.index.get(hash) as Location;
      const record = this.readAt(location);
      if (record) records.push(record);
      else damaged.push({ line: location.line, reason: 'not an entry line (torn or altered)' });
    }
    damaged.sort((a, b) => a.line - b.line);
    return { records, damaged };
  }

  /** True when an entry for the key hash is in the log. */
  has(keyHash: string): boolean {
    if (this.index.has(keyHash)) return true;
    if (!this.exists()) return false;
    this.catchUp();
    return this.index.has(keyHash);
  }

  /** Size of the log file in bytes (0 when absent). */
  size(): number {
    return this.exists() ? fstatSync(this.fd as number).size : 0;
  }

  /** Closes the file; the next use reopens and re-indexes it. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.index.clear();
    this.damaged.length = 0;
    this.scanned = 0;
    this.lines = 0;
    this.headerChecked = false;
  }
}

/** Splits an entry line into its four fields; undefined when it does not have them. */
function splitLine(buffer: Buffer, line: number): LogRecord | undefined {
  const text = buffer.toString('utf8');
  const first = text.indexOf('\t');
  const second = first < 0 ? -1 : text.indexOf('\t', first + 1);
  const third = second < 0 ? -1 : text.indexOf('\t', second + 1);
  if (first !== HASH_LENGTH || third < 0 || text.indexOf('\t', third + 1) >= 0) return undefined;
  return { keyHash: text.slice(0, first), createdAt: text.slice(first + 1, second), keyText: text.slice(second + 1, third), responseText: text.slice(third + 1), line };
}

/** One `write(2)` of the whole buffer; a short write (disk full, or a kill) is an error after the line is closed. */
function writeWhole(fd: number, buffer: Buffer, path: string): void {
  const written = writeSync(fd, buffer);
  if (written === buffer.length) return;
  try {
    writeSync(fd, '\n'); // end the torn line so the next entry starts on a line of its own
  } catch {
    // the next entry's leading newline does it
  }
  throw new WorkspaceError('STORAGE', `could not append to the response cache log ${path}: wrote ${written} of ${buffer.length} bytes (is the disk full?)`, { file: path });
}

const logs = new Map<string, ResponseLog>();

/** The shared log of a cache folder in this process. */
export function responseLogFor(directory: string): ResponseLog {
  const path = join(resolve(directory), RESPONSE_LOG_FILE);
  let log = logs.get(path);
  if (!log) {
    log = new ResponseLog(directory);
    logs.set(path, log);
  }
  return log;
}

/** Closes the shared log of a cache folder, if open (it reopens, and re-reads the file, on its next use). */
export function closeResponseLog(directory: string): void {
  logs.get(join(resolve(directory), RESPONSE_LOG_FILE))?.close();
}
