/**
 * The Docker backend against a local server speaking the Docker Engine API (test/servers/docker-engine-server.ts).
 * Expected values and where they come from:
 * - request shapes (`HostConfig.DeviceRequests` `{Driver: "nvidia", Count, Capabilities: [["gpu"]]}`, `Binds`
 *   `host:container:ro`, `POST /images/create?fromImage=…&tag=sha256:…`): the Engine API v1.43 reference,
 *   https://docs.docker.com/reference/api/engine/version/v1.43/ (ContainerCreate, ImageCreate) and the Docker
 *   CLI's `docker run --gpus 1` request;
 * - the multiplexed stream frames: the reference's "Stream format" section (header `[STREAM_TYPE, 0, 0, 0,
 *   SIZE1, SIZE2, SIZE3, SIZE4]`, size big-endian, 1 = stdout, 2 = stderr);
 * - `DOCKER_HOST` forms and default ports 2375/2376: https://docs.docker.com/engine/daemon/remote-access/ and
 *   the `docker` CLI reference (environment variables);
 * - sha256 of collected files: computed by coreutils `sha256sum`, not by the workspace or the server.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidArgumentError, ServiceError } from '../../../lib/core/errors.js';
import type { ProgressFactory } from '../../../lib/core/progress.js';
import {
  createDockerTrainingBackend,
  demultiplexDockerStream,
  dockerSinceParameter,
  parseDockerHost,
  type DockerTrainingBackend,
} from '../../../lib/finetune/backends/docker.js';
import type { TrainingJobHandle, TrainingJobObservation, TrainingSubmission } from '../../../lib/finetune/training-backend.js';
import { startDockerEngineServer, useTestServers, type DockerEngineTestServer } from '../../servers/index.js';
import { useTemporaryDirectory } from '../../helpers/temporary-directory.js';

// Registered before the servers: afterEach hooks run in reverse order, so servers stop before folders are removed.
const temporary = useTemporaryDirectory('docker-backend-');
const track = useTestServers();
const image = `registry.example.org/ecg-llm/trainer@sha256:${'3f'.repeat(32)}`;
const token = `hf_${'Q7'.repeat(17)}`; // Hugging Face token shape (hf_ + 34 letters/digits)

async function prepare(): Promise<{ input: string; output: string; submission: TrainingSubmission }> {
  const root = await temporary();
  const input = join(root, 'input');
  const output = join(root, 'output');
  await mkdir(input, { recursive: true });
  await mkdir(output, { recursive: true });
  await writeFile(join(input, 'config.json'), JSON.stringify({ base_model: 'meta-llama/Llama-3.1-8B', lora_r: 256 }));
  await writeFile(join(input, 'train-chat.jsonl'), `${JSON.stringify({ messages: [{ role: 'user', content: 'What is a P wave?' }, { role: 'assistant', content: 'Atrial depolarisation.' }] })}\n`);
  await writeFile(join(input, 'val-chat.jsonl'), '');
  const submission: TrainingSubmission = {
    name: 'ecg-llm-paper-8b-r256-a128',
    image,
    inputDirectory: input,
    outputDirectory: output,
    environment: { ECG_LLM_RUN: 'test' },
    secretEnvironment: { HF_TOKEN: token },
    resources: { gpus: 1, cpus: 8, memoryGiB: 64 },
  };
  return { input, output, submission };
}

async function pollUntilFinished(backend: DockerTrainingBackend, job: TrainingJobHandle): Promise<TrainingJobObservation[]> {
  const seen: TrainingJobObservation[] = [];
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const observation = await backend.status(job);
    seen.push(observation);
    if (['succeeded', 'failed', 'cancelled', 'lost'].includes(observation.state)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  throw new Error('job did not finish');
}

async function waitForState(backend: DockerTrainingBackend, job: TrainingJobHandle, state: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if ((await backend.status(job)).state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job never reached ${state}`);
}

function sha256sum(path: string): string {
  return execFileSync('sha256sum', [path]).toString().split(' ')[0]!;
}

/** Every place a request can carry a secret, except the create body. */
function leaksOutsideCreate(server: DockerEngineTestServer, secret: string): string[] {
  return server.requests
    .filter((request) => !(request.method === 'POST' && request.path.endsWith('/containers/create')))
    .filter((request) => `${request.path} ${JSON.stringify(request.query)} ${JSON.stringify(request.headers)} ${request.rawBody}`.includes(secret))
    .map((request) => `${request.method} ${request.path}`);
}

