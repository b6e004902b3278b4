/**
 * Model files: the pinned registry of every model a default run downloads, and the one downloader that fetches
 * them into the workspace cache.
 *
 * - **Registry** ({@link MODEL_FILES}): each entry names a Hugging Face Hub repository, the commit (revision)
 *   the files are taken from, the file names, their sha256 and size, the licence, and how the pin was verified.
 *   A default run downloads the `default` chat model (GGUF, for the embedded `llama-cpp` provider); the RAG
 *   embedding model and reranker are loaded by transformers.js (ONNX) from the ids recorded here.
 * - **References** {@link ensureModelFile} accepts: a registry name (`default`, `llama-3.2-1b-instruct`), an
 *   `hf:<owner>/<repo>[@<revision>]/<path/to/file.gguf>` reference, an `https://` URL, or a local path.
 * - **Downloads** go to `<cache>/models/` (`ECG_LLM_CACHE_DIR` moves the cache), into a `.part` file that a
 *   later attempt resumes with an HTTP `Range` request; a progress bar shows bytes; the sha256 is checked before
 *   the file is moved into place, and a file in place is never downloaded again. A Hub token is read from
 *   `HF_TOKEN` only, sent only to the Hub endpoint, and never printed. `HF_ENDPOINT` points `hf:` references
 *   at a mirror. `ECG_LLM_OFFLINE=1` makes a missing file a {@link NotFoundError} naming the file and the
 *   command that fetches it (`ecg-llm models fetch`), without any network access.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { ChecksumMismatchError, InvalidArgumentError, NotFoundError, ServiceError } from '../core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { anySignal } from './abort-signals.js';
import type { ModelListing } from './providers/provider-definition.js';

const sha256Pattern = /^[0-9a-f]{64}$/;

export const modelFileSchema = z.object({
  /** Path of the file inside the repository. */
  path: z.string().min(1),
  sha256: z.string().regex(sha256Pattern),
  bytes: z.number().int().positive(),
});

export const modelFileEntrySchema = z.object({
  /** The name used in settings (`model: 'default'`) and by `ecg-llm models fetch <name>`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  role: z.enum(['chat', 'embedding', 'reranker']),
  format: z.enum(['gguf', 'onnx']),
  /** Hugging Face Hub repository (`owner/name`). */
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  /** The commit the files are taken from (40 hex digits). */
  revision: z.string().regex(/^[0-9a-f]{40}$/),
  files: z.array(modelFileSchema).min(1),
  licence: z.string().min(1),
  /** How repository, revision, sizes and checksums were verified. */
  verified: z.string().min(1),
});
export type ModelFileEntry = z.infer<typeof modelFileEntrySchema>;

/**
 * The pinned model files. Sources (Hugging Face Hub file pages, "Git LFS Details: SHA256", read 2026-12-02):
 * https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/blob/d52af3776f99ddf220e5ffd3f93b2a4e4df105be/Llama-3.2-1B-Instruct-Q4_K_M.gguf
 */
