/**
 * The Docker backend of the finetuning stage: one training container on a GPU box, driven through the Docker
 * Engine API (plain HTTP with version-prefixed paths, https://docs.docker.com/reference/api/engine/version/v1.43/)
 * over the daemon's unix socket (`/var/run/docker.sock`, the default) or TCP (`DOCKER_HOST=tcp://host:2376`,
 * with TLS when `DOCKER_TLS_VERIFY=1` and `DOCKER_CERT_PATH` holds `ca.pem`, `cert.pem`, `key.pem`).
 * `DOCKER_HOST=ssh://…` is not spoken directly: forward the remote socket with
 * `ssh -N -L /tmp/gpu-box.sock:/var/run/docker.sock user@gpu-box` and set `DOCKER_HOST=unix:///tmp/gpu-box.sock`
 * (see docs/finetuning-backends.md).
 *
 * Endpoints used (Engine API v1.43): `GET /images/{name}/json`, `POST /images/create` (pull by digest, progress
 * streamed as JSON lines), `POST /containers/create`, `PUT /containers/{id}/archive` (inputs, when the daemon is
 * remote), `POST /containers/{id}/start`, `GET /containers/{id}/json` (`State.Status`, `ExitCode`, `Error`,
 * `OOMKilled`), `GET /containers/{id}/logs` (the multiplexed stream: 8-byte frame headers), `POST
 * /containers/{id}/stop`, `GET /containers/{id}/archive?path=/output` (a tar of the outputs), `DELETE
 * /containers/{id}`. Error bodies `{"message": "..."}` become {@link ServiceError}s carrying the daemon's message.
 *
 * Two ways to move files:
 * - `bind` (default for a unix socket: the daemon runs on this machine): the input folder is bind-mounted
 *   read-only at `/input` and the output folder at `/output`, so outputs appear locally while the job runs.
 * - `copy` (default for TCP: the daemon is on another machine): the inputs are uploaded into the container
 *   before it starts (files read-only, mode 0444), `/output` lives in the container, and {@link
 *   DockerTrainingBackend.fetchOutputs} downloads it as a tar archive.
 *
 * Secrets (`secretEnvironment`) go only into the container-create request body; they are never part of a job
 * handle, an error or a progress line.
 */
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';
import { ConfigurationError, InvalidArgumentError, NotFoundError, ServiceError } from '../../core/errors.js';
import { silentProgress, type ProgressFactory } from '../../core/progress.js';
import { redactText } from '../../core/secrets.js';
import type {
  TrainingBackend,
  TrainingJobHandle,
  TrainingJobObservation,
  TrainingLogChunk,
  TrainingSubmission,
} from '../training-backend.js';
import { createTar, extractTar } from './tar-archive.js';

const SERVICE = 'Docker Engine';

/** Where the Docker daemon listens. */
export type DockerEndpoint =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean };

/** The daemon's default socket on Linux. */
export const defaultDockerSocket = '/var/run/docker.sock';

/**
 * Parses a `DOCKER_HOST` value the way the Docker CLI documents it: `unix:///path/to/socket`,
 * `tcp://host:port` (port 2376 when TLS is on, else 2375, when omitted), or undefined/empty for the default
 * socket. `ssh://` is refused with a hint (forward the socket with `ssh -L`); so is anything else.
 *
 * @example
 * parseDockerHost('tcp://gpu-box:2376', { tls: true }); // { kind: 'tcp', host: 'gpu-box', port: 2376, tls: true }
 * parseDockerHost(undefined);                          // { kind: 'unix', socketPath: '/var/run/docker.sock' }
 */