describe('parseDockerHost', () => {
  it('reads the DOCKER_HOST forms of the Docker CLI', () => {
    expect(parseDockerHost(undefined)).toEqual({ kind: 'unix', socketPath: '/var/run/docker.sock' });
    expect(parseDockerHost('')).toEqual({ kind: 'unix', socketPath: '/var/run/docker.sock' });
    expect(parseDockerHost('unix:///run/user/1000/docker.sock')).toEqual({ kind: 'unix', socketPath: '/run/user/1000/docker.sock' });
    expect(parseDockerHost('tcp://gpu-box.lab:2376')).toEqual({ kind: 'tcp', host: 'gpu-box.lab', port: 2376, tls: false });
    expect(parseDockerHost('tcp://gpu-box.lab')).toEqual({ kind: 'tcp', host: 'gpu-box.lab', port: 2375, tls: false });
    expect(parseDockerHost('tcp://gpu-box.lab', { tls: true })).toEqual({ kind: 'tcp', host: 'gpu-box.lab', port: 2376, tls: true });
    expect(parseDockerHost('tcp://[::1]:2375')).toEqual({ kind: 'tcp', host: '::1', port: 2375, tls: false });
  });

  it('explains ssh:// (forward the socket with ssh -L) and refuses malformed values', () => {
    expect(() => parseDockerHost('ssh://me@gpu-box')).toThrow(ConfigurationError);
    expect(() => parseDockerHost('ssh://me@gpu-box')).toThrow(/ssh -N -L .*DOCKER_HOST=unix:\/\//);
    expect(() => parseDockerHost('unix://relative.sock')).toThrow(/absolute path/);
    expect(() => parseDockerHost('gpu-box:2375')).toThrow(ConfigurationError);
    expect(() => parseDockerHost('tcp://gpu-box:99999')).toThrow(/port/);
  });
});

describe('demultiplexDockerStream', () => {
  it('splits 8-byte-header frames into stdout and stderr payloads', () => {
    // Frames built by hand from the Engine API "Stream format": [1,0,0,0,0,0,0,6] "hello\n", [2,0,0,0,0,0,0,4] "err\n".
    const data = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 6]), Buffer.from('hello\n'), Buffer.from([2, 0, 0, 0, 0, 0, 0, 4]), Buffer.from('err\n')]);
    const frames = demultiplexDockerStream(data);
    expect(frames.map((frame) => [frame.stream, frame.payload.toString()])).toEqual([
      [1, 'hello\n'],
      [2, 'err\n'],
    ]);
    // A payload of 256 bytes has size bytes [0, 0, 1, 0] (big-endian).
    const big = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 1, 0]), Buffer.alloc(256, 65)]);
    expect(demultiplexDockerStream(big)[0]!.payload.length).toBe(256);
  });
});

describe('dockerSinceParameter', () => {
  it('writes UNIX seconds with a nine-digit fraction, as the Docker CLI sends `since`', () => {
    // Seconds by coreutils `date`, independently of the workspace.
    const seconds = execFileSync('date', ['-u', '-d', '2026-12-02T04:33:03Z', '+%s']).toString().trim();
    expect(dockerSinceParameter('2026-12-02T04:33:03.123456789Z')).toBe(`${seconds}.123456789`);
    expect(dockerSinceParameter('2026-12-02T04:33:03.5Z')).toBe(`${seconds}.500000000`);
    expect(dockerSinceParameter('2026-12-02T04:33:03Z')).toBe(`${seconds}.000000000`);
    expect(() => dockerSinceParameter('yesterday')).toThrow(InvalidArgumentError);
  });
});

