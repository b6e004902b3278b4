/**
 * Content hashes of files and folders, for run provenance and dataset checksums.
 *
 * A folder's hash is the SHA-256 of the canonical JSON list of `[relativePath, fileSha256]` pairs of every
 * regular file below it (sorted by path, `/` separators, hidden files and folders skipped), so it changes
 * when any file's content, name or presence changes and never depends on timestamps.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { fileAccessError, NotFoundError } from './errors.js';

/** SHA-256 (hex) and size of a file, streamed. A missing or unreadable file is a typed error naming it. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    throw fileAccessError(path, error);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Every regular file below `directory` (relative paths with `/`), sorted, hidden entries skipped. */
export async function listFilesRecursive(directory: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push(relative(directory, full).split(sep).join('/'));
    }
  };
  await walk(directory);
  return files.sort();
}

/** Hash of a file, or of a folder's contents (see module docs). */
export async function hashPath(path: string): Promise<{ sha256: string; bytes: number; files?: number }> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new NotFoundError('file or folder', path);
  }
  if (!info.isDirectory()) return hashFile(path);
  const files = await listFilesRecursive(path);
  const pairs: Array<[string, string]> = [];
  let bytes = 0;
  for (const file of files) {
    const fileHash = await hashFile(join(path, file));
    pairs.push([file, fileHash.sha256]);
    bytes += fileHash.bytes;
  }
  return { sha256: sha256Hex(canonicalJson(pairs)), bytes, files: files.length };
}