export function parseDockerHost(value: string | undefined, options: { tls?: boolean } = {}): DockerEndpoint {
  const text = (value ?? '').trim();
  if (text === '') return { kind: 'unix', socketPath: defaultDockerSocket };
  if (text.startsWith('unix://')) {
    const socketPath = text.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new ConfigurationError('DOCKER_HOST', `"${text}": a unix socket needs an absolute path, e.g. unix:///var/run/docker.sock`);
    return { kind: 'unix', socketPath };
  }
  if (text.startsWith('ssh://')) {
    throw new ConfigurationError(
      'DOCKER_HOST',
      `"${text}": ssh:// is not supported directly. Forward the remote socket, e.g. ` +
        '`ssh -N -L /tmp/gpu-box.sock:/var/run/docker.sock user@gpu-box`, and set DOCKER_HOST=unix:///tmp/gpu-box.sock ' +
        '(docs/finetuning-backends.md).',
    );
  }
  const match = /^(tcp|https?):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(text);
  if (!match) throw new ConfigurationError('DOCKER_HOST', `"${text}" is not unix:///path or tcp://host:port`);
  const tls = options.tls ?? match[1] === 'https';
  const port = match[3] === undefined ? (tls ? 2376 : 2375) : Number(match[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigurationError('DOCKER_HOST', `"${text}": port must be 1-65535`);
  return { kind: 'tcp', host: match[2]!.replace(/^\[|\]$/g, ''), port, tls };
}

/** The endpoint as a short, secret-free text (stored in job handles). */
export function describeDockerEndpoint(endpoint: DockerEndpoint): string {
  return endpoint.kind === 'unix' ? `unix://${endpoint.socketPath}` : `${endpoint.tls ? 'https' : 'tcp'}://${endpoint.host}:${endpoint.port}`;
}

export interface DockerBackendOptions {
  /** A `DOCKER_HOST` value; default: the `DOCKER_HOST` environment variable, else the default socket. */
  host?: string;
  /** Engine API version prefix (default `1.43`, Docker Engine 24; any newer daemon accepts it). */
  apiVersion?: string;
  /** `bind` (daemon on this machine) or `copy` (remote daemon); default: bind for a unix socket, copy for TCP. */
  transfer?: 'bind' | 'copy';
  /** Shared memory for the container in GiB (PyTorch data loaders need more than Docker's 64 MiB; default 8). */
  shmSizeGiB?: number;
  /** Seconds between SIGTERM and SIGKILL on cancel (default 30: time for the trainer to write status.json). */
  stopTimeoutSeconds?: number;
  /** Per-request timeout in milliseconds for everything except the image pull (default 60 000). */
  requestTimeoutMs?: number;
  /** Lines of log included in the reason of a failed job (default 20). */
  failureLogLines?: number;
  /** Progress of the image pull and of collecting outputs (default: silent). */
  progress?: ProgressFactory;
  /** Environment to read `DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH` from (default `process.env`). */
  environment?: NodeJS.ProcessEnv;
}

interface DockerResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** The payloads of a multiplexed log stream (`[stream, 0, 0, 0, size(4, big-endian)]` + payload), in order. */
export function demultiplexDockerStream(data: Buffer): { stream: number; payload: Buffer }[] {
  const frames: { stream: number; payload: Buffer }[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    const stream = data[offset]!;
    const size = data.readUInt32BE(offset + 4);
    const end = Math.min(offset + 8 + size, data.length);
    frames.push({ stream, payload: data.subarray(offset + 8, end) });
    offset = end;
  }
  return frames;
}

function isDigestReference(image: string): boolean {
  return /^[a-z0-9][a-z0-9._:/-]*@sha256:[0-9a-f]{64}$/.test(image);
}

/** Splits `repo@sha256:…` into the `fromImage` and `tag` query of `POST /images/create`, as the Docker CLI does. */
function pullQuery(image: string): Record<string, string> {
  const at = image.indexOf('@');
  return { fromImage: image.slice(0, at), tag: image.slice(at + 1) };
}

/** Splits `<RFC 3339 timestamp> <message>` (a log message read with `timestamps=1`). */
function splitTimestamp(message: string): { timestamp?: string; content: string } {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) /.exec(message);
  return match ? { timestamp: match[1]!, content: message.slice(match[0].length) } : { content: message };
}

/**
 * The `since` query value for a log timestamp: UNIX seconds with a nanosecond fraction, the form the Docker
 * CLI sends (`1764649983.123456789`).
 */
export function dockerSinceParameter(timestamp: string): string {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(timestamp);
  if (!match) throw new InvalidArgumentError('timestamp', `"${timestamp}" is not an RFC 3339 UTC timestamp`);
  const seconds = Date.parse(`${match[1]}Z`) / 1000;
  return `${seconds}.${(match[2] ?? '').padEnd(9, '0').slice(0, 9)}`;
}

/** A TrainingBackend running the job as one container through the Docker Engine API. */
export class DockerTrainingBackend implements TrainingBackend {
  readonly name = 'docker' as const;
  readonly endpoint: DockerEndpoint;
  private readonly apiVersion: string;
  private readonly transfer: 'bind' | 'copy';
  private readonly options: DockerBackendOptions;
  private tlsFiles: Promise<{ ca: Buffer; cert: Buffer; key: Buffer }> | undefined;
  /** Secret values of submissions made through this instance, scrubbed from any daemon message. */
  private readonly secrets = new Set<string>();
  /** Per container: the log offset returned last, the timestamp of the last message and how many messages had it. */
  private readonly logCursors = new Map<string, { next: number; timestamp: string; sameTimestamp: number }>();

  constructor(options: DockerBackendOptions = {}) {
    const environment = options.environment ?? process.env;
    const tlsVerify = environment.DOCKER_TLS_VERIFY !== undefined && environment.DOCKER_TLS_VERIFY !== '' && environment.DOCKER_TLS_VERIFY !== '0';
    this.endpoint = parseDockerHost(options.host ?? environment.DOCKER_HOST, tlsVerify ? { tls: true } : {});
    this.apiVersion = options.apiVersion ?? '1.43';
    if (!/^\d+\.\d+$/.test(this.apiVersion)) throw new InvalidArgumentError('apiVersion', `"${this.apiVersion}" is not a version such as 1.43`);
    this.transfer = options.transfer ?? (this.endpoint.kind === 'unix' ? 'bind' : 'copy');
    this.options = options;
    if (this.endpoint.kind === 'tcp' && this.endpoint.tls) {
      const certPath = environment.DOCKER_CERT_PATH;
      if (!certPath) throw new ConfigurationError('DOCKER_CERT_PATH', 'TLS is on (DOCKER_TLS_VERIFY or https://) but DOCKER_CERT_PATH does not name the folder with ca.pem, cert.pem and key.pem');
      this.tlsFiles = Promise.all([readFile(join(certPath, 'ca.pem')), readFile(join(certPath, 'cert.pem')), readFile(join(certPath, 'key.pem'))]).then(([ca, cert, key]) => ({ ca, cert, key }));
    }
  }

  private scrub(text: string): string {
    return redactText(text, [...this.secrets]);
  }

  private endpointText(): string {
    return describeDockerEndpoint(this.endpoint);
  }

  /** Sends one request; the response body is returned whole, or handed to `onStream` as it arrives. */
  private async send(
    method: string,
    path: string,
    init: { query?: Record<string, string | number | boolean>; body?: unknown; raw?: { data: Buffer; contentType: string }; signal?: AbortSignal; timeoutMs?: number | null; onStream?: (response: IncomingMessage) => Promise<void> } = {},
  ): Promise<DockerResponse> {
    const query = init.query ? `?${new URLSearchParams(Object.entries(init.query).map(([key, value]) => [key, String(value)])).toString()}` : '';
    const fullPath = `/v${this.apiVersion}${path}${query}`;
    const payload = init.raw?.data ?? (init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body), 'utf8'));
    // Over a unix socket the Host header is arbitrary (the CLI sends "docker"); over TCP Node sets host:port,
    // which TLS also uses to check the daemon's certificate.
    const headers: Record<string, string> = { 'user-agent': 'ecg-llm-workspace', ...(this.endpoint.kind === 'unix' ? { host: 'docker' } : {}) };
    if (payload) {
      headers['content-type'] = init.raw?.contentType ?? 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const base: RequestOptions = { method, path: fullPath, headers, signal: init.signal };
    const timeoutMs = init.timeoutMs === undefined ? (this.options.requestTimeoutMs ?? 60_000) : init.timeoutMs;
    const tls = this.tlsFiles ? await this.tlsFiles : undefined;
    const where = `${method} ${path}`;
    return new Promise<DockerResponse>((resolvePromise, rejectPromise) => {
      const onResponse = (response: IncomingMessage): void => {
        const ok = response.statusCode !== undefined && response.statusCode < 300;
        if (ok && init.onStream) {
          init.onStream(response).then(
            () => resolvePromise({ status: response.statusCode!, headers: response.headers, body: Buffer.alloc(0) }),
            (error: unknown) => rejectPromise(error),
          );
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => rejectPromise(this.transportError(where, error)));
        response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      };
      const outgoing =
        this.endpoint.kind === 'unix'
          ? httpRequest({ ...base, socketPath: this.endpoint.socketPath }, onResponse)
          : this.endpoint.tls
            ? httpsRequest({ ...base, host: this.endpoint.host, port: this.endpoint.port, ca: tls?.ca, cert: tls?.cert, key: tls?.key }, onResponse)
            : httpRequest({ ...base, host: this.endpoint.host, port: this.endpoint.port }, onResponse);
      if (timeoutMs !== null) {
        outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new ServiceError(SERVICE, `${where} at ${this.endpointText()} timed out after ${timeoutMs} ms`, { retryable: true })));
      }
      outgoing.on('error', (error) => rejectPromise(error instanceof ServiceError ? error : this.transportError(where, error)));
      outgoing.end(payload);
    });
  }

  private transportError(where: string, error: unknown): ServiceError {
    const code = (error as NodeJS.ErrnoException).code;
    if ((error as Error).name === 'AbortError') return new ServiceError(SERVICE, `${where}: aborted`, { retryable: false }, { cause: error });
    const hint =
      code === 'ENOENT' || code === 'ECONNREFUSED'
        ? ' (is the Docker daemon running, and is DOCKER_HOST right?)'
        : code === 'EACCES'
          ? ' (permission denied on the socket: add your user to the "docker" group)'
          : '';
    return new ServiceError(SERVICE, `${where}: cannot reach the daemon at ${this.endpointText()}: ${code ?? (error as Error).message}${hint}`, { retryable: true }, { cause: error });
  }

  /** The ServiceError for a non-2xx answer, carrying the daemon's `message`. */
  private responseError(where: string, response: DockerResponse): ServiceError {
    let message = response.body.toString('utf8').trim();
    try {
      const parsed = JSON.parse(message) as { message?: unknown };
      if (typeof parsed.message === 'string') message = parsed.message;
    } catch {
      // not JSON: keep the text
    }
    return new ServiceError(SERVICE, `${where}: ${this.scrub(message || 'no message')}`, { status: response.status, retryable: response.status >= 500 });
  }

  private checkHandle(job: TrainingJobHandle): void {
    if (job.backend !== 'docker') throw new InvalidArgumentError('job', `a ${job.backend} job cannot be read by the Docker backend`);
    const submittedTo = job.details?.endpoint;
    if (typeof submittedTo === 'string' && submittedTo !== this.endpointText()) {
      throw new ConfigurationError('DOCKER_HOST', `job ${job.name} was submitted to ${submittedTo}, but this backend talks to ${this.endpointText()}; set DOCKER_HOST=${submittedTo}`);
    }
  }

  /** Pulls the image by digest unless the daemon has it, reporting layer progress. */
  private async ensureImage(image: string, signal: AbortSignal | undefined): Promise<void> {
    const inspect = await this.send('GET', `/images/${image}/json`, { signal });
    if (inspect.status === 200) return;
    if (inspect.status !== 404) throw this.responseError(`GET /images/${image}/json`, inspect);
    const task = (this.options.progress ?? silentProgress)(`pulling ${image.slice(0, image.indexOf('@') + 20)}…`);
    let failure: string | undefined;
    const response = await this.send('POST', '/images/create', {
      query: pullQuery(image),
      signal,
      timeoutMs: null,
      onStream: async (stream) => {
        let pending = '';
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          pending += chunk.toString('utf8');
          let newline: number;
          while ((newline = pending.indexOf('\n')) !== -1) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (!line) continue;
            try {
              const message = JSON.parse(line) as { status?: string; error?: string; errorDetail?: { message?: string } };
              if (message.error || message.errorDetail) failure = message.errorDetail?.message ?? message.error;
              else if (message.status === 'Pull complete' || message.status === 'Already exists') task.tick();
            } catch {
              // a line that is not JSON: ignore, the daemon's final state is what counts
            }
          }
        }
      },
    });
    if (response.status >= 300) throw this.responseError('POST /images/create', response);
    if (failure !== undefined) throw new ServiceError(SERVICE, `pulling ${image} failed: ${this.scrub(failure)}`, { retryable: false });
    task.done('pulled');
  }

  async submit(submission: TrainingSubmission, options: { signal?: AbortSignal } = {}): Promise<TrainingJobHandle> {
    const signal = options.signal;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(submission.name)) throw new InvalidArgumentError('name', `"${submission.name}" is not a container name (letters, digits, "_", ".", "-")`);
    if (!isDigestReference(submission.image)) throw new InvalidArgumentError('image', `"${submission.image}" is not pinned by digest (repository@sha256:<64 hex digits>)`);
    const gpus = submission.resources.gpus;
    if (!Number.isInteger(gpus) || gpus < 0) throw new InvalidArgumentError('resources.gpus', `${gpus} is not a whole number of GPUs`);
    for (const value of Object.values(submission.secretEnvironment ?? {})) if (value) this.secrets.add(value);
    await this.ensureImage(submission.image, signal);

    const environment = [
      ...Object.entries(submission.environment ?? {}).map(([key, value]) => `${key}=${value}`),
      ...Object.entries(submission.secretEnvironment ?? {}).map(([key, value]) => `${key}=${value}`),
    ];
    const hostConfig: Record<string, unknown> = {
      ShmSize: Math.round((this.options.shmSizeGiB ?? 8) * 2 ** 30),
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
    };
    if (this.transfer === 'bind') {
      hostConfig.Binds = [`${resolve(submission.inputDirectory)}:/input:ro`, `${resolve(submission.outputDirectory)}:/output`];
    }
    if (gpus > 0) hostConfig.DeviceRequests = [{ Driver: 'nvidia', Count: gpus, Capabilities: [['gpu']] }];
    if (submission.resources.cpus !== undefined) hostConfig.NanoCpus = Math.round(submission.resources.cpus * 1e9);
    if (submission.resources.memoryGiB !== undefined) hostConfig.Memory = Math.round(submission.resources.memoryGiB * 2 ** 30);
    const createBody: Record<string, unknown> = {
      Image: submission.image,
      Env: environment,
      Labels: { 'org.ecg-llm.job': submission.name },
      Tty: false,
      AttachStdout: false,
      AttachStderr: false,
      HostConfig: hostConfig,
    };
    // The submission's command replaces the image's entrypoint (as Kubernetes `command` does); the image's CMD is then not used.
    if (submission.command) createBody.Entrypoint = submission.command;
    const created = await this.send('POST', '/containers/create', { query: { name: submission.name }, body: createBody, signal });
    if (created.status !== 201) throw this.responseError('POST /containers/create', created);
    const id = (JSON.parse(created.body.toString('utf8')) as { Id: string }).Id;
    try {
      if (this.transfer === 'copy') {
        const archive = await createTar(submission.inputDirectory, { prefix: 'input', fileMode: 0o444, directoryMode: 0o555 });
        const outputFolder = await createTarOfEmptyFolder('output');
        for (const [label, data] of [['inputs', archive], ['output folder', outputFolder]] as const) {
          const uploaded = await this.send('PUT', `/containers/${id}/archive`, { query: { path: '/' }, raw: { data, contentType: 'application/x-tar' }, signal });
          if (uploaded.status !== 200) throw this.responseError(`PUT /containers/${id.slice(0, 12)}/archive (${label})`, uploaded);
        }
      }
      const started = await this.send('POST', `/containers/${id}/start`, { signal });
      if (started.status !== 204 && started.status !== 304) throw this.responseError(`POST /containers/${id.slice(0, 12)}/start`, started);
    } catch (error) {
      // A container that never ran would block a second submission under the same name: remove it.
      await this.send('DELETE', `/containers/${id}`, { query: { force: true } }).catch(() => undefined);
      throw error;
    }
    return {
      backend: 'docker',
      id,
      name: submission.name,
      outputDirectory: submission.outputDirectory,
      details: { endpoint: this.endpointText(), apiVersion: this.apiVersion, transfer: this.transfer },
    };
  }

  async status(job: TrainingJobHandle, options: { signal?: AbortSignal } = {}): Promise<TrainingJobObservation> {
    this.checkHandle(job);
    const response = await this.send('GET', `/containers/${job.id}/json`, { signal: options.signal });
    if (response.status === 404) {
      return { state: 'lost', schedulerState: 'not found', reason: `the daemon at ${this.endpointText()} no longer knows container ${job.id.slice(0, 12)} (${job.name}); it was removed` };
    }
    if (response.status !== 200) throw this.responseError(`GET /containers/${job.id.slice(0, 12)}/json`, response);
    const inspect = JSON.parse(response.body.toString('utf8')) as {
      State?: { Status?: string; ExitCode?: number; Error?: string; OOMKilled?: boolean };
    };
    const state = inspect.State ?? {};
    const schedulerState = state.Status ?? 'unknown';
    switch (schedulerState) {
      case 'created':
        return { state: 'pending', schedulerState };
      case 'running':
      case 'paused':
      case 'restarting':
      case 'removing':
        return { state: 'running', schedulerState };
      case 'exited':
      case 'dead': {
        const exitCode = state.ExitCode ?? null;
        if (exitCode === 0 && !state.OOMKilled) return { state: 'succeeded', schedulerState, exitCode };
        if (!state.OOMKilled && (exitCode === 143 || exitCode === 137)) {
          return { state: 'cancelled', schedulerState, exitCode, reason: `stopped by a signal (exit code ${exitCode}: ${exitCode === 143 ? 'SIGTERM' : 'SIGKILL'})` };
        }
        const why = state.OOMKilled ? 'killed: out of memory (OOMKilled)' : state.Error ? this.scrub(state.Error) : `exit code ${exitCode}`;
        const tail = await this.logTail(job, options.signal).catch(() => '');
        return { state: 'failed', schedulerState, exitCode, reason: tail ? `${why}; last lines of the log:\n${tail}` : why };
      }
      default:
        return { state: 'running', schedulerState, reason: `unrecognised container state "${schedulerState}"` };
    }
  }

  /** The log as messages (one frame each in the multiplexed stream); a TTY container's raw stream is one message. */
  private async readLogMessages(job: TrainingJobHandle, query: Record<string, string | number | boolean>, signal: AbortSignal | undefined): Promise<string[]> {
    const response = await this.send('GET', `/containers/${job.id}/logs`, { query: { stdout: true, stderr: true, ...query }, signal });
    if (response.status === 404) throw new NotFoundError('Docker container', `${job.id.slice(0, 12)} (${job.name})`, 'the container was removed; its log is gone');
    if (response.status !== 200) throw this.responseError(`GET /containers/${job.id.slice(0, 12)}/logs`, response);
    const contentType = String(response.headers['content-type'] ?? '');
    // API >= 1.42 names the format; older daemons send the multiplexed format for non-TTY containers.
    if (contentType.includes('raw-stream')) return [this.scrub(new TextDecoder('utf-8').decode(response.body))];
    return demultiplexDockerStream(response.body).map((frame) => this.scrub(new TextDecoder('utf-8').decode(frame.payload)));
  }

  private async readLogs(job: TrainingJobHandle, query: Record<string, string | number | boolean>, signal: AbortSignal | undefined): Promise<string> {
    return (await this.readLogMessages(job, query, signal)).join('');
  }

  private async logTail(job: TrainingJobHandle, signal: AbortSignal | undefined): Promise<string> {
    const lines = this.options.failureLogLines ?? 20;
    return (await this.readLogs(job, { tail: lines }, signal)).trimEnd();
  }

  /**
   * The container's log from character offset `from`. Each log message comes with the daemon's timestamp
   * (`timestamps=1`, RFC 3339 with nanoseconds). The first call reads the whole log; while a caller keeps asking
   * from the offset this instance returned last, only messages `since` the last timestamp seen are fetched (the
   * daemon's `since` is inclusive, so the messages already delivered with that same timestamp are skipped).
   * Any other offset reads the whole log again.
   */
  async logs(job: TrainingJobHandle, from: number, options: { signal?: AbortSignal } = {}): Promise<TrainingLogChunk> {
    this.checkHandle(job);
    if (!Number.isInteger(from) || from < 0) throw new InvalidArgumentError('from', `${from} is not a character offset`);
    const cursor = this.logCursors.get(job.id);
    const incremental = cursor !== undefined && cursor.next === from;
    const messages = (await this.readLogMessages(job, { timestamps: true, ...(incremental ? { since: dockerSinceParameter(cursor.timestamp) } : {}) }, options.signal)).map(splitTimestamp);
    let fresh = messages;
    if (incremental) {
      let skip = cursor.sameTimestamp;
      fresh = messages.filter((message) => {
        if (message.timestamp !== undefined && message.timestamp < cursor.timestamp) return false;
        if (message.timestamp === cursor.timestamp && skip > 0) {
          skip -= 1;
          return false;
        }
        return true;
      });
    }
    const text = fresh.map((message) => message.content).join('');
    const total = incremental ? cursor.next + text.length : text.length;
    const last = messages.at(-1)?.timestamp;
    if (last !== undefined) {
      // The answer holds every message stamped `last` (since is inclusive), delivered before or now.
      const sameTimestamp = messages.filter((message) => message.timestamp === last).length;
      this.logCursors.set(job.id, { next: total, timestamp: last, sameTimestamp });
    } else if (!incremental) {
      this.logCursors.delete(job.id);
    }
    if (incremental) return { text, next: total };
    return { text: text.slice(Math.min(from, text.length)), next: Math.max(text.length, from) };
  }

  async cancel(job: TrainingJobHandle, options: { signal?: AbortSignal } = {}): Promise<void> {
    this.checkHandle(job);
    const grace = this.options.stopTimeoutSeconds ?? 30;
    const response = await this.send('POST', `/containers/${job.id}/stop`, { query: { t: grace }, signal: options.signal, timeoutMs: (grace + 30) * 1000 });
    if (response.status === 204 || response.status === 304) return; // 304: it had already stopped
    if (response.status === 404) throw new NotFoundError('Docker container', `${job.id.slice(0, 12)} (${job.name})`);
    // The stop request failed (e.g. the daemon could not deliver SIGTERM): kill it.
    const killed = await this.send('POST', `/containers/${job.id}/kill`, { signal: options.signal });
    if (killed.status !== 204 && killed.status !== 409) throw this.responseError(`POST /containers/${job.id.slice(0, 12)}/kill`, killed);
  }

  /**
   * Copies `/output` into `destination`. With bind mounts and `destination` equal to the job's output folder
   * the files are already there; otherwise the folder is downloaded as a tar archive (`GET .../archive`).
   */
  async fetchOutputs(job: TrainingJobHandle, destination: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    this.checkHandle(job);
    const transfer = job.details?.transfer ?? this.transfer;
    if (transfer === 'bind' && resolve(destination) === resolve(job.outputDirectory)) return;
    const where = `GET /containers/${job.id.slice(0, 12)}/archive?path=/output`;
    const response = await this.send('GET', `/containers/${job.id}/archive`, {
      query: { path: '/output' },
      signal: options.signal,
      timeoutMs: null,
      onStream: async (stream) => {
        const task = (this.options.progress ?? silentProgress)(`collecting /output of ${job.name}`);
        const files = await extractTar(stream as AsyncIterable<Buffer>, destination, { stripComponents: 1, source: `${this.endpointText()} ${where}`, onFile: () => task.tick() });
        task.done(`${files.length} files`);
      },
    });
    if (response.status === 404) throw new NotFoundError('Docker container or its /output', `${job.id.slice(0, 12)} (${job.name})`, this.scrub(response.body.toString('utf8')));
    if (response.status >= 300) throw this.responseError(where, response);
  }

  /** Removes the finished container (its log and, in `copy` mode, its outputs go with it). */
  async remove(job: TrainingJobHandle, options: { signal?: AbortSignal } = {}): Promise<void> {
    this.checkHandle(job);
    const response = await this.send('DELETE', `/containers/${job.id}`, { query: { force: true }, signal: options.signal });
    if (response.status !== 204 && response.status !== 404) throw this.responseError(`DELETE /containers/${job.id.slice(0, 12)}`, response);
  }
}

/** A tar archive holding one empty, world-writable folder (the container's `/output` in copy mode). */
async function createTarOfEmptyFolder(name: string): Promise<Buffer> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const empty = await mkdtemp(join(tmpdir(), 'ecg-llm-empty-'));
  try {
    return await createTar(empty, { prefix: name, directoryMode: 0o777 });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
}

/** Creates the Docker backend (see {@link DockerBackendOptions}). */
export function createDockerTrainingBackend(options: DockerBackendOptions = {}): DockerTrainingBackend {
  return new DockerTrainingBackend(options);
}
