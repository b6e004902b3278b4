/**
 * A local server speaking the Docker Engine API (https://docs.docker.com/reference/api/engine/version/v1.43/)
 * for the Docker finetuning backend: version-prefixed paths (`/v1.43/...`; a version above the maximum is
 * refused with HTTP 400 as the daemon does), JSON bodies, errors as `{"message": "..."}` with the daemon's status
 * codes (404 no such container/image, 409 name conflict, 500 daemon error), the image pull progress stream
 * (JSON lines, failures as `errorDetail` lines), the multiplexed log stream (8-byte frame headers:
 * `[stream, 0, 0, 0, size uint32 big-endian]`, content type `application/vnd.docker.multiplexed-stream`), and
 * tar archives for `GET`/`PUT /containers/{id}/archive` made and unpacked by GNU tar (with the
 * `X-Docker-Container-Path-Stat` header).
 *
 * A started container runs {@link simulateTrainingRun}: it writes the container contract's files into its
 * `/output` (the bind-mounted host folder, or a folder of its own when inputs were copied in) over a few
 * hundred milliseconds. Failures to inject: `outcome` per container (`fail`, `oom`, `run-until-stopped`),
 * `pullFailure` (`status` 404 or an `errorDetail` line in the stream), `noGpu` (start fails as on a host
 * without the NVIDIA runtime), `vanish(id)` (the container disappears: 404 afterwards), and `intercept` for
 * any HTTP error, dropped connection or slow answer on any route.
 *
 * @example
 * const docker = await startDockerEngineServer({ images: [image] });
 * const backend = createDockerTrainingBackend({ host: docker.url.replace('http', 'tcp') });
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendJson, startRecordingServer, type RecordedRequest, type ServerOptions, type TestServer } from './scripted-server.js';
import { simulateTrainingRun, type SimulatedOutcome } from './simulated-training.js';

export interface DockerEngineServerOptions extends ServerOptions {
  /** Listen on this unix socket instead of TCP. */
  socketPath?: string;
  /** Images the daemon already has (`repository@sha256:…`). */
  images?: string[];
  /** Images a pull can fetch (default: any digest reference). */
  pullable?: string[];
  /** Make pulls fail: `status` answers 404 before streaming, `stream` sends an `errorDetail` line. */
  pullFailure?: 'status' | 'stream';
  /** How each container's run ends (by container name; default `succeed`). */
  outcome?: SimulatedOutcome | ((name: string) => SimulatedOutcome);
  /** Steps and milliseconds per step of the simulated run. */
  steps?: number;
  stepMs?: number;
  /** The host has no NVIDIA container runtime: starting a GPU container fails with HTTP 500. */
  noGpu?: boolean;
  /** The newest API version the daemon speaks (default 1.47, Docker Engine 27). */
  maxApiVersion?: string;
  /** Stamp every log message with this one time (to exercise messages that share a timestamp). */
  frozenLogTime?: string;
}