export const MODEL_FILES: readonly ModelFileEntry[] = z.array(modelFileEntrySchema).parse([
  {
    name: 'llama-3.2-1b-instruct',
    role: 'chat',
    format: 'gguf',
    repository: 'bartowski/Llama-3.2-1B-Instruct-GGUF',
    revision: 'd52af3776f99ddf220e5ffd3f93b2a4e4df105be',
    files: [{ path: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf', sha256: '6f85a640a97cf2bf5b8e764087b1e83da0fdb51d7c9fab7d0fece9385611df83', bytes: 807_694_464 }],
    licence: 'Llama 3.2 Community License (redistribution allowed with attribution "Built with Llama"; acceptable-use policy applies)',
    verified:
      'sha256 from the Hub file page at this revision (Git LFS details); size 807,694,464 bytes from an independent published checksum record of the same sha256',
  },
]);

/** The registry name `default` stands for this chat model. */
export const DEFAULT_CHAT_MODEL_NAME = 'llama-3.2-1b-instruct';

/** The command a user runs to download the pinned files. */
export const MODEL_FETCH_COMMAND = 'ecg-llm models fetch';

export interface ModelFileOptions {
  paths?: WorkspacePaths;
  environment?: NodeJS.ProcessEnv;
  progress?: ProgressFactory;
  signal?: AbortSignal;
  /** Transport timeout of the download request before the first byte, in milliseconds (default 60 s). */
  connectTimeoutMs?: number;
}

/** A model file on disk. `sha256` is known when the file was pinned (verified at download). */
export interface LocalModelFile {
  path: string;
  sha256?: string;
  /** Where it came from: the registry entry name, the `hf:` reference or URL, or `local`. */
  source: string;
}

/** The registry entry with this name (`default` is {@link DEFAULT_CHAT_MODEL_NAME}). */
export function findModelFileEntry(name: string): ModelFileEntry | undefined {
  const wanted = name === 'default' ? DEFAULT_CHAT_MODEL_NAME : name;
  return MODEL_FILES.find((entry) => entry.name === wanted);
}

/** A parsed `hf:<owner>/<repo>[@<revision>]/<file>` reference. */
export interface HubReference {
  repository: string;
  revision: string;
  path: string;
}

/** Parses `hf:owner/repo[@revision]/path/to/file`; the revision defaults to `main`. */
export function parseHubReference(reference: string): HubReference {
  const match = /^hf:([\w.-]+)\/([\w.-]+?)(?:@([\w.\-/]+?))?\/(.+)$/.exec(reference);
  if (!match) throw new InvalidArgumentError('model', `"${reference}" is not an hf: reference of the form hf:<owner>/<repo>[@<revision>]/<file>`);
  const [, owner, repo, revision, path] = match as unknown as [string, string, string, string | undefined, string];
  if (path.split('/').some((part) => part === '..' || part === '')) throw new InvalidArgumentError('model', `"${reference}": the file path may not contain empty or ".." parts`);
  return { repository: `${owner}/${repo}`, revision: revision ?? 'main', path };
}

function hubEndpoint(environment: NodeJS.ProcessEnv): string {
  return (environment.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
}

/** The download URL of a Hub file at a revision. */
export function hubFileUrl(reference: HubReference, environment: NodeJS.ProcessEnv = process.env): string {
  const encodedPath = reference.path.split('/').map(encodeURIComponent).join('/');
  return `${hubEndpoint(environment)}/${reference.repository}/resolve/${encodeURIComponent(reference.revision)}/${encodedPath}`;
}

function modelsDirectory(options: ModelFileOptions): string {
  const environment = options.environment ?? process.env;
  return join((options.paths ?? resolveWorkspacePaths({}, environment)).cache, 'models');
}

/** Where a Hub file is kept in the cache. */
export function cachedHubFilePath(reference: HubReference, options: ModelFileOptions = {}): string {
  return join(modelsDirectory(options), 'hf', ...reference.repository.split('/'), reference.revision, ...reference.path.split('/'));
}

function isOffline(environment: NodeJS.ProcessEnv): boolean {
  const value = environment.ECG_LLM_OFFLINE?.trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}

/** sha256 of a file on disk. */
export async function sha256OfFile(path: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return digest.digest('hex');
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** What to download and where. */
export interface DownloadRequest {
  url: string;
  destination: string;
  /** The file's expected sha256; the file is refused (and the partial download deleted) on a mismatch. */
  sha256?: string;
  /** The expected size, for the progress bar when the server does not announce it. */
  bytes?: number;
  /** Send `Authorization: Bearer $HF_TOKEN` (only for the Hub endpoint). */
  hubToken?: boolean;
  /** How the user gets the file, for error messages (default {@link MODEL_FETCH_COMMAND}). */
  hint?: string;
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Downloads a file into place once: resumes a `.part` file left by an interrupted attempt, verifies the sha256
 * before the rename, and returns at once when the destination already exists.
 */
export async function downloadModelFile(request: DownloadRequest, options: ModelFileOptions = {}): Promise<string> {
  const environment = options.environment ?? process.env;
  if ((await fileSize(request.destination)) !== undefined) return request.destination;
  const hint = request.hint ?? `Run \`${MODEL_FETCH_COMMAND}\` with a network connection`;
  if (isOffline(environment)) {
    throw new NotFoundError('model file', request.destination, `ECG_LLM_OFFLINE=1 forbids downloading it from ${describeUrl(request.url)}. ${hint}, or unset ECG_LLM_OFFLINE.`);
  }
  const partial = `${request.destination}.part`;
  await mkdir(dirname(request.destination), { recursive: true });
  const already = (await fileSize(partial)) ?? 0;
  const headers: Record<string, string> = {};
  if (already > 0) headers.Range = `bytes=${already}-`;
  const token = environment.HF_TOKEN?.trim();
  if (request.hubToken && token) headers.Authorization = `Bearer ${token}`;
  const shownUrl = describeUrl(request.url);
  const connect = new AbortController();
  const timer = setTimeout(() => connect.abort(new ServiceError('download', `no answer from ${shownUrl} within ${options.connectTimeoutMs ?? 60_000} ms`, { retryable: true, url: shownUrl })), options.connectTimeoutMs ?? 60_000);
  const signal = anySignal(options.signal, connect.signal);
  let response: Response;
  try {
    response = await fetch(request.url, { headers, signal, redirect: 'follow' });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (connect.signal.aborted) throw connect.signal.reason;
    throw new ServiceError('download', `${shownUrl} could not be reached (${error instanceof Error ? error.message : String(error)})`, { retryable: true, url: shownUrl }, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401 || response.status === 403) {
    throw new ServiceError('download', `${shownUrl} refused access; for a gated Hub repository accept its licence on the Hub and set HF_TOKEN`, { status: response.status, url: shownUrl });
  }
  if (response.status === 404) throw new NotFoundError('model file', shownUrl, 'The server has no such file; check the repository, revision and file name.');
  if (response.status === 416 && already > 0) {
    // The partial file is already complete (or longer than the file): verify it as it is.
    await response.body?.cancel();
  } else if (!response.ok || !response.body) {
    throw new ServiceError('download', `${shownUrl} answered ${response.status} ${response.statusText}`, { status: response.status, retryable: response.status >= 500 || response.status === 429, url: shownUrl });
  } else {
    const resuming = response.status === 206 && already > 0;
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const total = Number.isFinite(length) ? length + (resuming ? already : 0) : request.bytes;
    const task = (options.progress ?? silentProgress)(`downloading ${basename(request.destination)}`, total);
    if (resuming) task.tick(already);
    const handle = await open(partial, resuming ? 'a' : 'w');
    const output = createWriteStream('', { fd: handle.fd, autoClose: false } as never);
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
        task.tick(chunk.byteLength);
      }
      await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
      await handle.sync();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new ServiceError('download', `the download of ${shownUrl} broke off; run the command again to resume it (${error instanceof Error ? error.message : String(error)})`, { retryable: true, url: shownUrl }, { cause: error });
    } finally {
      await handle.close();
    }
    task.done();
  }
  if (request.sha256) {
    const actual = await sha256OfFile(partial);
    if (actual !== request.sha256) {
      await rm(partial, { force: true });
      throw new ChecksumMismatchError(request.destination, request.sha256, actual, 'sha256', `The download from ${shownUrl} was deleted; ${hint} to try again.`);
    }
  }
  await rename(partial, request.destination);
  return request.destination;
}

/** Downloads (once) every file of a registry entry; returns their local paths. */
export async function fetchModelFiles(entry: ModelFileEntry, options: ModelFileOptions = {}): Promise<LocalModelFile[]> {
  const environment = options.environment ?? process.env;
  const files: LocalModelFile[] = [];
  for (const file of entry.files) {
    const reference: HubReference = { repository: entry.repository, revision: entry.revision, path: file.path };
    const path = await downloadModelFile(
      { url: hubFileUrl(reference, environment), destination: cachedHubFilePath(reference, options), sha256: file.sha256, bytes: file.bytes, hubToken: true, hint: `Run \`${MODEL_FETCH_COMMAND} ${entry.name}\` with a network connection` },
      options,
    );
    files.push({ path, sha256: file.sha256, source: entry.name });
  }
  return files;
}

/**
 * The local file for a model reference: a registry name, an `hf:` reference, an `https://` URL (downloaded
 * once into the cache) or a local path (which must exist).
 */
export async function ensureModelFile(reference: string, options: ModelFileOptions = {}): Promise<LocalModelFile> {
  const environment = options.environment ?? process.env;
  const entry = findModelFileEntry(reference);
  if (entry) {
    const [first] = await fetchModelFiles({ ...entry, files: entry.files.slice(0, 1) }, options);
    return first as LocalModelFile;
  }
  if (reference.startsWith('hf:')) {
    const hub = parseHubReference(reference);
    const path = await downloadModelFile({ url: hubFileUrl(hub, environment), destination: cachedHubFilePath(hub, options), hubToken: true, hint: `Run again with a network connection to download ${reference}` }, options);
    return { path, source: reference };
  }
  if (/^https?:\/\//.test(reference)) {
    const name = basename(new URL(reference).pathname) || 'model.gguf';
    const folder = createHash('sha256').update(reference).digest('hex').slice(0, 16);
    const path = await downloadModelFile({ url: reference, destination: join(modelsDirectory(options), 'url', folder, name), hint: `Run again with a network connection to download ${describeUrl(reference)}` }, options);
    return { path, source: describeUrl(reference) };
  }
  const root = (options.paths ?? resolveWorkspacePaths({}, environment)).root;
  const path = isAbsolute(reference) ? reference : resolve(root, reference);
  if ((await fileSize(path)) === undefined) {
    throw new NotFoundError('model file', path, `Give a GGUF path, an hf:<owner>/<repo>/<file>.gguf reference, or one of the pinned names: default, ${MODEL_FILES.map((item) => item.name).join(', ')}`);
  }
  return { path, source: 'local' };
}

/** The registry's chat models and whether each is already in the cache. */
export async function listModelFiles(options: ModelFileOptions = {}): Promise<ModelListing[]> {
  const listings: ModelListing[] = [];
  for (const entry of MODEL_FILES) {
    const file = entry.files[0] as z.infer<typeof modelFileSchema>;
    const path = cachedHubFilePath({ repository: entry.repository, revision: entry.revision, path: file.path }, options);
    listings.push({
      id: entry.name,
      digest: `sha256:${file.sha256}`,
      sizeBytes: file.bytes,
      details: { role: entry.role, format: entry.format, repository: entry.repository, revision: entry.revision, file: file.path, downloaded: (await fileSize(path)) !== undefined, licence: entry.licence },
    });
  }
  const hubFolder = join(modelsDirectory(options), 'hf');
  const extra = await readdir(hubFolder, { recursive: true }).catch(() => [] as string[]);
  for (const relative of extra) {
    if (!relative.endsWith('.gguf')) continue;
    const path = join(hubFolder, relative);
    if (listings.some((listing) => listing.details?.file === basename(path) && listing.details?.downloaded)) continue;
    listings.push({ id: path, sizeBytes: await fileSize(path), details: { downloaded: true } });
  }
  return listings;
}
