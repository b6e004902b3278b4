/**
 * The tar format as the remote finetuning backends need it: the Docker Engine API sends and receives a
 * container's files as a tar archive (`GET`/`PUT /containers/{id}/archive`), and a Kubernetes helper pod sends
 * the output folder as `tar -c` over an exec stream.
 *
 * - {@link extractTar} reads POSIX ustar archives with the pax (`x`, `g`) and GNU long-name (`L`, `K`)
 *   extensions that Docker (Go's archive/tar) and GNU tar write, streaming file contents to disk so an adapter
 *   of several GiB never sits in memory. Regular files and folders are extracted; links, devices and FIFOs are
 *   skipped; a path that is absolute or climbs out of the destination (`..`) is refused.
 * - {@link createTar} writes a ustar archive of a local folder (regular files and folders only).
 *
 * Format: POSIX.1-2001 / IEEE Std 1003.1 "pax" interchange format (512-byte blocks; header fields name[0,100),
 * mode[100,108), size[124,136), chksum[148,156), typeflag[156], magic "ustar\0" at 257, prefix[345,500)).
 *
 * @example
 * const files = await extractTar(response.body, '/tmp/out', { stripComponents: 1 });
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputFileError } from '../../core/errors.js';

const BLOCK = 512;

/** Reads `length` bytes at a time from an async byte source. */
class ByteReader {
  private buffered: Buffer[] = [];
  private size = 0;
  private done = false;
  private readonly iterator: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(minimum: number): Promise<boolean> {
    while (this.size < minimum && !this.done) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else if (next.value.length > 0) {
        const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        this.buffered.push(chunk);
        this.size += chunk.length;
      }
    }
    return this.size >= minimum;
  }

  private take(length: number): Buffer {
    const whole = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered, this.size);
    const result = whole.subarray(0, length);
    const rest = whole.subarray(length);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    return result;
  }

  /** Exactly `length` bytes, or `undefined` at the end of the source. */
  async read(length: number): Promise<Buffer | undefined> {
    if (!(await this.fill(length))) return undefined;
    return Buffer.from(this.take(length));
  }

  /** Up to `length` bytes (at least one unless the source ended). */
  async readSome(length: number): Promise<Buffer | undefined> {
    if (!(await this.fill(1))) return undefined;
    return Buffer.from(this.take(Math.min(length, this.size)));
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

function readString(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** An octal number field, or GNU's base-256 encoding (high bit of the first byte set) for large sizes. */
function readNumber(header: Buffer, start: number, length: number): number {
  const field = header.subarray(start, start + length);
  if ((field[0]! & 0x80) !== 0) {
    let value = field[0]! & 0x7f;
    for (let index = 1; index < field.length; index += 1) value = value * 256 + field[index]!;
    return value;
  }
  const text = readString(header, start, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function checksumOf(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1) sum += index >= 148 && index < 156 ? 32 : header[index]!;
  return sum;
}

/** Parses pax extended header records `"<length> <key>=<value>\n"`. */
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(data.subarray(offset, space).toString('ascii'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

export interface ExtractTarOptions {
  /** Leading path components to drop (Docker's archive of `/output` names its entries `output/...`: strip 1). */
  stripComponents?: number;
  /** A name for the archive in error messages (e.g. the URL it came from). */
  source?: string;
  /** Called after each regular file was written (for progress). */
  onFile?: (path: string, bytes: number) => void;
}

/**
 * Extracts a tar archive from a byte stream into `destination` (created if missing). Returns the relative
 * paths of the regular files written, in archive order. Each file is written to a temporary name beside its
 * target and renamed when complete, so an interrupted transfer never leaves a truncated file under its real name.
 *
 * @throws InputFileError when the archive is malformed (bad header checksum, truncated) or an entry's path is
 *   absolute or leaves the destination.
 */
export async function extractTar(source: AsyncIterable<Uint8Array>, destination: string, options: ExtractTarOptions = {}): Promise<string[]> {
  const archive = options.source ?? 'tar archive';
  const root = resolve(destination);
  await mkdir(root, { recursive: true });
  const reader = new ByteReader(source);
  const written: string[] = [];
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let entryIndex = 0;
  try {
    for (;;) {
      const header = await reader.read(BLOCK);
      if (!header) break; // some writers omit the two zero blocks at the end
      if (header.every((byte) => byte === 0)) break;
      entryIndex += 1;
      const expected = readNumber(header, 148, 8);
      if (checksumOf(header) !== expected) {
        throw new InputFileError({ file: archive, field: `entry ${entryIndex} header` }, 'tar header checksum mismatch: the archive is corrupt or not a tar archive');
      }
      const type = String.fromCharCode(header[156]!);
      const size = readNumber(header, 124, 12);
      const magic = readString(header, 257, 6);
      const prefix = magic.startsWith('ustar') ? readString(header, 345, 155) : '';
      const headerName = readString(header, 0, 100);
      let name = pax.path ?? longName ?? (prefix ? `${prefix}/${headerName}` : headerName);
      const contentSize = type === 'x' || type === 'g' ? size : pax.size !== undefined ? Number(pax.size) : size;
      const padded = Math.ceil(contentSize / BLOCK) * BLOCK;

      if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
        const data = await reader.read(padded);
        if (!data) throw new InputFileError({ file: archive, field: `entry ${entryIndex}` }, 'tar archive ends inside an extended header');
        const content = data.subarray(0, contentSize);
        if (type === 'x') pax = { ...pax, ...parsePax(content) };
        else if (type === 'L') longName = readString(content, 0, content.length);
        continue; // 'g' (global) and 'K' (long link name) do not change where files go
      }
      pax = {};
      longName = undefined;

      const parts = name.split('/').filter((part) => part !== '' && part !== '.');
      const stripped = parts.slice(options.stripComponents ?? 0);
      if (isAbsolute(name) || parts.includes('..')) {
        throw new InputFileError({ file: archive, field: name }, 'tar entry path is absolute or leaves the destination folder; refused');
      }
      const relativePath = stripped.join('/');
      const target = join(root, ...stripped);
      if (relativePath !== '' && (relative(root, target).startsWith('..') || !target.startsWith(root + sep))) {
        throw new InputFileError({ file: archive, field: name }, 'tar entry path leaves the destination folder; refused');
      }
      name = relativePath;

      if ((type === '0' || type === '\0' || type === '7') && relativePath !== '') {
        await mkdir(dirname(target), { recursive: true });
        const temporary = join(dirname(target), `.${stripped.at(-1)!}.${process.pid}.partial`);
        const output = createWriteStream(temporary);
        const finished = new Promise<void>((resolveWrite, rejectWrite) => {
          output.on('error', rejectWrite);
          output.on('finish', resolveWrite);
        });
        let remaining = contentSize;
        try {
          while (remaining > 0) {
            const chunk = await reader.readSome(Math.min(remaining, 1 << 20));
            if (!chunk) throw new InputFileError({ file: archive, field: name }, `tar archive ends inside file ${name} (${remaining} bytes missing)`);
            remaining -= chunk.length;
            if (!output.write(chunk)) await new Promise<void>((resolveDrain) => output.once('drain', () => resolveDrain()));
          }
          output.end();
          await finished;
        } catch (error) {
          output.destroy();
          await rm(temporary, { force: true });
          throw error;
        }
        await rename(temporary, target);
        written.push(relativePath);
        options.onFile?.(relativePath, contentSize);
      } else {
        if (type === '5' && relativePath !== '') await mkdir(target, { recursive: true });
        // links, devices, FIFOs: nothing to write; skip their (normally empty) content
        let remaining = padded;
        while (remaining > 0) {
          const chunk = await reader.readSome(remaining);
          if (!chunk) break;
          remaining -= chunk.length;
        }
        continue;
      }
      const padding = padded - contentSize;
      if (padding > 0 && !(await reader.read(padding))) break;
    }
  } finally {
    await reader.close();
  }
  return written;
}

function writeString(header: Buffer, value: string, start: number, length: number): void {
  header.write(value, start, length, 'utf8');
}

function writeOctal(header: Buffer, value: number, start: number, length: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, start, length, 'ascii');
}

function rawHeader(name: string, prefix: string, mode: number, size: number, type: '0' | '5' | 'x', mtime: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  writeString(header, name, 0, 100);
  writeOctal(header, mode, 100, 8);
  writeOctal(header, 0, 108, 8);
  writeOctal(header, 0, 116, 8);
  writeOctal(header, size, 124, 12);
  writeOctal(header, Math.floor(mtime), 136, 12);
  header.write(type, 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  writeString(header, prefix, 345, 155);
  writeOctal(header, checksumOf(header), 148, 7);
  header[155] = 0x20;
  return header;
}

/** One pax record `"<length> <key>=<value>\n"`, where length counts the whole record including itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function padToBlock(data: Buffer): Buffer[] {
  const padding = Math.ceil(data.length / BLOCK) * BLOCK - data.length;
  return padding > 0 ? [data, Buffer.alloc(padding)] : [data];
}

/** The header block(s) of one entry: a ustar name/prefix split where possible, else a pax `path` record. */
function entryHeaders(name: string, mode: number, size: number, type: '0' | '5', mtime: number): Buffer[] {
  if (Buffer.byteLength(name) <= 100) return [rawHeader(name, '', mode, size, type, mtime)];
  const trimmed = name.endsWith('/') ? name.slice(0, -1) : name;
  const cut = trimmed.lastIndexOf('/');
  if (cut > 0 && Buffer.byteLength(name.slice(cut + 1)) <= 100 && Buffer.byteLength(name.slice(0, cut)) <= 155) {
    return [rawHeader(name.slice(cut + 1), name.slice(0, cut), mode, size, type, mtime)];
  }
  const data = Buffer.from(paxRecord('path', name), 'utf8');
  return [rawHeader('PaxHeader', '', 0o644, data.length, 'x', mtime), ...padToBlock(data), rawHeader(name.slice(0, 100), '', mode, size, type, mtime)];
}

export interface CreateTarOptions {
  /** A folder name every entry is placed under (e.g. `input` gives `input/train-chat.jsonl`). */
  prefix?: string;
  /** Permission bits of regular files (default 0o644) and folders (default 0o755). */
  fileMode?: number;
  directoryMode?: number;
}

/**
 * A ustar archive (in memory) of the regular files and folders under `directory`, in sorted path order, with
 * modification times taken from the files. Meant for job inputs (training data, a config), not for adapters.
 */
export async function createTar(directory: string, options: CreateTarOptions = {}): Promise<Buffer> {
  const blocks: Buffer[] = [];
  const fileMode = options.fileMode ?? 0o644;
  const directoryMode = options.directoryMode ?? 0o755;
  const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
  if (prefix) blocks.push(...entryHeaders(prefix, directoryMode, 0, '5', Math.floor(Date.now() / 1000)));
  const visit = async (folder: string, relativeFolder: string): Promise<void> => {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const name = `${prefix}${relativeFolder}${entry.name}`;
      const info = await stat(path);
      if (entry.isDirectory()) {
        blocks.push(...entryHeaders(`${name}/`, directoryMode, 0, '5', info.mtimeMs / 1000));
        await visit(path, `${relativeFolder}${entry.name}/`);
      } else if (entry.isFile()) {
        const data = await readFile(path);
        blocks.push(...entryHeaders(name, fileMode, data.length, '0', info.mtimeMs / 1000));
        blocks.push(...padToBlock(data));
      }
    }
  };
  await visit(directory, '');
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}
