/**
 * The SQLite database behind the {@link ResponseCache}: one file, `<cache folder>/responses.sqlite`, opened
 * through better-sqlite3 (synchronous, in-process SQLite; https://github.com/WiseLibs/better-sqlite3).
 *
 * Settings, and what they promise (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html):
 * - `journal_mode = WAL`: readers never block the writer and the writer never blocks readers; several processes
 *   can use the same file at once. Every write is a transaction: after a crash (`kill -9`, power loss) the
 *   database holds exactly the transactions that committed, never a part of one.
 * - `synchronous = NORMAL`: a committed transaction survives the crash of the PROCESS (the write-ahead log is in
 *   the operating system's hands when `commit` returns). A crash of the operating system or a power loss can
 *   additionally undo the transactions committed since the last checkpoint — never damage the file.
 * - `busy_timeout = 10000`: a process that finds another one writing waits up to 10 s for its turn instead of
 *   failing.
 *
 * One connection per database file and process is shared by every `ResponseCache` on it and closed when the
 * process exits (which also checkpoints the log into the main file).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ServiceError } from '../core/errors.js';

/** The part of a better-sqlite3 statement the cache uses (better-sqlite3 ships no TypeScript types). */
export interface SqliteStatement {
  run(...parameters: unknown[]): { changes: number };
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
  pluck(toggle?: boolean): SqliteStatement;
}

/** The part of a better-sqlite3 database the cache uses. */
export interface SqliteDatabase {
  readonly open: boolean;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): SqliteDatabase;
  prepare(source: string): SqliteStatement;
  transaction<Arguments extends unknown[], Result>(
    body: (...parameters: Arguments) => Result,
  ): ((...parameters: Arguments) => Result) & { immediate: (...parameters: Arguments) => Result };
  close(): SqliteDatabase;
}

type DatabaseConstructor = new (file: string, options?: { timeout?: number }) => SqliteDatabase;

/** File name of the database inside the cache folder. */
export const CACHE_DATABASE_FILE = 'responses.sqlite';

/** How long a process waits for another process's write to finish (ms). */
export const BUSY_TIMEOUT_MS = 10_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  key_hash   TEXT PRIMARY KEY NOT NULL, -- SHA-256 of key
  provider   TEXT NOT NULL,
  model      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  key        TEXT NOT NULL,             -- the canonical JSON (RFC 8785) of the CacheKey
  response   TEXT NOT NULL              -- the JSON of the CachedResponse
);
`;

const open = new Map<string, SqliteDatabase>();
let exitHookInstalled = false;

function loadDriver(): DatabaseConstructor {
  const require = createRequire(import.meta.url);
  try {
    return require('better-sqlite3') as DatabaseConstructor;
  } catch (error) {
    throw new ServiceError('better-sqlite3', 'cannot load the SQLite binding better-sqlite3 (run `npm ci`)', {}, { cause: error });
  }
}

/** Closes every cache database this process opened (also runs on process exit). */
export function closeCacheDatabases(): void {
  for (const [path, database] of open) {
    if (database.open) database.close();
    open.delete(path);
  }
}

/** The shared connection to the cache database in `directory`, opened (and created) on first use. */
export function openCacheDatabase(directory: string): SqliteDatabase {
  const path = join(resolve(directory), CACHE_DATABASE_FILE);
  const known = open.get(path);
  if (known?.open) return known;
  mkdirSync(directory, { recursive: true });
  const Database = loadDriver();
  const database = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // Checkpoint (and fsync) every 10,000 pages (~40 MB of log) instead of 1,000: fewer fsyncs per write.
  database.pragma('wal_autocheckpoint = 10000');
  database.exec(SCHEMA);
  open.set(path, database);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', closeCacheDatabases);
  }
  return database;
}

/** Closes the shared connection of one cache folder, if open. */
export function closeCacheDatabase(directory: string): void {
  const path = join(resolve(directory), CACHE_DATABASE_FILE);
  const database = open.get(path);
  if (database?.open) database.close();
  open.delete(path);
}
