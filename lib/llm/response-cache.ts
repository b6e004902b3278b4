/**
 * The persistent LLM response cache: content-addressed entries in one append-only log per cache folder,
 * `<workspace cache>/llm/responses.log`, indexed in memory by key hash (the store and what it promises against
 * kills and concurrent writers: {@link ResponseLog}).
 *
 * - The key is an EXPLICIT list of what determines a reply ({@link CacheKey}): key version, provider, exact model
 *   id and digest, the provider settings that change output, the messages, temperature, top-p, max tokens,
 *   seed, stop sequences, the hash of the response schema and the number of top log-probabilities. Nothing else
 *   (no host, no API key, no timeout) enters it. The entry's address is the SHA-256 of the key's canonical JSON
 *   (RFC 8785), so equal requests share one entry whatever the order of object members.
 * - Entries never expire. Each `put` is one append, done before its promise resolves: a process killed with
 *   `kill -9` leaves every entry whose `put` had resolved, and at most the entry being written is lost — never
 *   half-read, never damaging another. Several processes can read and write one cache at once.
 * - Caches written by earlier versions (one JSON file per entry, `llm/<2 hex>/<sha256>.json`) are migrated into
 *   the log the first time they are opened; files that are not valid entries are left in place and reported
 *   by {@link ResponseCache.statistics}.
 * - `exportTo` writes every entry to one JSON Lines file (sorted, reproducible) so a colleague can `importFrom`
 *   it and replay a run without calling any model; import checks each line's hash.
 * - A small model index (`llm/models/`) remembers the digest and settings each model had, so a replay works
 *   while the model server is unreachable.
 */
import { readdirSync, readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic, writeJsonlAtomic } from '../core/atomic-file.js';
import { canonicalJson, hashCanonical, sha256Hex } from '../core/canonical-json.js';
import { InputFileError, WorkspaceError } from '../core/errors.js';
import { readJsonl } from '../core/jsonl.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { closeResponseLog, responseLogFor, type LogEntryFields, type LogRecord, type ResponseLog } from './response-log.js';
import type { ChatRequest, ChatResponse } from './chat-model.js';

/** Bump when the key's fields or their meaning change; old entries then simply stop matching. */
export const CACHE_KEY_VERSION = 1;

const chatMessageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

/** Every field that determines a reply, and nothing else. */
export const cacheKeySchema = z.object({
  keyVersion: z.number().int(),
  provider: z.string().min(1),
  model: z.string().min(1),
  modelDigest: z.string().nullable(),
  providerSettings: z.record(z.string(), z.unknown()),
  messages: z.array(chatMessageSchema),
  temperature: z.number().nullable(),
  topP: z.number().nullable(),
  maxTokens: z.number().nullable(),
  seed: z.number().nullable(),
  stop: z.array(z.string()).nullable(),
  responseSchemaHash: z.string().nullable(),
  topLogprobs: z.number().nullable(),
});
export type CacheKey = z.infer<typeof cacheKeySchema>;

const tokenLogprobSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  top: z.array(z.object({ token: z.string(), logprob: z.number() })).optional(),
});

/** A stored reply (the `cached` flag is set when it is served, not stored). */
export const cachedResponseSchema = z.object({
  text: z.string(),
  model: z.string(),
  finishReason: z.enum(['stop', 'length', 'tool', 'error', 'other']),
  usage: z.object({ inputTokens: z.number().nonnegative(), outputTokens: z.number().nonnegative() }),
  logprobs: z.array(tokenLogprobSchema).optional(),
});

/** One cache file, and one line of an export. */
export const cacheEntrySchema = z.object({
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
  key: cacheKeySchema,
  response: cachedResponseSchema,
  createdAt: z.string(),
});
export type CachedResponse = z.infer<typeof cachedResponseSchema>;
export type CacheEntry = z.infer<typeof cacheEntrySchema>;

/** The identity of a model as the cache keys it. */
export interface CacheModelIdentity {
  provider: string;
  model: string;
  digest?: string | undefined;
  /** Provider settings that change the output (ModelReference.parameters of the provider). */
  parameters: Record<string, unknown>;
}

