/**
 * `ecg-llm data fetch|verify|list`: downloads the files of a dataset listed in `data/datasets.json` (or copies
 * them from a local mirror folder), checks every file's SHA-256 and only then publishes it into
 * `data/external/<dataset>/`.
 *
 * Files are first written to a hidden staging folder beside the target (same file system), hashed, and moved
 * into place with an atomic rename only after every file of the dataset has matched its checksum. A
 * checksum mismatch is a {@link ChecksumMismatchError} and leaves nothing behind: no partial download and no
 * unverified file in `data/external/`.
 *
 * `ECG_LLM_DATA_MIRROR=<dir>` (or the `mirror` option) makes fetch copy `<dir>/<file name>` instead of
 * downloading; a relative mirror folder is resolved against the workspace root. A mirror may also be an HTTP(S)
 * base URL (an institute's mirror server): then `<url>/<file name>` is downloaded instead of the upstream URL.
 * Mirrored files are checked exactly like downloads.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hashFile } from '../core/content-hash.js';
import { ChecksumMismatchError, NotFoundError, ServiceError } from '../core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import {
  datasetDirectory,
  findDataset,
  readDatasetManifest,
  type Dataset,
  type DatasetFile,
  type DatasetManifest,
} from './dataset-manifest.js';

/** The environment variable naming a local folder to copy dataset files from instead of downloading. */
export const DATA_MIRROR_VARIABLE = 'ECG_LLM_DATA_MIRROR';

export interface DatasetOptions {
  paths?: WorkspacePaths;
  /** The manifest to use (default: read `data/datasets.json`). */
  manifest?: DatasetManifest;
}

export interface FetchDatasetOptions extends DatasetOptions {
  /** A local folder holding the files by name; default: `ECG_LLM_DATA_MIRROR` from `environment`. */
  mirror?: string;
  environment?: NodeJS.ProcessEnv;
  /** Fetch again even when a verified copy is present. */
  force?: boolean;
  /** Time limit of one download request, including reading the body (default 60 s). */
  timeoutMs?: number;
  /** Attempts per file for retryable failures (network errors, timeouts, HTTP 408/429/5xx); default 3. */
  attempts?: number;
  /** Delay before the first retry, doubled for each further one (default 1 s). */
  retryDelayMs?: number;
  progress?: ProgressFactory;
}

/** What happened to one file. */
export interface FetchedFile {
  name: string;
  path: string;
  sha256: string;
  bytes: number;
  /** `downloaded` / `mirrored`: newly published; `present`: a verified copy was already there. */
  outcome: 'downloaded' | 'mirrored' | 'present';
  /** The URL or mirror path it came from (for `present`: the published path). */
  from: string;
  /** True when a copy with a wrong checksum was replaced. */
  replacedCorruptCopy: boolean;
}

export interface FetchDatasetResult {
  dataset: string;
  directory: string;
  files: FetchedFile[];
}

/** The state of one published file. */
export interface VerifiedFile {
  name: string;
  path: string;
  expected: string;
  /** The actual SHA-256, or null when the file is missing. */
  actual: string | null;
  /** The actual size, or null when the file is missing. */
  bytes: number | null;
  status: 'ok' | 'missing' | 'mismatch';
}

export interface VerifyDatasetResult {
  dataset: string;
  directory: string;
  ok: boolean;
  files: VerifiedFile[];
}

async function loadDataset(name: string, options: DatasetOptions): Promise<{ dataset: Dataset; paths: WorkspacePaths }> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const manifest = options.manifest ?? (await readDatasetManifest(paths));
  return { dataset: findDataset(manifest, name), paths };
}

/**
 * Checks every file of a published dataset against the manifest's SHA-256 (nothing is changed).
 *
 * @example
 * const result = await verifyDataset('human-eval');
 * if (!result.ok) console.log(result.files.filter((file) => file.status !== 'ok'));
 */