interface ContainerState {
  Status: 'created' | 'running' | 'exited';
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

export interface SimulatedContainer {
  id: string;
  name: string;
  /** The create request's body as received. */
  config: Record<string, unknown>;
  state: ContainerState;
  /** Log messages with their time, RFC 3339 with nine fraction digits as the daemon writes it. */
  frames: { stream: 1 | 2; data: Buffer; time: string }[];
  /** The container's own file system (copy mode puts /input and /output here). */
  root: string;
  inputDirectory: string;
  outputDirectory: string;
  abort?: AbortController;
  finished?: Promise<void>;
}

export interface DockerEngineTestServer extends TestServer {
  readonly containers: Map<string, SimulatedContainer>;
  /** Deletes a container behind the client's back (the job becomes `lost`). */
  vanish(idOrName: string): void;
  /** Resolves when the container's simulated run has ended. */
  waitForExit(idOrName: string): Promise<void>;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function compareVersions(left: string, right: string): number {
  const [leftMajor, leftMinor] = left.split('.').map(Number);
  const [rightMajor, rightMinor] = right.split('.').map(Number);
  return leftMajor! - rightMajor! || leftMinor! - rightMinor!;
}

function message(response: ServerResponse, status: number, text: string): void {
  sendJson(response, status, { message: text });
}

/** Now as RFC 3339 with nanoseconds (Go's RFC3339NanoFixed, the format of `docker logs --timestamps`). */
function logTime(): string {
  const now = Date.now();
  const subMillisecond = Math.floor((performance.now() % 1) * 1e6);
  const nanoseconds = String((now % 1000) * 1e6 + subMillisecond).padStart(9, '0');
  return `${new Date(now - (now % 1000)).toISOString().slice(0, 19)}.${nanoseconds}Z`;
}

/** `since` (UNIX seconds, optionally with a nanosecond fraction) as a comparable RFC 3339 string. */
function sinceTime(value: string): string {
  const [seconds, fraction = ''] = value.split('.');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction.padEnd(9, '0').slice(0, 9)}Z`;
}

function frame(stream: 1 | 2, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

/** Runs GNU tar; resolves with its exit code. */
function runTar(args: string[], input?: Buffer, output?: ServerResponse): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { stdio: [input ? 'pipe' : 'ignore', output ? 'pipe' : 'ignore', 'inherit'] });
    child.on('error', reject);
    if (output) child.stdout!.pipe(output);
    if (input) child.stdin!.end(input);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Starts a Docker Engine API server on 127.0.0.1 (or a unix socket). */
export async function startDockerEngineServer(options: DockerEngineServerOptions = {}): Promise<DockerEngineTestServer> {
  const images = new Set(options.images ?? []);
  const containers = new Map<string, SimulatedContainer>();
  const maxApiVersion = options.maxApiVersion ?? '1.47';
  const work = await mkdtemp(join(tmpdir(), 'docker-engine-server-'));
  /** Every simulated run, also of containers removed since: close() waits for all before removing files. */
  const runs = new Set<Promise<void>>();
  let counter = 0;

  const find = (idOrName: string): SimulatedContainer | undefined => {
    const direct = containers.get(idOrName);
    if (direct) return direct;
    for (const container of containers.values()) {
      if (container.name === idOrName.replace(/^\//, '') || (idOrName.length >= 12 && container.id.startsWith(idOrName))) return container;
    }
    return undefined;
  };
  const outcomeOf = (name: string): SimulatedOutcome =>
    typeof options.outcome === 'function' ? options.outcome(name) : (options.outcome ?? 'succeed');

  const start = (container: SimulatedContainer): void => {
    const abort = new AbortController();
    container.abort = abort;
    container.state = { ...container.state, Status: 'running', Running: true, Pid: 4242, StartedAt: new Date().toISOString() };
    container.finished = simulateTrainingRun(
      container.inputDirectory,
      container.outputDirectory,
      { outcome: outcomeOf(container.name), steps: options.steps, stepMs: options.stepMs },
      { signal: abort.signal, log: (line, stream) => container.frames.push({ stream, data: Buffer.from(`${line}\n`, 'utf8'), time: options.frozenLogTime ?? logTime() }) },
    ).then(
      (exit) => {
        container.state = { ...container.state, Status: 'exited', Running: false, Pid: 0, ExitCode: exit.exitCode, OOMKilled: exit.oomKilled, Error: exit.error, FinishedAt: new Date().toISOString() };
      },
      (error: Error) => {
        container.state = { ...container.state, Status: 'exited', Running: false, Pid: 0, ExitCode: 128, Error: error.message, FinishedAt: new Date().toISOString() };
      },
    );
    runs.add(container.finished);
  };

  const handle = async (request: RecordedRequest, _raw: IncomingMessage, response: ServerResponse): Promise<void> => {
    const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(request.path);
    if (versioned && compareVersions(versioned[1]!, maxApiVersion) > 0) {
      return message(response, 400, `client version ${versioned[1]} is too new. Maximum supported API version is ${maxApiVersion}`);
    }
    const path = versioned ? versioned[2]! : request.path;
    const method = request.method;

    if (method === 'GET' && path === '/_ping') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'api-version': maxApiVersion });
      return void response.end('OK');
    }
    if (method === 'GET' && path === '/version') return sendJson(response, 200, { Version: '27.3.1', ApiVersion: maxApiVersion, MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64' });

    const imageInspect = /^\/images\/(.+)\/json$/.exec(path);
    if (method === 'GET' && imageInspect) {
      const name = decodeURIComponent(imageInspect[1]!);
      if (!images.has(name)) return message(response, 404, `No such image: ${name}`);
      return sendJson(response, 200, { Id: `sha256:${createHash('sha256').update(name).digest('hex')}`, RepoDigests: [name], Os: 'linux', Architecture: 'amd64' });
    }
    if (method === 'POST' && path === '/images/create') {
      const reference = `${request.query.fromImage ?? ''}${request.query.tag?.startsWith('sha256:') ? '@' : ':'}${request.query.tag ?? 'latest'}`;
      const allowed = options.pullable === undefined ? /@sha256:[0-9a-f]{64}$/.test(reference) : options.pullable.includes(reference);
      if (options.pullFailure === 'status' || !allowed) {
        return message(response, 404, `pull access denied for ${request.query.fromImage}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`);
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      const line = (value: unknown): boolean => response.write(`${JSON.stringify(value)}\r\n`);
      line({ status: `Pulling from ${request.query.fromImage}`, id: request.query.tag });
      for (const layer of ['4f4fb700ef54', 'a8b1c5f80c2d']) {
        line({ status: 'Pulling fs layer', progressDetail: {}, id: layer });
        line({ status: 'Downloading', progressDetail: { current: 1024, total: 2048 }, progress: '[=========================>                         ]  1.024kB/2.048kB', id: layer });
        if (options.pullFailure === 'stream') {
          line({ errorDetail: { message: `failed to register layer: write /usr/lib/x86_64-linux-gnu/libcudnn.so.9: no space left on device` }, error: 'failed to register layer: write /usr/lib/x86_64-linux-gnu/libcudnn.so.9: no space left on device' });
          return void response.end();
        }
        line({ status: 'Pull complete', progressDetail: {}, id: layer });
      }
      line({ status: `Digest: ${request.query.tag}` });
      line({ status: `Status: Downloaded newer image for ${reference}` });
      images.add(reference);
      return void response.end();
    }

    if (method === 'POST' && path === '/containers/create') {
      const body = request.body as Record<string, unknown> | undefined;
      if (!body || typeof body.Image !== 'string') return message(response, 400, 'config cannot be empty in order to create a container');
      const name = request.query.name ?? '';
      if (name && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) return message(response, 400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
      const existing = name ? find(name) : undefined;
      if (existing) return message(response, 409, `Conflict. The container name "/${name}" is already in use by container "${existing.id}". You have to remove (or rename) that container to be able to reuse that name.`);
      if (!images.has(body.Image)) return message(response, 404, `No such image: ${body.Image}`);
      const hostConfig = (body.HostConfig ?? {}) as { Binds?: unknown; DeviceRequests?: unknown };
      const binds = Array.isArray(hostConfig.Binds) ? (hostConfig.Binds as string[]) : [];
      const mounts: Record<string, { host: string; readOnly: boolean }> = {};
      for (const bind of binds) {
        const parts = bind.split(':');
        if (parts.length < 2 || !parts[0]!.startsWith('/') || !parts[1]!.startsWith('/')) return message(response, 400, `invalid volume specification: '${bind}'`);
        mounts[parts[1]!] = { host: parts[0]!, readOnly: (parts[2] ?? '').split(',').includes('ro') };
      }
      if (hostConfig.DeviceRequests !== undefined) {
        const requests = hostConfig.DeviceRequests as Array<{ Driver?: string; Count?: number; Capabilities?: string[][] }>;
        if (!Array.isArray(requests) || requests.some((device) => typeof device.Count !== 'number' || !Array.isArray(device.Capabilities))) {
          return message(response, 400, 'json: cannot unmarshal DeviceRequests');
        }
      }
      counter += 1;
      const id = createHash('sha256').update(`${name}:${counter}:${Date.now()}`).digest('hex');
      const root = join(work, id.slice(0, 12));
      const container: SimulatedContainer = {
        id,
        name: name || `container_${counter}`,
        config: body,
        state: { Status: 'created', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 0, Error: '', StartedAt: ZERO_TIME, FinishedAt: ZERO_TIME },
        frames: [],
        root,
        inputDirectory: mounts['/input']?.host ?? join(root, 'input'),
        outputDirectory: mounts['/output']?.host ?? join(root, 'output'),
      };
      if (mounts['/input'] && !mounts['/input'].readOnly) return message(response, 400, 'test server: /input must be mounted read-only (the container contract)');
      await mkdir(root, { recursive: true });
      containers.set(id, container);
      return sendJson(response, 201, { Id: id, Warnings: [] });
    }

    const containerRoute = /^\/containers\/([^/]+)(?:\/(json|start|stop|kill|logs|archive|wait))?$/.exec(path);
    if (!containerRoute) return message(response, 404, `page not found`);
    const container = find(decodeURIComponent(containerRoute[1]!));
    const action = containerRoute[2];
    if (!container) return message(response, 404, `No such container: ${containerRoute[1]}`);

    if (method === 'GET' && action === 'json') {
      return sendJson(response, 200, {
        Id: container.id,
        Name: `/${container.name}`,
        Created: new Date().toISOString(),
        State: container.state,
        Config: { Image: container.config.Image, Tty: false, Labels: container.config.Labels ?? {} },
        HostConfig: container.config.HostConfig ?? {},
      });
    }
    if (method === 'POST' && action === 'start') {
      if (container.state.Status === 'running') {
        response.writeHead(304);
        return void response.end();
      }
      const devices = (container.config.HostConfig as { DeviceRequests?: unknown[] } | undefined)?.DeviceRequests;
      if (options.noGpu && Array.isArray(devices) && devices.length > 0) {
        return message(response, 500, 'could not select device driver "nvidia" with capabilities: [[gpu]]');
      }
      await mkdir(container.outputDirectory, { recursive: true });
      start(container);
      response.writeHead(204);
      return void response.end();
    }
    if (method === 'POST' && (action === 'stop' || action === 'kill')) {
      if (container.state.Status !== 'running') {
        if (action === 'kill') return message(response, 409, `Cannot kill container: ${container.id}: Container ${container.id} is not running`);
        response.writeHead(304);
        return void response.end();
      }
      container.abort?.abort();
      await container.finished;
      if (action === 'kill') container.state = { ...container.state, ExitCode: 137 };
      response.writeHead(204);
      return void response.end();
    }
    if (method === 'GET' && action === 'logs') {
      const wanted = new Set<number>([...(request.query.stdout === '1' || request.query.stdout === 'true' ? [1] : []), ...(request.query.stderr === '1' || request.query.stderr === 'true' ? [2] : [])]);
      if (wanted.size === 0) return message(response, 400, 'Bad parameters: you must choose at least one stream');
      let frames = container.frames.filter((item) => wanted.has(item.stream));
      if (request.query.since !== undefined && request.query.since !== '0') {
        if (!/^\d+(\.\d{1,9})?$/.test(request.query.since)) return message(response, 400, `invalid value for "since": failed to parse value as time or duration: "${request.query.since}"`);
        const since = sinceTime(request.query.since);
        frames = frames.filter((item) => item.time >= since); // inclusive, as the daemon's filter (time before since is skipped)
      }
      const tail = request.query.tail;
      if (tail !== undefined && tail !== 'all') frames = frames.slice(Math.max(0, frames.length - Number(tail)));
      const timestamps = request.query.timestamps === '1' || request.query.timestamps === 'true';
      const body = Buffer.concat(frames.map((item) => frame(item.stream, timestamps ? Buffer.concat([Buffer.from(`${item.time} `), item.data]) : item.data)));
      response.writeHead(200, { 'content-type': 'application/vnd.docker.multiplexed-stream', 'content-length': String(body.length) });
      return void response.end(body);
    }
    if (action === 'archive') {
      const target = request.query.path ?? '';
      if (method === 'PUT') {
        if (target !== '/') return message(response, 404, `Could not find the file ${target} in container ${container.id}`);
        const code = await runTar(['-x', '-C', container.root], request.bodyBytes);
        if (code !== 0) return message(response, 400, 'the archive could not be extracted');
        response.writeHead(200);
        return void response.end();
      }
      if (method === 'GET') {
        if (target !== '/output' && target !== '/output/') return message(response, 404, `Could not find the file ${target} in container ${container.id}`);
        let info;
        try {
          info = await stat(container.outputDirectory);
        } catch {
          return message(response, 404, `Could not find the file ${target} in container ${container.id}`);
        }
        const pathStat = Buffer.from(JSON.stringify({ name: 'output', size: info.size, mode: 2147484141, mtime: info.mtime.toISOString(), linkTarget: '' })).toString('base64');
        response.writeHead(200, { 'content-type': 'application/x-tar', 'x-docker-container-path-stat': pathStat });
        await runTar(['-c', '-C', container.outputDirectory, '--transform', 's,^\\.,output,', '.'], undefined, response);
        return;
      }
    }
    if (method === 'DELETE' && action === undefined) {
      if (container.state.Status === 'running' && request.query.force !== 'true' && request.query.force !== '1') {
        return message(response, 409, `cannot remove container "/${container.name}": container is running: stop the container before removing or force remove`);
      }
      container.abort?.abort();
      await container.finished;
      containers.delete(container.id);
      response.writeHead(204);
      return void response.end();
    }
    return message(response, 404, 'page not found');
  };

  const server = await startRecordingServer(handle, {
    ...options,
    socketPath: options.socketPath,
    onFault: (step, response) => message(response, step.error.status, step.error.message ?? 'Internal Server Error'),
  });
  return {
    url: server.url,
    requests: server.requests,
    generations: server.generations,
    containers,
    vanish(idOrName: string) {
      const container = find(idOrName);
      if (!container) return;
      container.abort?.abort();
      containers.delete(container.id);
    },
    async waitForExit(idOrName: string) {
      await find(idOrName)?.finished;
    },
    async close() {
      for (const container of containers.values()) container.abort?.abort();
      await Promise.all(runs);
      await server.close();
      // inputs copied in are read-only (0444 files in 0555 folders): make them removable first
      await new Promise((resolve) => spawn('chmod', ['-R', 'u+w', work], { stdio: 'ignore' }).on('close', resolve));
      await rm(work, { recursive: true, force: true });
    },
  };
}