/** A request that must be answered from the cache (replay mode) was not there. */
export class CacheMissError extends WorkspaceError {
  readonly keyHash: string;
  constructor(keyHash: string, provider: string, model: string) {
    super(
      'CACHE_MISS',
      `LLM cache miss in replay mode: no stored reply of ${provider}/${model} for request ${keyHash.slice(0, 12)}…. ` +
        'Import the run\'s cache export (`ecg-llm llm cache import FILE`) or set ECG_LLM_CACHE=on to call the model.',
      { keyHash, provider, model },
    );
    this.keyHash = keyHash;
  }
}

/** The cache key of a request to a model. */
export function cacheKeyFor(identity: CacheModelIdentity, request: ChatRequest): CacheKey {
  return {
    keyVersion: CACHE_KEY_VERSION,
    provider: identity.provider,
    model: identity.model,
    modelDigest: identity.digest ?? null,
    providerSettings: identity.parameters,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    temperature: request.temperature ?? null,
    topP: request.topP ?? null,
    maxTokens: request.maxTokens ?? null,
    seed: request.seed ?? null,
    stop: request.stop ?? null,
    responseSchemaHash: request.responseFormat ? hashCanonical({ name: request.responseFormat.name, jsonSchema: request.responseFormat.jsonSchema }) : null,
    topLogprobs: request.topLogprobs ?? null,
  };
}

/** The content address of a key: SHA-256 of its canonical JSON. */
export function cacheKeyHash(key: CacheKey): string {
  return sha256Hex(canonicalCacheKeyJson(key));
}

/**
 * `canonicalJson(key)` (RFC 8785) of a cache key, written field by field in the canonical (sorted) member order
 * instead of sorting at run time — the cache's hot path. Equal to `canonicalJson` for every key (tested); free-form
 * parts (`providerSettings`) and anything unexpected go through `canonicalJson` itself.
 */
export function canonicalCacheKeyJson(key: CacheKey): string {
  const members = Object.keys(key);
  if (members.length !== CACHE_KEY_MEMBERS.length || !members.every((member) => CACHE_KEY_MEMBER_SET.has(member))) return canonicalJson(key);
  let messages = '[';
  for (let index = 0; index < key.messages.length; index++) {
    const message = key.messages[index] as CacheKey['messages'][number];
    if (Object.keys(message).length !== 2) return canonicalJson(key);
    messages += `${index > 0 ? ',' : ''}{"content":${JSON.stringify(message.content)},"role":${JSON.stringify(message.role)}}`;
  }
  messages += ']';
  let stop = 'null';
  if (key.stop !== null) stop = `[${key.stop.map((item) => JSON.stringify(item)).join(',')}]`;
  return (
    `{"keyVersion":${number(key.keyVersion)},"maxTokens":${nullableNumber(key.maxTokens)},"messages":${messages},` +
    `"model":${JSON.stringify(key.model)},"modelDigest":${nullableString(key.modelDigest)},"provider":${JSON.stringify(key.provider)},` +
    `"providerSettings":${canonicalJson(key.providerSettings)},"responseSchemaHash":${nullableString(key.responseSchemaHash)},` +
    `"seed":${nullableNumber(key.seed)},"stop":${stop},"temperature":${nullableNumber(key.temperature)},` +
    `"topLogprobs":${nullableNumber(key.topLogprobs)},"topP":${nullableNumber(key.topP)}}`
  );
}

const CACHE_KEY_MEMBERS = Object.keys(cacheKeySchema.shape).sort();
const CACHE_KEY_MEMBER_SET = new Set(CACHE_KEY_MEMBERS);

function number(value: number): string {
  return Number.isFinite(value) ? JSON.stringify(value) : canonicalJson(value);
}

function nullableNumber(value: number | null): string {
  return value === null ? 'null' : number(value);
}