export async function verifyDataset(name: string, options: DatasetOptions = {}): Promise<VerifyDatasetResult> {
  const { dataset, paths } = await loadDataset(name, options);
  const directory = datasetDirectory(paths, dataset.name);
  const files: VerifiedFile[] = [];
  for (const file of dataset.files) {
    const path = join(directory, file.name);
    let actual: string | null = null;
    let bytes: number | null = null;
    try {
      ({ sha256: actual, bytes } = await hashFile(path));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const status = actual === null ? 'missing' : actual === file.sha256 ? 'ok' : 'mismatch';
    files.push({ name: file.name, path, expected: file.sha256, actual, bytes, status });
  }
  return { dataset: dataset.name, directory, ok: files.every((file) => file.status === 'ok'), files };
}

/**
 * Throws for the first file of a verification that is not `ok`: a {@link ChecksumMismatchError} naming the
 * file and both checksums, or a {@link NotFoundError} naming the missing file.
 */
export function assertDatasetVerified(result: VerifyDatasetResult): void {
  for (const file of result.files) {
    if (file.status === 'mismatch') {
      const hint = `\`ecg-llm data fetch ${result.dataset}\` replaces it with a verified copy.`;
      throw new ChecksumMismatchError(file.path, file.expected, file.actual ?? '', 'sha256', hint);
    }
    if (file.status === 'missing') {
      throw new NotFoundError('dataset file', file.path, `Run \`ecg-llm data fetch ${result.dataset}\``);
    }
  }
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** A URL as it may be printed or recorded: user name, password and query string removed. */
function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Downloads `url` to `target` (streamed, hashed on the way); returns its SHA-256 and size. */
async function download(
  url: string,
  target: string,
  label: string,
  options: { timeoutMs: number; progress: ProgressFactory },
): Promise<{ sha256: string; bytes: number }> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const shown = printableUrl(url);
  const seconds = `${options.timeoutMs / 1000} s`;
  // fetch() refuses URLs with user:password@; a mirror's credentials travel as HTTP Basic authorization instead.
  const headers: Record<string, string> = { 'user-agent': 'ecg-llm-workspace data fetch' };
  let requestUrl = url;
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
      requestUrl = parsed.toString();
    }
  } catch {
    // not a URL fetch can parse: fetch reports it below
  }
  let response: Response;
  try {
    response = await fetch(requestUrl, { signal, redirect: 'follow', headers });
  } catch (error) {
    const reason = isTimeout(error) ? `no answer within ${seconds}` : `could not connect: ${describeFailure(error)}`;
    throw new ServiceError('download', `${shown}: ${reason}`, { url: shown, retryable: true }, { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    throw new ServiceError('download', `${shown}: the server answered ${status} ${response.statusText}`.trim(), {
      url: shown,
      status,
      retryable: status === 408 || status === 429 || status >= 500,
    });
  }
  const header = response.headers.get('content-length');
  const expectedBytes = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
  const task = options.progress(label, expectedBytes);
  const hash = createHash('sha256');
  const handle = await open(target, 'w');
  let bytes = 0;
  try {
    // Dataset files are small (kilobytes to a few megabytes): the body is read without waiting for the disk between
    // chunks, and written once at the end. Node 24's fetch (undici) can abort the whole process with an internal
    // assertion when a server that closes its connection (HTTP/1.0) ends the socket while the body stream is paused.
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      chunks.push(chunk);
      bytes += chunk.byteLength;
      task.tick(chunk.byteLength);
    }
    await handle.writeFile(Buffer.concat(chunks));
    await handle.sync();
  } catch (error) {
    const reason = isTimeout(error) ? `download not finished within ${seconds}` : `the download broke off after ${bytes} bytes: ${describeFailure(error)}`;
    throw new ServiceError('download', `${shown}: ${reason}`, { url: shown, retryable: true }, { cause: error });
  } finally {
    await handle.close();
  }
  if (expectedBytes !== undefined && bytes !== expectedBytes) {
    throw new ServiceError('download', `${shown}: received ${bytes} bytes, the server announced ${expectedBytes}`, { url: shown, retryable: true });
  }
  task.done(`${bytes} bytes`);
  return { sha256: hash.digest('hex'), bytes };
}

async function downloadWithRetries(
  url: string,
  target: string,
  label: string,
  options: { timeoutMs: number; attempts: number; retryDelayMs: number; progress: ProgressFactory },
): Promise<{ sha256: string; bytes: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await download(url, target, label, options);
    } catch (error) {
      const retryable = error instanceof ServiceError && error.retryable;
      if (!retryable || attempt >= options.attempts) throw error;
      await new Promise((done) => setTimeout(done, options.retryDelayMs * 2 ** (attempt - 1)));
    }
  }
}

/** True when a mirror setting is an HTTP(S) base URL rather than a folder. */
export function isMirrorUrl(mirror: string): boolean {
  return /^https?:\/\//i.test(mirror);
}

async function copyFromMirror(mirror: string, file: DatasetFile, target: string): Promise<{ sha256: string; bytes: number; from: string }> {
  const from = join(mirror, file.name);
  try {
    await copyFile(from, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError('mirrored file', from, `The mirror folder ${mirror} (--mirror or ${DATA_MIRROR_VARIABLE}) has no ${file.name}`);
    }
    throw error;
  }
  return { ...(await hashFile(target)), from };
}

/**
 * Fetches a dataset into `data/external/<name>/`: downloads each file from its pinned URL (or copies it
 * from the mirror folder), checks its SHA-256 and publishes the files only when all of them match. Files
 * already present with the right checksum are kept (unless `force`).
 *
 * @throws {ChecksumMismatchError} a downloaded or mirrored file differs from the manifest (nothing is published).
 * @throws {ServiceError} the download failed (HTTP status, connection, timeout) after the retries.
 * @throws {NotFoundError} an unknown dataset, or a file missing from the mirror.
 * @example
 * await fetchDataset('human-eval', { progress: consoleProgress });
 * // data/external/human-eval/10_questions.csv and 40_questions.csv, both verified
 */
