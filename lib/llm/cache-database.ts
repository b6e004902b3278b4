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
 *
 * Driver: better-sqlite3 where it loads; where its native binding does not match the running Node.js (a workspace
 * installed with one Node version and run with another, e.g. Node 24 over a Node 20 install), Node's own built-in
 * `node:sqlite` (Node ≥ 22.13 and 24) is used through the same small interface. Both open the same file format,
 * so a cache written by one is read by the other.
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

/** The part of `node:sqlite` used here (Node ≥ 22.13; the workspace's own types target Node 20). */
interface NodeSqliteStatement {
  run(...parameters: unknown[]): { changes: number | bigint };
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
}
interface NodeSqliteDatabase {
  readonly isOpen: boolean;
  exec(source: string): void;
  prepare(source: string): NodeSqliteStatement;
  close(): void;
}
type NodeSqliteModule = { DatabaseSync: new (path: string, options?: { timeout?: number }) => NodeSqliteDatabase };

/** A `node:sqlite` statement with better-sqlite3's `pluck` (first column of each row). */
class BuiltinStatement implements SqliteStatement {
  constructor(
    private readonly statement: NodeSqliteStatement,
    private readonly plucked = false,
  ) {}
  private first(row: unknown): unknown {
    return this.plucked && row && typeof row === 'object' ? Object.values(row)[0] : row;
  }
  run(...parameters: unknown[]): { changes: number } {
    return { changes: Number(this.statement.run(...parameters).changes) };
  }
  get(...parameters: unknown[]): unknown {
    return this.first(this.statement.get(...parameters));
  }
  all(...parameters: unknown[]): unknown[] {
    return this.statement.all(...parameters).map((row) => this.first(row));
  }
  *iterate(...parameters: unknown[]): IterableIterator<unknown> {
    for (const row of this.statement.iterate(...parameters)) yield this.first(row);
  }
  pluck(toggle = true): SqliteStatement {
    return new BuiltinStatement(this.statement, toggle);
  }
}

/** `node:sqlite`'s DatabaseSync behind the better-sqlite3 interface the cache uses. */
class BuiltinDatabase implements SqliteDatabase {
  private readonly database: NodeSqliteDatabase;
  constructor(module: NodeSqliteModule, path: string, options: { timeout?: number } = {}) {
    this.database = new module.DatabaseSync(path, options.timeout === undefined ? {} : { timeout: options.timeout });
  }
  get open(): boolean {
    return this.database.isOpen;
  }
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const rows = this.database.prepare(`PRAGMA ${source}`).all();
    return options.simple ? (rows[0] && typeof rows[0] === 'object' ? Object.values(rows[0])[0] : undefined) : rows;
  }
  exec(source: string): SqliteDatabase {
    this.database.exec(source);
    return this;
  }
  prepare(source: string): SqliteStatement {
    return new BuiltinStatement(this.database.prepare(source));
  }
  transaction<Arguments extends unknown[], Result>(
    body: (...parameters: Arguments) => Result,
  ): ((...parameters: Arguments) => Result) & { immediate: (...parameters: Arguments) => Result } {
    const run = (begin: string, parameters: Arguments): Result => {
      this.database.exec(begin);
      try {
        const result = body(...parameters);
        this.database.exec('COMMIT');
        return result;
      } catch (error) {
        this.database.exec('ROLLBACK');
        throw error;
      }
    };
    return Object.assign((...parameters: Arguments) => run('BEGIN', parameters), {
      immediate: (...parameters: Arguments) => run('BEGIN IMMEDIATE', parameters),
    });
  }
  close(): SqliteDatabase {
    this.database.close();
    return this;
  }
}

/** Which SQLite driver {@link openCacheDatabase} uses in this process: `better-sqlite3` or `node:sqlite`. */
export let cacheDatabaseDriver: 'better-sqlite3' | 'node:sqlite' | undefined;

function builtinSqlite(): NodeSqliteModule | undefined {
  try {
    const getBuiltinModule = (process as unknown as { getBuiltinModule?: (name: string) => unknown }).getBuiltinModule;
    return getBuiltinModule?.('node:sqlite') as NodeSqliteModule | undefined;
  } catch {
    return undefined;
  }
}

function builtinDriver(module: NodeSqliteModule): DatabaseConstructor {
  cacheDatabaseDriver = 'node:sqlite';
  return class extends BuiltinDatabase {
    constructor(path: string, options?: { timeout?: number }) {
      super(module, path, options);
    }
  };
}

/**
 * better-sqlite3, else `node:sqlite`. `ECG_LLM_SQLITE_DRIVER=node:sqlite` asks for the built-in driver (where the
 * running Node has one), `better-sqlite3` forbids falling back to it.
 */
function loadDriver(): DatabaseConstructor {
  const require = createRequire(import.meta.url);
  const wanted = process.env.ECG_LLM_SQLITE_DRIVER;
  const builtin = wanted === 'better-sqlite3' ? undefined : builtinSqlite();
  if (wanted === 'node:sqlite' && builtin) return builtinDriver(builtin);
  try {
    const driver = require('better-sqlite3') as DatabaseConstructor;
    new driver(':memory:').close(); // the native binding loads here: a binding built for another Node fails now
    cacheDatabaseDriver = 'better-sqlite3';
    return driver;
  } catch (error) {
    if (builtin) return builtinDriver(builtin);
    throw new ServiceError(
      'better-sqlite3',
      `cannot load the SQLite binding better-sqlite3 for Node.js ${process.versions.node} (run \`npm ci\` or \`npm rebuild better-sqlite3\` with this Node version; Node ≥ 22.13 needs no binding)`,
      {},
      { cause: error },
    );
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