function nullableString(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

export interface CacheStatistics {
  entries: number;
  bytes: number;
  /** Entries per `provider/model`. */
  models: Record<string, number>;
  oldest: string | null;
  newest: string | null;
  /** Leftover temporary files of interrupted writes of the old file-per-entry layout (harmless; never read). */
  temporaryFiles: number;
  /**
   * What is not a valid entry: files of the old layout that could not be migrated, and lines of the log that fail
   * validation (named `<log file>:<line>`).
   */
  invalidFiles: string[];
}

export interface ExportFilter {
  provider?: string;
  model?: string;
}

const modelIndexSchema = z.object({
  provider: z.string(),
  model: z.string(),
  identities: z.array(z.object({ digest: z.string().nullable(), parameters: z.record(z.string(), z.unknown()), lastSeen: z.string() })),
});

/** Folders whose old file-per-entry layout this process has already migrated. */
const migrated = new Set<string>();

/** The response cache store. Safe to share between processes. */
export class ResponseCache {
  /** The cache folder, e.g. `<workspace>/.cache/llm`. */
  readonly directory: string;
  private legacy: { temporaryFiles: number; invalidFiles: string[] } = { temporaryFiles: 0, invalidFiles: [] };
  private log: ResponseLog | undefined;

  constructor(directory: string) {
    this.directory = directory;
  }

  /** The cache of a workspace (`resolveWorkspacePaths().cache` + `/llm`; `ECG_LLM_CACHE_DIR` moves it). */
  static forWorkspace(paths: WorkspacePaths = resolveWorkspacePaths()): ResponseCache {
    return new ResponseCache(join(paths.cache, 'llm'));
  }

  /** The log file that holds the entries. */
  get logPath(): string {
    return this.sharedLog().path;
  }

  /** This process's log of the folder (one per folder, shared by every cache on it). */
  private sharedLog(): ResponseLog {
    if (this.log === undefined) this.log = responseLogFor(this.directory);
    return this.log;
  }

  /** The log, after migrating entries of the old file-per-entry layout (once per process and folder). */
  private open(): ResponseLog {
    const log = this.sharedLog();
    if (!migrated.has(log.path)) {
      migrated.add(log.path);
      this.legacy = migrateLegacyFiles(this.directory, log);
    }
    return log;
  }

  /** The log for reading, or undefined when there is nothing to read yet (nothing is created then). */
  private openForReading(): ResponseLog | undefined {
    const log = this.sharedLog();
    if (migrated.has(log.path) || log.exists() || hasLegacyShards(this.directory)) return this.open();
    return undefined;
  }

  /** Closes this process's handle on the cache log (it reopens on the next use). */
  close(): void {
    closeResponseLog(this.directory);
  }

  /** The stored entry, or undefined when absent or invalid (a damaged line counts as a miss). */
  async get(keyHash: string): Promise<CacheEntry | undefined> {
    return this.getSync(keyHash);
  }

  /** {@link get}, synchronously. */
  getSync(keyHash: string): CacheEntry | undefined {
    const record = this.openForReading()?.read(keyHash);
    return record === undefined ? undefined : entryFromRecord(record);
  }

  /**
   * Only the stored reply of a key hash, or undefined when absent or invalid: what a cache hit needs (the line is
   * found by its hash; the reply is checked against its schema; the stored key text, which a hit does not use, is
   * checked by {@link get}, {@link entries} and exports).
   */
  async getResponse(keyHash: string): Promise<CachedResponse | undefined> {
    const text = this.openForReading()?.readResponseText(keyHash);
    return text === undefined ? undefined : parseResponse(text);
  }

  /** Stores a reply (a later entry with the same key replaces an earlier one) and returns it once written. */
  put(key: CacheKey, response: ChatResponse): Promise<CacheEntry> {
    try {
      const { entry, fields } = entryFor(key, response);
      this.open().append(fields);
      return Promise.resolve(entry);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Reads every valid entry (sorted by key hash); invalid lines and leftover files are reported, not thrown. */
  async entries(filter: ExportFilter = {}): Promise<{ entries: CacheEntry[]; invalidFiles: string[]; temporaryFiles: number }> {
    const log = this.openForReading();
    if (!log) return { entries: [], invalidFiles: [], temporaryFiles: 0 };
    const { records, damaged } = log.all();
    const entries: CacheEntry[] = [];
    const invalidLines: number[] = damaged.map((item) => item.line);
    for (const record of records) {
      const entry = entryFromRecord(record, true);
      if (!entry) {
        invalidLines.push(record.line);
        continue;
      }
      if (filter.provider !== undefined && entry.key.provider !== filter.provider) continue;
      if (filter.model !== undefined && entry.key.model !== filter.model) continue;
      entries.push(entry);
    }
    invalidLines.sort((a, b) => a - b);
    return { entries, invalidFiles: [...this.legacy.invalidFiles, ...invalidLines.map((line) => `${log.path}:${line}`)], temporaryFiles: this.legacy.temporaryFiles };
  }

  /** Size and content of the cache (`bytes`: the log file on disk, including replaced entries). */
  async statistics(): Promise<CacheStatistics> {
    const { entries, invalidFiles, temporaryFiles } = await this.entries();
    const models: Record<string, number> = {};
    let oldest: string | null = null;
    let newest: string | null = null;
    for (const entry of entries) {
      const name = `${entry.key.provider}/${entry.key.model}`;
      models[name] = (models[name] ?? 0) + 1;
      if (oldest === null || entry.createdAt < oldest) oldest = entry.createdAt;
      if (newest === null || entry.createdAt > newest) newest = entry.createdAt;
    }
    const bytes = this.openForReading()?.size() ?? 0;
    return { entries: entries.length, bytes, models, oldest, newest, temporaryFiles, invalidFiles };
  }

  /** Writes the entries (optionally of one provider/model) to a JSON Lines file atomically. */
  async exportTo(file: string, filter: ExportFilter = {}): Promise<{ entries: number; file: string }> {
    const { entries } = await this.entries(filter);
    await writeJsonlAtomic(file, entries);
    return { entries: entries.length, file };
  }

  /**
   * Adds the entries of an export file. Each line is validated (an error names the file, line and field) and
   * its hash checked before anything is written; then the new ones are appended. Existing valid entries are kept.
   */
  async importFrom(file: string): Promise<{ imported: number; alreadyPresent: number; total: number }> {
    const entries = await readJsonl(file, cacheEntrySchema);
    entries.forEach((entry, index) => {
      if (cacheKeyHash(entry.key) !== entry.keyHash) {
        throw new InputFileError({ file, line: index + 1, field: 'keyHash' }, 'does not match the SHA-256 of the canonical key; the line was altered or damaged');
      }
    });
    const log = this.open();
    const fresh = new Map<string, LogEntryFields>();
    for (const entry of entries) {
      // A damaged line with the same hash is replaced; a valid entry is kept.
      if (!this.getSync(entry.keyHash)) fresh.set(entry.keyHash, fieldsOf(entry));
    }
    log.appendMany([...fresh.values()]);
    const imported = fresh.size;
    const alreadyPresent = entries.length - imported;
    const seen = new Map<string, CacheEntry>();
    for (const entry of entries) {
      const identity = `${entry.key.provider}\n${entry.key.model}\n${canonicalJson([entry.key.modelDigest, entry.key.providerSettings])}`;
      const known = seen.get(identity);
      if (!known || entry.createdAt > known.createdAt) seen.set(identity, entry);
    }
    for (const entry of seen.values()) {
      await this.rememberModel(
        { provider: entry.key.provider, model: entry.key.model, digest: entry.key.modelDigest ?? undefined, parameters: entry.key.providerSettings },
        entry.createdAt,
      );
    }
    return { imported, alreadyPresent, total: entries.length };
  }

  private modelIndexPath(provider: string, model: string): string {
    return join(this.directory, 'models', `${sha256Hex(`${provider}\n${model}`)}.json`);
  }

  /** Records the identity a model had (digest, settings), for replays while its server is unreachable. */
  async rememberModel(identity: CacheModelIdentity, seenAt: string = new Date().toISOString()): Promise<void> {
    const path = this.modelIndexPath(identity.provider, identity.model);
    const current = await readModelIndex(path);
    const identities = current?.identities ?? [];
    const digest = identity.digest ?? null;
    const existing = identities.find((item) => item.digest === digest && canonicalJson(item.parameters) === canonicalJson(identity.parameters));
    if (existing && existing.lastSeen >= seenAt) return;
    const updated = identities.filter((item) => item !== existing);
    updated.push({ digest, parameters: identity.parameters, lastSeen: seenAt });
    await writeFileAtomic(path, `${JSON.stringify({ provider: identity.provider, model: identity.model, identities: updated }, null, 2)}\n`);
  }

  /** The most recently seen identity of a model, if any. */
  async recallModel(provider: string, model: string): Promise<CacheModelIdentity | undefined> {
    const index = await readModelIndex(this.modelIndexPath(provider, model));
    if (!index || index.identities.length === 0) return undefined;
    const latest = index.identities.reduce((best, item) => (item.lastSeen > best.lastSeen ? item : best));
    return { provider, model, ...(latest.digest !== null ? { digest: latest.digest } : {}), parameters: latest.parameters };
  }
}


/** The entry stored for a reply, and its log fields. */
function entryFor(key: CacheKey, response: ChatResponse): { entry: CacheEntry; fields: LogEntryFields } {
  const entry: CacheEntry = {
    keyHash: '',
    key,
    response: {
      text: response.text,
      model: response.model,
      finishReason: response.finishReason,
      usage: { inputTokens: response.usage.inputTokens, outputTokens: response.usage.outputTokens },
      ...(response.logprobs ? { logprobs: response.logprobs } : {}),
    },
    createdAt: new Date().toISOString(),
  };
  const keyText = canonicalCacheKeyJson(key);
  entry.keyHash = sha256Hex(keyText);
  return { entry, fields: { keyHash: entry.keyHash, createdAt: entry.createdAt, keyText, responseText: JSON.stringify(entry.response) } };
}

/** The log fields of a (validated) entry. */
function fieldsOf(entry: CacheEntry): LogEntryFields {
  return { keyHash: entry.keyHash, createdAt: entry.createdAt, keyText: canonicalCacheKeyJson(entry.key), responseText: JSON.stringify(entry.response) };
}

/**
 * The entry of a log line, or undefined when the line is not a valid entry. The key's text must hash to the
 * line's key hash; `validateKey` also checks the key and time against their schema (export and statistics do; a
 * hit does not need to, because a key text with the right SHA-256 is the text that was validated when written).
 */
function entryFromRecord(record: LogRecord, validateKey = false): CacheEntry | undefined {
  if (sha256Hex(record.keyText) !== record.keyHash) return undefined;
  const response = parseResponse(record.responseText);
  if (!response) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(record.keyText);
  } catch {
    return undefined;
  }
  if (validateKey) {
    const parsed = cacheEntrySchema.safeParse({ keyHash: record.keyHash, key, response, createdAt: record.createdAt });
    return parsed.success ? parsed.data : undefined;
  }
  return { keyHash: record.keyHash, key: key as CacheKey, response, createdAt: record.createdAt };
}

function parseResponse(text: string): CachedResponse | undefined {
  try {
    const parsed = cachedResponseSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** True when the folder has shard folders of the old file-per-entry layout. */
function hasLegacyShards(directory: string): boolean {
  try {
    return readdirSync(directory).some((name) => /^[0-9a-f]{2}$/.test(name));
  } catch {
    return false;
  }
}

/**
 * Moves the entries of the old layout (`<2 hex>/<sha256>.json`, one file per entry) into the log: valid files
 * are appended (an entry already in the log wins), then deleted. Invalid files and
 * leftover temporary files stay where they are and are reported. Safe when several processes do it at once.
 */
function migrateLegacyFiles(directory: string, log: ResponseLog): { temporaryFiles: number; invalidFiles: string[] } {
  let shards: string[];
  try {
    shards = readdirSync(directory).filter((name) => /^[0-9a-f]{2}$/.test(name)).sort();
  } catch {
    return { temporaryFiles: 0, invalidFiles: [] };
  }
  let temporaryFiles = 0;
  const invalidFiles: string[] = [];
  const valid: Array<{ file: string; entry: CacheEntry }> = [];
  for (const shard of shards) {
    let names: string[];
    try {
      names = readdirSync(join(directory, shard)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join(directory, shard, name);
      if (name.startsWith('.')) {
        if (name.endsWith('.tmp')) temporaryFiles++;
        continue;
      }
      if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // migrated by another process meanwhile
      }
      const entry = parseEntry(text);
      if (!entry || cacheKeyHash(entry.key) !== entry.keyHash || name !== `${entry.keyHash}.json`) invalidFiles.push(file);
      else valid.push({ file, entry });
    }
  }
  if (valid.length > 0) {
    log.appendMany(valid.filter(({ entry }) => !log.has(entry.keyHash)).map(({ entry }) => fieldsOf(entry)));
    for (const { file } of valid) {
      try {
        unlinkSync(file);
      } catch {
        // removed by another process migrating at the same time
      }
    }
  }
  for (const shard of shards) {
    try {
      rmdirSync(join(directory, shard));
    } catch {
      // not empty (invalid or temporary files stay) or already gone
    }
  }
  return { temporaryFiles, invalidFiles };
}

function parseEntry(text: string): CacheEntry | undefined {
  try {
    const parsed = cacheEntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function readModelIndex(path: string): Promise<z.infer<typeof modelIndexSchema> | undefined> {
  try {
    const parsed = modelIndexSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