export async function fetchDataset(name: string, options: FetchDatasetOptions = {}): Promise<FetchDatasetResult> {
  const { dataset, paths } = await loadDataset(name, options);
  const environment = options.environment ?? process.env;
  const mirrorSetting = options.mirror ?? environment[DATA_MIRROR_VARIABLE];
  const mirror = mirrorSetting ? (isMirrorUrl(mirrorSetting) ? mirrorSetting : resolve(paths.root, mirrorSetting)) : undefined;
  const progress = options.progress ?? silentProgress;
  const directory = datasetDirectory(paths, dataset.name);
  const current = await verifyDataset(dataset.name, { paths, manifest: { schemaVersion: 1, datasets: [dataset] } });

  const staging = join(paths.externalData, `.${dataset.name}.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  const results: FetchedFile[] = [];
  const toPublish: Array<{ staged: string; target: string }> = [];
  try {
    for (const [index, file] of dataset.files.entries()) {
      const state = current.files[index] as VerifiedFile;
      if (state.status === 'ok' && !options.force) {
        results.push({ name: file.name, path: state.path, sha256: file.sha256, bytes: state.bytes ?? 0, outcome: 'present', from: state.path, replacedCorruptCopy: false });
        continue;
      }
      await mkdir(staging, { recursive: true });
      const staged = join(staging, file.name);
      let fetched: { sha256: string; bytes: number; from: string };
      if (mirror && !isMirrorUrl(mirror)) {
        fetched = await copyFromMirror(mirror, file, staged);
      } else {
        const url = mirror ? `${mirror.replace(/\/+$/, '')}/${encodeURIComponent(file.name)}` : file.url;
        const downloaded = await downloadWithRetries(url, staged, `${dataset.name}/${file.name}`, {
          timeoutMs: options.timeoutMs ?? 60_000,
          attempts: options.attempts ?? 3,
          retryDelayMs: options.retryDelayMs ?? 1000,
          progress,
        });
        fetched = { ...downloaded, from: printableUrl(url) };
      }
      if (fetched.sha256 !== file.sha256) {
        throw new ChecksumMismatchError(`${dataset.name}/${file.name} (from ${fetched.from})`, file.sha256, fetched.sha256);
      }
      toPublish.push({ staged, target: state.path });
      results.push({
        name: file.name,
        path: state.path,
        sha256: fetched.sha256,
        bytes: fetched.bytes,
        outcome: mirror ? 'mirrored' : 'downloaded',
        from: fetched.from,
        replacedCorruptCopy: state.status === 'mismatch',
      });
    }
    if (toPublish.length > 0) {
      await mkdir(directory, { recursive: true });
      for (const { staged, target } of toPublish) await rename(staged, target);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { dataset: dataset.name, directory, files: results };
}

/**
 * Returns the folder of a dataset whose files all match the manifest, fetching it (download or mirror)
 * when files are missing. A present file with a wrong checksum is refused, not silently replaced.
 *
 * @throws {ChecksumMismatchError} a published file was changed; `ecg-llm data fetch <name>` restores it.
 */
export async function ensureDataset(name: string, options: FetchDatasetOptions = {}): Promise<string> {
  const verified = await verifyDataset(name, options);
  if (verified.ok) return verified.directory;
  const corrupt = verified.files.find((file) => file.status === 'mismatch');
  if (corrupt) assertDatasetVerified({ ...verified, files: [corrupt] });
  return (await fetchDataset(name, options)).directory;
}

/** One line of `ecg-llm data list`. */
export interface DatasetListing {
  name: string;
  title: string;
  files: number;
  bytes: number | null;
  directory: string;
  /** `fetched`: every file present and verified; `partial`: some present; `absent`; `corrupt`: a checksum differs. */
  status: 'fetched' | 'partial' | 'absent' | 'corrupt';
  citation: string;
  licence: string;
}

/** Lists the datasets of the manifest with whether they are fetched and verified. */
export async function listDatasets(options: DatasetOptions = {}): Promise<DatasetListing[]> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const manifest = options.manifest ?? (await readDatasetManifest(paths));
  const listings: DatasetListing[] = [];
  for (const dataset of manifest.datasets) {
    const verified = await verifyDataset(dataset.name, { paths, manifest });
    const present = verified.files.filter((file) => file.status !== 'missing').length;
    const status = verified.files.some((file) => file.status === 'mismatch')
      ? 'corrupt'
      : verified.ok
        ? 'fetched'
        : present > 0
          ? 'partial'
          : 'absent';
    const sizes = dataset.files.map((file) => file.bytes);
    listings.push({
      name: dataset.name,
      title: dataset.title,
      files: dataset.files.length,
      bytes: sizes.every((size) => size !== undefined) ? sizes.reduce((sum: number, size) => sum + (size ?? 0), 0) : null,
      directory: verified.directory,
      status,
      citation: dataset.citation,
      licence: dataset.licence.spdx ?? dataset.licence.statement,
    });
  }
  return listings;
}
