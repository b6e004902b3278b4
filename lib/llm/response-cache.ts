/**
 * The persistent LLM response cache: content-addressed JSON files under `<workspace cache>/llm/`, one per
 * request, at `llm/<first two hex digits>/<sha256>.json`.
 *
 * - The key is an EXPLICIT list of what determines a reply ({@link CacheKey}): key version, provider, exact model
 *   id and digest, the provider settings that change output, the messages, temperature, top-p, max tokens,
 *   seed, stop sequences, the hash of the response schema and the number of top log-probabilities. Nothing else
 *   (no host, no API key, no timeout) enters it. The file name is the SHA-256 of the key's canonical JSON
 *   (RFC 8785), so equal requests share one file whatever the order of object members.
 * - Entries never expire. Each is written with `writeFileAtomic` (temporary file, fsync, rename), so a process
 *   killed with `kill -9` leaves either the whole entry or none (at most a hidden `.*.tmp` file that readers
 *   ignore), and two processes writing the same entry at once both leave a complete file.
 * - `exportTo` writes every entry to one JSON Lines file (sorted, reproducible) so a colleague can `importFrom`
 *   it and replay a run without calling any model; import checks each line's hash.
 * - A small model index (`llm/models/`) remembers the digest and settings each model had, so a replay works
 *   while the model server is unreachable.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic, writeJsonlAtomic } from '../core/atomic-file.js';
import { canonicalJson, hashCanonical, sha256Hex } from '../core/canonical-json.js';
import { InputFileError, WorkspaceError } from '../core/errors.js';
import { readJsonl } from '../core/jsonl.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
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
  return hashCanonical(key);
}

export interface CacheStatistics {
  entries: number;
  bytes: number;
  /** Entries per `provider/model`. */
  models: Record<string, number>;
  oldest: string | null;
  newest: string | null;
  /** Leftover temporary files of interrupted writes (harmless; never read). */
  temporaryFiles: number;
  /** Files that are not valid entries. */
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

/** The response cache store. Safe to share between processes. */
export class ResponseCache {
  /** The cache folder, e.g. `<workspace>/.cache/llm`. */
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  /** The cache of a workspace (`resolveWorkspacePaths().cache` + `/llm`; `ECG_LLM_CACHE_DIR` moves it). */
  static forWorkspace(paths: WorkspacePaths = resolveWorkspacePaths()): ResponseCache {
    return new ResponseCache(join(paths.cache, 'llm'));
  }

  /** Path of the file of a key hash. */
  entryPath(keyHash: string): string {
    return join(this.directory, keyHash.slice(0, 2), `${keyHash}.json`);
  }

  /** The stored entry, or undefined when absent or unreadable (a damaged file counts as a miss). */
  async get(keyHash: string): Promise<CacheEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.entryPath(keyHash), 'utf8');
    } catch {
      return undefined;
    }
    const entry = parseEntry(text);
    return entry && entry.keyHash === keyHash && cacheKeyHash(entry.key) === keyHash ? entry : undefined;
  }

  /** Stores a reply atomically and returns the entry. */
  async put(key: CacheKey, response: ChatResponse): Promise<CacheEntry> {
    const keyHash = cacheKeyHash(key);
    const entry: CacheEntry = {
      keyHash,
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
    await writeFileAtomic(this.entryPath(keyHash), `${JSON.stringify(entry)}\n`);
    return entry;
  }

  /** Every entry file path (not temporary files). */
  private async entryFiles(): Promise<{ files: string[]; temporaryFiles: number }> {
    const files: string[] = [];
    let temporaryFiles = 0;
    let shards: string[];
    try {
      shards = await readdir(this.directory);
    } catch {
      return { files, temporaryFiles };
    }
    for (const shard of shards.sort()) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of (await readdir(join(this.directory, shard))).sort()) {
        if (name.startsWith('.')) {
          if (name.endsWith('.tmp')) temporaryFiles++;
          continue;
        }
        if (/^[0-9a-f]{64}\.json$/.test(name)) files.push(join(this.directory, shard, name));
      }
    }
    return { files, temporaryFiles };
  }

  /** Reads every valid entry (sorted by key hash); invalid files are reported, not thrown. */
  async entries(filter: ExportFilter = {}): Promise<{ entries: CacheEntry[]; invalidFiles: string[]; temporaryFiles: number }> {
    const { files, temporaryFiles } = await this.entryFiles();
    const entries: CacheEntry[] = [];
    const invalidFiles: string[] = [];
    for (const file of files) {
      const entry = parseEntry(await readFile(file, 'utf8').catch(() => ''));
      if (!entry || cacheKeyHash(entry.key) !== entry.keyHash || !file.endsWith(`${entry.keyHash}.json`)) {
        invalidFiles.push(file);
        continue;
      }
      if (filter.provider !== undefined && entry.key.provider !== filter.provider) continue;
      if (filter.model !== undefined && entry.key.model !== filter.model) continue;
      entries.push(entry);
    }
    return { entries, invalidFiles, temporaryFiles };
  }

  /** Size and content of the cache. */
  async statistics(): Promise<CacheStatistics> {
    const { entries, invalidFiles, temporaryFiles } = await this.entries();
    const models: Record<string, number> = {};
    let bytes = 0;
    let oldest: string | null = null;
    let newest: string | null = null;
    for (const entry of entries) {
      const name = `${entry.key.provider}/${entry.key.model}`;
      models[name] = (models[name] ?? 0) + 1;
      bytes += (await stat(this.entryPath(entry.keyHash))).size;
      if (oldest === null || entry.createdAt < oldest) oldest = entry.createdAt;
      if (newest === null || entry.createdAt > newest) newest = entry.createdAt;
    }
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
   * its hash checked before anything is written. Existing entries are kept.
   */
  async importFrom(file: string): Promise<{ imported: number; alreadyPresent: number; total: number }> {
    const entries = await readJsonl(file, cacheEntrySchema);
    entries.forEach((entry, index) => {
      if (cacheKeyHash(entry.key) !== entry.keyHash) {
        throw new InputFileError({ file, line: index + 1, field: 'keyHash' }, 'does not match the SHA-256 of the canonical key; the line was altered or damaged');
      }
    });
    let imported = 0;
    let alreadyPresent = 0;
    for (const entry of entries) {
      if (await this.get(entry.keyHash)) {
        alreadyPresent++;
        continue;
      }
      await writeFileAtomic(this.entryPath(entry.keyHash), `${JSON.stringify(entry)}\n`);
      imported++;
    }
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