describe('Docker backend: following the log while the job runs', () => {
  for (const frozen of [false, true]) {
    it(`asks only for new messages (since) and loses or repeats nothing${frozen ? ', even when all messages share one timestamp' : ''}`, async () => {
      const server = await track(startDockerEngineServer({ images: [image], steps: 12, stepMs: 25, ...(frozen ? { frozenLogTime: '2026-12-02T04:33:03.123456789Z' } : {}) }));
      const host = server.url.replace('http://', 'tcp://');
      const backend = createDockerTrainingBackend({ host, environment: {} });
      const { submission } = await prepare();
      const job = await backend.submit(submission);
      let followed = '';
      let offset = 0;
      for (let poll = 0; poll < 400; poll += 1) {
        const chunk = await backend.logs(job, offset);
        followed += chunk.text;
        offset = chunk.next;
        if ((await backend.status(job)).state === 'succeeded') break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const chunk = await backend.logs(job, offset);
      followed += chunk.text;
      // A fresh instance reads the whole log from 0: the followed text must be exactly that.
      const whole = await createDockerTrainingBackend({ host, environment: {} }).logs(job, 0);
      expect(followed).toBe(whole.text);
      expect(whole.text).toContain('step 12/12');
      expect(whole.text).not.toMatch(/^\d{4}-\d{2}-\d{2}T/m); // timestamps are stripped
      const logRequests = server.requests.filter((request) => request.path.endsWith('/logs') && request.query.tail === undefined);
      // Whole reads only until the first message was seen (and the fresh instance's read at the end); then since.
      const first = logRequests.findIndex((request) => request.query.since !== undefined);
      expect(first).toBeGreaterThan(0);
      expect(logRequests.slice(first, -1).map((request) => /^\d+\.\d{9}$/.test(request.query.since ?? ''))).not.toContain(false);
      expect(logRequests.at(-1)!.query.since).toBeUndefined();
    });
  }
});

describe('Docker backend over a unix socket, bind mounts (a local GPU box)', () => {
  it('pulls by digest, creates a GPU container, polls it to success, reads logs from an offset and verifies outputs', async () => {
    const root = await temporary();
    const socketPath = join(root, 'docker.sock');
    const server = await track(startDockerEngineServer({ socketPath, steps: 8, stepMs: 50 }));
    const ticks: string[] = [];
    const progress: ProgressFactory = (label) => ({ tick: () => ticks.push(label), done: (note) => ticks.push(`done ${note}`) });
    const backend = createDockerTrainingBackend({ host: `unix://${socketPath}`, progress, environment: {} });
    const { input, output, submission } = await prepare();

    const job = await backend.submit(submission);
    expect(job).toMatchObject({ backend: 'docker', name: submission.name, outputDirectory: output, details: { endpoint: `unix://${socketPath}`, transfer: 'bind', apiVersion: '1.43' } });
    expect(job.id).toMatch(/^[0-9a-f]{64}$/);

    // The image was missing: inspected (404), pulled by digest as the CLI does, with progress per layer.
    const pull = server.requests.find((request) => request.path === '/v1.43/images/create')!;
    expect(pull.method).toBe('POST');
    expect(pull.query).toEqual({ fromImage: 'registry.example.org/ecg-llm/trainer', tag: `sha256:${'3f'.repeat(32)}` });
    expect(ticks.filter((label) => label.startsWith('pulling'))).toHaveLength(2);
    expect(ticks.at(-1)).toBe('done pulled');

    const create = server.requests.find((request) => request.path === '/v1.43/containers/create')!;
    expect(create.query.name).toBe(submission.name);
    const body = create.body as { Image: string; Env: string[]; HostConfig: Record<string, unknown> };
    expect(body.Image).toBe(image);
    expect(body.Env).toEqual(['ECG_LLM_RUN=test', `HF_TOKEN=${token}`]);
    expect(body.HostConfig.DeviceRequests).toEqual([{ Driver: 'nvidia', Count: 1, Capabilities: [['gpu']] }]);
    expect(body.HostConfig.Binds).toEqual([`${input}:/input:ro`, `${output}:/output`]);
    expect(body.HostConfig.NanoCpus).toBe(8_000_000_000);
    expect(body.HostConfig.Memory).toBe(64 * 1024 ** 3);
    expect(body).not.toHaveProperty('Entrypoint'); // no command given: the image's entrypoint runs

    const observations = await pollUntilFinished(backend, job);
    expect(observations.some((observation) => observation.state === 'running' && observation.schedulerState === 'running')).toBe(true);
    expect(observations.at(-1)).toEqual({ state: 'succeeded', schedulerState: 'exited', exitCode: 0 });

    // Logs in two pieces from an offset equal the whole log, which the trainer also wrote to train.log.
    const whole = await backend.logs(job, 0);
    const first = await backend.logs(job, 0);
    const cut = Math.floor(first.text.length / 2);
    const rest = await backend.logs(job, cut);
    expect(first.text.slice(0, cut) + rest.text).toBe(whole.text);
    expect(rest.next).toBe(whole.text.length);
    expect((await backend.logs(job, whole.next)).text).toBe('');
    expect(whole.text).toBe(await readFile(join(output, 'train.log'), 'utf8'));
    expect(whole.text).toContain('step 8/8');

    // Collected elsewhere: downloaded as a tar archive; every file equals the one on the daemon side and its
    // sha256 (by sha256sum) is the one artifacts.json promises.
    const destination = join(await temporary(), 'collected');
    await backend.fetchOutputs(job, destination);
    // one progress tick per collected file: status.json, metrics.jsonl, train.log, artifacts.json, 3 adapter files
    expect(ticks.filter((label) => label === `collecting /output of ${submission.name}`)).toHaveLength(7);
    expect(ticks.at(-1)).toBe('done 7 files');
    const artifacts = JSON.parse(await readFile(join(destination, 'artifacts.json'), 'utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
    expect(artifacts.files.map((file) => file.path).sort()).toEqual(['adapter/adapter.gguf', 'adapter/adapter_config.json', 'adapter/adapter_model.safetensors']);
    for (const file of artifacts.files) {
      expect(sha256sum(join(destination, file.path))).toBe(file.sha256);
      expect((await readFile(join(destination, file.path))).equals(await readFile(join(output, file.path)))).toBe(true);
    }
    for (const name of ['status.json', 'metrics.jsonl', 'train.log']) {
      expect(await readFile(join(destination, name), 'utf8')).toBe(await readFile(join(output, name), 'utf8'));
    }
    const archiveRequests = server.requests.filter((request) => request.path.endsWith('/archive'));
    expect(archiveRequests).toHaveLength(1);
    // Collecting into the bind-mounted folder itself copies nothing.
    await backend.fetchOutputs(job, output);
    expect(server.requests.filter((request) => request.path.endsWith('/archive'))).toHaveLength(1);

    expect(leaksOutsideCreate(server, token)).toEqual([]);
    expect(JSON.stringify(job)).not.toContain(token);
  });
});

describe('Docker backend over TCP, inputs copied (a remote daemon)', () => {
  it('uploads the inputs as a read-only tar, runs, and collects /output through GET /archive', async () => {
    const server = await track(startDockerEngineServer({ images: [image] }));
    const backend = createDockerTrainingBackend({ host: server.url.replace('http://', 'tcp://'), environment: {} });
    const { input, submission } = await prepare();
    const job = await backend.submit({ ...submission, command: ['python', '/opt/trainer/train.py', '--config', '/input/config.json'] });
    expect(job.details).toMatchObject({ transfer: 'copy' });
    expect(server.requests.some((request) => request.path.endsWith('/images/create'))).toBe(false); // already there
    const create = server.requests.find((request) => request.path.endsWith('/containers/create'))!;
    expect((create.body as { HostConfig: { Binds?: unknown } }).HostConfig.Binds).toBeUndefined();
    // The command replaces the image's entrypoint, as Kubernetes `command` does (Engine API: `Entrypoint`).
    expect((create.body as { Entrypoint?: string[]; Cmd?: unknown }).Entrypoint).toEqual(['python', '/opt/trainer/train.py', '--config', '/input/config.json']);
    expect((create.body as { Cmd?: unknown }).Cmd).toBeUndefined();

    // GNU tar unpacked the upload inside the "container": same bytes, mode 0444.
    const container = server.containers.get(job.id)!;
    for (const name of await readdir(input)) {
      expect((await readFile(join(container.inputDirectory, name))).equals(await readFile(join(input, name)))).toBe(true);
    }
    const uploads = server.requests.filter((request) => request.method === 'PUT' && request.path.endsWith('/archive'));
    expect(uploads.map((request) => request.query.path)).toEqual(['/', '/']);
    expect(execFileSync('tar', ['-t', '-v'], { input: uploads[0]!.bodyBytes }).toString()).toMatch(/-r--r--r-- .* input\/config\.json/);

    expect((await pollUntilFinished(backend, job)).at(-1)!.state).toBe('succeeded');
    const destination = await temporary();
    await backend.fetchOutputs(job, destination);
    const artifacts = JSON.parse(await readFile(join(destination, 'artifacts.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
    for (const file of artifacts.files) expect(sha256sum(join(destination, file.path))).toBe(file.sha256);
    const metrics = (await readFile(join(destination, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(metrics).toHaveLength(5);
  });
});

describe('Docker backend: cancel, failure, lost', () => {
  it('cancels a running job with POST /stop and reports it cancelled', async () => {
    const server = await track(startDockerEngineServer({ images: [image], outcome: 'run-until-stopped', stepMs: 20 }));
    const backend = createDockerTrainingBackend({ host: server.url.replace('http://', 'tcp://'), stopTimeoutSeconds: 5, environment: {} });
    const { submission } = await prepare();
    const job = await backend.submit(submission);
    await waitForState(backend, job, 'running');
    await backend.cancel(job);
    const stop = server.requests.find((request) => request.path.endsWith('/stop'))!;
    expect(stop.query).toEqual({ t: '5' });
    const observation = await backend.status(job);
    expect(observation).toMatchObject({ state: 'cancelled', schedulerState: 'exited', exitCode: 143 });
    expect((await backend.logs(job, 0)).text).toContain('received SIGTERM');
    await backend.cancel(job); // already stopped: 304, still fine
  });

  it('reports a failed run with the tail of its log, and an OOM kill as such', async () => {
    const server = await track(startDockerEngineServer({ images: [image], outcome: (name) => (name.endsWith('oom') ? 'oom' : 'fail'), stepMs: 10 }));
    const backend = createDockerTrainingBackend({ host: server.url.replace('http://', 'tcp://'), environment: {} });
    const { submission } = await prepare();
    const failed = await backend.submit(submission);
    const last = (await pollUntilFinished(backend, failed)).at(-1)!;
    expect(last).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(last.reason).toContain('exit code 1');
    expect(last.reason).toContain('RuntimeError: CUDA error: an illegal memory access was encountered');

    const oom = await backend.submit({ ...submission, name: 'ecg-llm-oom', outputDirectory: await temporary() });
    const oomLast = (await pollUntilFinished(backend, oom)).at(-1)!;
    expect(oomLast).toMatchObject({ state: 'failed', exitCode: 137 });
    expect(oomLast.reason).toMatch(/OOMKilled/);
    expect(JSON.stringify([last, oomLast])).not.toContain(token);
  });

  it('reports a container the daemon forgot as lost', async () => {
    const server = await track(startDockerEngineServer({ images: [image], outcome: 'run-until-stopped' }));
    const backend = createDockerTrainingBackend({ host: server.url.replace('http://', 'tcp://'), environment: {} });
    const { submission } = await prepare();
    const job = await backend.submit(submission);
    server.vanish(job.id);
    const observation = await backend.status(job);
    expect(observation.state).toBe('lost');
    expect(observation.reason).toContain('no longer knows');
  });

  it('a second process with the handle re-attaches; a handle from another daemon is refused', async () => {
    const server = await track(startDockerEngineServer({ images: [image] }));
    const host = server.url.replace('http://', 'tcp://');
    const { submission } = await prepare();
    const job = await createDockerTrainingBackend({ host, environment: {} }).submit(submission);
    const again = createDockerTrainingBackend({ host, environment: {} });
    expect((await pollUntilFinished(again, JSON.parse(JSON.stringify(job)) as TrainingJobHandle)).at(-1)!.state).toBe('succeeded');
    const elsewhere = createDockerTrainingBackend({ host: 'tcp://127.0.0.1:1', environment: {} });
    await expect(elsewhere.status(job)).rejects.toThrow(ConfigurationError);
  });
});

describe('Docker backend over TCP with TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)', () => {
  it('presents the client certificate from DOCKER_CERT_PATH and verifies the daemon against its CA', async () => {
    // Certificates made with the openssl CLI, as the Docker documentation's "Protect the Docker daemon socket" does.
    const certs = await temporary();
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    await writeFile(join(certs, 'server.ext'), 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'server-cert.pem', '-days', '2', '-extfile', 'server.ext');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'client.csr', '-subj', '/CN=client');
    await writeFile(join(certs, 'client.ext'), 'extendedKeyUsage = clientAuth\n');
    openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'cert.pem', '-days', '2', '-extfile', 'client.ext');

    const server = await track(startDockerEngineServer({ images: [image] }));
    const port = Number(new URL(server.url).port);
    // TLS in front of the daemon, requiring a client certificate signed by the CA (dockerd --tlsverify).
    const proxy = createTlsServer(
      { key: await readFile(join(certs, 'server-key.pem')), cert: await readFile(join(certs, 'server-cert.pem')), ca: await readFile(join(certs, 'ca.pem')), requestCert: true, rejectUnauthorized: true },
      (socket) => {
        const upstream = connect(port, '127.0.0.1');
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      },
    );
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const tlsPort = (proxy.address() as { port: number }).port;
      const backend = createDockerTrainingBackend({ environment: { DOCKER_HOST: `tcp://127.0.0.1:${tlsPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs } });
      expect(backend.endpoint).toEqual({ kind: 'tcp', host: '127.0.0.1', port: tlsPort, tls: true });
      const { submission } = await prepare();
      const job = await backend.submit(submission);
      expect(job.details).toMatchObject({ endpoint: `https://127.0.0.1:${tlsPort}` });
      expect((await pollUntilFinished(backend, job)).at(-1)!.state).toBe('succeeded');
      // Plain HTTP to the TLS port fails as a ServiceError.
      const plain = createDockerTrainingBackend({ host: `tcp://127.0.0.1:${tlsPort}`, environment: {} });
      await expect(plain.status(job)).rejects.toThrow(ConfigurationError); // the handle names the https endpoint
      await expect(plain.status({ ...job, details: {} })).rejects.toThrow(ServiceError);
      expect(() => createDockerTrainingBackend({ environment: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1' } })).toThrow(/DOCKER_CERT_PATH/);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('Docker backend: daemon errors', () => {
  it('turns {"message"} error bodies into ServiceErrors with the daemon message, without secrets', async () => {
    const server = await track(
      startDockerEngineServer({
        images: [image],
        intercept: (request) =>
          request.path.endsWith('/containers/create') ? { error: { status: 500, message: `Error response from daemon: failed to create task: env HF_TOKEN=${token} rejected` } } : undefined,
      }),
    );
    const backend = createDockerTrainingBackend({ host: server.url.replace('http://', 'tcp://'), environment: {} });
    const { submission } = await prepare();
    const error = (await backend.submit(submission).catch((caught: unknown) => caught)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('failed to create task');
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(token);
  });

  it('reports pull failures: refused (404) and broken mid-stream (errorDetail)', async () => {
    const refused = await track(startDockerEngineServer({ pullFailure: 'status' }));
    const { submission } = await prepare();
    await expect(createDockerTrainingBackend({ host: refused.url.replace('http://', 'tcp://'), environment: {} }).submit(submission)).rejects.toThrow(/HTTP 404.*pull access denied/);
    const broken = await track(startDockerEngineServer({ pullFailure: 'stream' }));
    const error = (await createDockerTrainingBackend({ host: broken.url.replace('http://', 'tcp://'), environment: {} }).submit(submission).catch((caught: unknown) => caught)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.message).toContain('no space left on device');
    expect(broken.requests.some((request) => request.path.endsWith('/containers/create'))).toBe(false);
  });

  it('removes a container that could not start (no NVIDIA runtime), so the name can be used again', async () => {
    const server = await track(startDockerEngineServer({ images: [image], noGpu: true }));
    const backend = createDockerTrainingBackend({ host: server.url.replace('http://', 'tcp://'), environment: {} });
    const { submission } = await prepare();
    await expect(backend.submit(submission)).rejects.toThrow(/could not select device driver "nvidia"/);
    expect(server.requests.some((request) => request.method === 'DELETE')).toBe(true);
    expect(server.containers.size).toBe(0);
  });

  it('refuses a second container under the same name (409), an unpinned image, and a too-new API version', async () => {
    const server = await track(startDockerEngineServer({ images: [image], outcome: 'run-until-stopped' }));
    const host = server.url.replace('http://', 'tcp://');
    const backend = createDockerTrainingBackend({ host, environment: {} });
    const { submission } = await prepare();
    await backend.submit(submission);
    await expect(backend.submit(submission)).rejects.toThrow(/HTTP 409.*already in use/);
    const before = server.requests.length;
    await expect(backend.submit({ ...submission, image: 'registry.example.org/ecg-llm/trainer:latest' })).rejects.toThrow(InvalidArgumentError);
    expect(server.requests.length).toBe(before);
    await expect(createDockerTrainingBackend({ host, apiVersion: '1.99', environment: {} }).submit({ ...submission, name: 'other' })).rejects.toThrow(/HTTP 400.*too new/);
  });

  it('times out on a daemon that does not answer, and names an unreachable socket', async () => {
    const server = await track(startDockerEngineServer({ images: [image], intercept: (request) => (request.path.endsWith('/json') ? { fault: 'hang' } : undefined) }));
    const backend = createDockerTrainingBackend({ host: server.url.replace('http://', 'tcp://'), requestTimeoutMs: 200, environment: {} });
    const job: TrainingJobHandle = { backend: 'docker', id: 'f'.repeat(64), name: 'slow', outputDirectory: '/tmp/none' };
    const error = (await backend.status(job).catch((caught: unknown) => caught)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.message).toMatch(/timed out after 200 ms/);
    expect(error.retryable).toBe(true);
    const missing = join(await temporary(), 'no-daemon.sock');
    await expect(createDockerTrainingBackend({ host: `unix://${missing}`, environment: {} }).status(job)).rejects.toThrow(/cannot reach the daemon at unix:\/\/.*ENOENT.*is the Docker daemon running/);
  });
});
