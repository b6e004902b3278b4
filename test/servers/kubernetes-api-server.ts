/**
 * A local server speaking the Kubernetes API closely enough for the official client `@kubernetes/client-node`
 * and the Kubernetes finetuning backend: `batch/v1` Jobs and `core/v1` Pods, Secrets and Pod logs as JSON over
 * HTTP, errors as `Status` objects (`{"kind": "Status", "status": "Failure", "reason": "NotFound", "code": 404,
 * "message": "jobs.batch \"x\" not found"}`), bearer-token authentication (401), and the Pod **exec** endpoint
 * as a real WebSocket (RFC 6455 handshake and framing; channel protocol `v5.channel.k8s.io` / `v4.channel.k8s.io`:
 * first byte 0 stdin, 1 stdout, 2 stderr, 3 the final `Status`, 255 close-a-stream) that runs GNU tar on the
 * folder standing for the PersistentVolumeClaim. References: the Kubernetes API reference v1.31 (Job, Pod,
 * Status: https://kubernetes.io/docs/reference/kubernetes-api/), and the streaming protocol of
 * https://github.com/kubernetes/kubernetes (staging/src/k8s.io/apimachinery/pkg/util/remotecommand/constants.go).
 *
 * Creating a Job makes its Pod (labelled `job-name`, `batch.kubernetes.io/job-name`); the Pod is Pending for
 * `startDelayMs`, then Running while {@link simulateTrainingRun} writes the container contract's files into
 * the claim folder through the Pod's `subPath` mounts, then Succeeded or Failed; the Job's conditions follow
 * (`Complete`, or `Failed` with reason `BackoffLimitExceeded`). Failures to inject: `outcome` per Job (`fail`,
 * `oom`, `run-until-stopped`), `imagePullFailure` (the Pod waits in `ImagePullBackOff`), `vanish(name)`
 * (the Job and Pod disappear: 404), and `intercept` on any route (500s, dropped connections, slow answers).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { sendJson, startRecordingServer, type RecordedRequest, type ServerOptions, type TestServer } from './scripted-server.js';
import { simulateTrainingRun, type SimulatedOutcome } from './simulated-training.js';

export interface KubernetesApiServerOptions extends ServerOptions {
  /** PersistentVolumeClaims: claim name → host folder standing for the volume. */
  volumeClaims: Record<string, string>;
  /** The bearer token the server requires (default: none required). */
  bearerToken?: string;
  outcome?: SimulatedOutcome | ((jobName: string) => SimulatedOutcome);
  steps?: number;
  stepMs?: number;
  /** How long a Pod stays Pending (ContainerCreating) before it runs (default 30 ms). */
  startDelayMs?: number;
  /** Every trainer Pod waits in ImagePullBackOff. */
  imagePullFailure?: boolean;
  /** Trainer Pods stay Pending (ContainerCreating) until this promise resolves. */
  startGate?: Promise<void>;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface SimulatedPod {
  object: Json;
  log: string;
  jobName?: string;
  abort?: AbortController;
  finished?: Promise<void>;
}

export interface KubernetesApiTestServer extends TestServer {
  readonly jobs: Map<string, Json>;
  readonly pods: Map<string, SimulatedPod>;
  readonly secrets: Map<string, Json>;
  /** The Job and its Pods disappear (deleted behind the client's back). */
  vanish(namespace: string, jobName: string): void;
}

function statusBody(code: number, reason: string, message: string, details: Json = {}): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code };
}

function sendStatus(response: ServerResponse, code: number, reason: string, message: string, details: Json = {}): void {
  sendJson(response, code, statusBody(code, reason, message, details));
}

/** One server-to-client WebSocket frame (FIN set, unmasked, RFC 6455 §5.2). */
function webSocketFrame(opcode: number, payload: Buffer): Buffer {
  let header: Buffer;
  if (payload.length < 126) header = Buffer.from([0x80 | opcode, payload.length]);
  else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Parses complete client frames (masked) from `buffer`; returns them and the unconsumed rest. */
function parseClientFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const opcode = buffer[offset]! & 0x0f;
    const masked = (buffer[offset + 1]! & 0x80) !== 0;
    let length = buffer[offset + 1]! & 0x7f;
    let cursor = offset + 2;
    if (length === 126) {
      if (buffer.length - cursor < 2) break;
      length = buffer.readUInt16BE(cursor);
      cursor += 2;
    } else if (length === 127) {
      if (buffer.length - cursor < 8) break;
      length = Number(buffer.readBigUInt64BE(cursor));
      cursor += 8;
    }
    const maskLength = masked ? 4 : 0;
    if (buffer.length - cursor < maskLength + length) break;
    const mask = masked ? buffer.subarray(cursor, cursor + 4) : undefined;
    cursor += maskLength;
    const payload = Buffer.from(buffer.subarray(cursor, cursor + length));
    if (mask) for (let index = 0; index < payload.length; index += 1) payload[index] = payload[index]! ^ mask[index % 4]!;
    frames.push({ opcode, payload });
    offset = cursor + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/** Starts a Kubernetes API server on 127.0.0.1. */
export async function startKubernetesApiServer(options: KubernetesApiServerOptions): Promise<KubernetesApiTestServer> {
  const jobs = new Map<string, Json>();
  const pods = new Map<string, SimulatedPod>();
  const secrets = new Map<string, Json>();
  /** Every simulated run, also of Pods deleted since: close() waits for all. */
  const runs = new Set<Promise<void>>();
  const key = (namespace: string, name: string) => `${namespace}/${name}`;
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const outcomeOf = (name: string): SimulatedOutcome => (typeof options.outcome === 'function' ? options.outcome(name) : (options.outcome ?? 'succeed'));

  /** The host folder behind a container's mount at `mountPath`, or undefined. */
  const mountFolder = (pod: Json, containerName: string, mountPath: string): { folder: string; readOnly: boolean } | undefined => {
    const container = (pod.spec.containers as Json[]).find((item) => item.name === containerName);
    const mount = (container?.volumeMounts as Json[] | undefined)?.find((item) => item.mountPath === mountPath);
    if (!mount) return undefined;
    const volume = (pod.spec.volumes as Json[] | undefined)?.find((item) => item.name === mount.name);
    const claim = volume?.persistentVolumeClaim?.claimName as string | undefined;
    const root = claim ? options.volumeClaims[claim] : undefined;
    if (!root) return undefined;
    return { folder: mount.subPath ? join(root, mount.subPath) : root, readOnly: mount.readOnly === true || volume?.persistentVolumeClaim?.readOnly === true };
  };

  const setPodState = (pod: SimulatedPod, phase: string, containerState: Json): void => {
    const containerName = pod.object.spec.containers[0].name;
    pod.object.status = {
      ...pod.object.status,
      phase,
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }],
      containerStatuses: [{ name: containerName, image: pod.object.spec.containers[0].image, ready: phase === 'Running', restartCount: 0, state: containerState }],
    };
  };

  const createPod = (namespace: string, body: Json, jobName?: string): SimulatedPod => {
    const object: Json = JSON.parse(JSON.stringify(body));
    object.apiVersion = 'v1';
    object.kind = 'Pod';
    object.metadata = { ...object.metadata, namespace, uid: createHash('sha256').update(randomBytes(8)).digest('hex').slice(0, 32), creationTimestamp: now() };
    const pod: SimulatedPod = { object, log: '', jobName };
    setPodState(pod, 'Pending', { waiting: { reason: 'ContainerCreating' } });
    pods.set(key(namespace, object.metadata.name), pod);
    const claims = (object.spec.volumes as Json[] | undefined)?.map((volume) => volume.persistentVolumeClaim?.claimName).filter(Boolean) ?? [];
    const missingClaim = claims.find((claim: string) => !options.volumeClaims[claim]);
    if (missingClaim) {
      // An unscheduled Pod has no container statuses yet, only the PodScheduled condition.
      object.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: `0/1 nodes are available: persistentvolumeclaim "${missingClaim}" not found.` }] };
      return pod;
    }
    const afterDelay = (run: () => void) => setTimeout(() => (jobName && options.startGate ? void options.startGate.then(run) : run()), options.startDelayMs ?? 30);
    afterDelay(() => {
      if (!pods.has(key(namespace, object.metadata.name))) return;
      const container = object.spec.containers[0];
      const secretRef = ((container.env as Json[] | undefined) ?? []).map((item) => item.valueFrom?.secretKeyRef?.name).find((name) => name && !secrets.has(key(namespace, name)));
      if (jobName && options.imagePullFailure) {
        setPodState(pod, 'Pending', { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${container.image}"` } });
        return;
      }
      if (secretRef) {
        setPodState(pod, 'Pending', { waiting: { reason: 'CreateContainerConfigError', message: `secret "${secretRef}" not found` } });
        return;
      }
      const startedAt = now();
      setPodState(pod, 'Running', { running: { startedAt } });
      if (!jobName) return; // helper pods just run
      const job = jobs.get(key(namespace, jobName));
      if (job) job.status = { ...job.status, active: 1, ready: 1, startTime: job.status.startTime ?? startedAt };
      const input = mountFolder(object, container.name, '/input');
      const output = mountFolder(object, container.name, '/output');
      const abort = new AbortController();
      pod.abort = abort;
      pod.finished = (async () => {
        if (!input || !output) {
          pod.log += 'stand-in trainer: /input and /output must be mounted from a PersistentVolumeClaim\n';
          setPodState(pod, 'Failed', { terminated: { exitCode: 2, reason: 'Error', startedAt, finishedAt: now() } });
          const current = jobs.get(key(namespace, jobName));
          if (current) current.status = { ...current.status, failed: 1, active: 0, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: now() }] };
          return;
        }
        await mkdir(output.folder, { recursive: true });
        const exit = await simulateTrainingRun(input.folder, output.folder, { outcome: outcomeOf(jobName), steps: options.steps, stepMs: options.stepMs }, { signal: abort.signal, log: (line) => (pod.log += `${line}\n`) });
        const succeeded = exit.exitCode === 0;
        setPodState(pod, succeeded ? 'Succeeded' : 'Failed', { terminated: { exitCode: exit.exitCode, reason: exit.oomKilled ? 'OOMKilled' : succeeded ? 'Completed' : 'Error', startedAt, finishedAt: now() } });
        const current = jobs.get(key(namespace, jobName));
        if (!current || abort.signal.aborted) return;
        const time = now();
        current.status = succeeded
          ? { startTime: current.status.startTime, completionTime: time, succeeded: 1, active: 0, ready: 0, conditions: [{ type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: time }, { type: 'Complete', status: 'True', lastTransitionTime: time }] }
          : { startTime: current.status.startTime, failed: 1, active: 0, ready: 0, conditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: time }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: time }] };
      })();
      runs.add(pod.finished);
    });
    return pod;
  };

  const removePod = (namespace: string, name: string): void => {
    const pod = pods.get(key(namespace, name));
    if (!pod) return;
    pod.abort?.abort();
    pods.delete(key(namespace, name));
  };

  const authorised = (headers: Record<string, string | string[] | undefined>): boolean =>
    options.bearerToken === undefined || headers.authorization === `Bearer ${options.bearerToken}`;

  const handle = async (request: RecordedRequest, _raw: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!authorised(request.headers)) return sendStatus(response, 401, 'Unauthorized', 'Unauthorized');
    const body = request.body as Json | undefined;
    const method = request.method;
    let match: RegExpExecArray | null;

    if ((match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/]+))?$/.exec(request.path))) {
      const [, namespace, name] = match as unknown as [string, string, string | undefined];
      if (method === 'POST' && !name) {
        const secretName = body?.metadata?.name as string | undefined;
        if (!secretName) return sendStatus(response, 422, 'Invalid', 'Secret "" is invalid: metadata.name: Required value: name or generateName is required');
        if (secrets.has(key(namespace, secretName))) return sendStatus(response, 409, 'AlreadyExists', `secrets "${secretName}" already exists`, { name: secretName, kind: 'secrets' });
        const data = Object.fromEntries(Object.entries((body!.stringData ?? {}) as Record<string, string>).map(([entry, value]) => [entry, Buffer.from(value).toString('base64')]));
        const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { ...body!.metadata, namespace, creationTimestamp: now() }, type: body!.type ?? 'Opaque', data: { ...(body!.data ?? {}), ...data } };
        secrets.set(key(namespace, secretName), secret);
        return sendJson(response, 201, secret);
      }
      if (method === 'DELETE' && name) {
        if (!secrets.delete(key(namespace, name))) return sendStatus(response, 404, 'NotFound', `secrets "${name}" not found`, { name, kind: 'secrets' });
        return sendJson(response, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: 'secrets' } });
      }
    }

    if ((match = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs(?:\/([^/]+))?$/.exec(request.path))) {
      const [, namespace, name] = match as unknown as [string, string, string | undefined];
      if (method === 'POST' && !name) {
        const jobName = body?.metadata?.name as string | undefined;
        if (!jobName || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(jobName)) return sendStatus(response, 422, 'Invalid', `Job.batch "${jobName ?? ''}" is invalid: metadata.name: Invalid value: "${jobName ?? ''}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`);
        if (jobs.has(key(namespace, jobName))) return sendStatus(response, 409, 'AlreadyExists', `jobs.batch "${jobName}" already exists`, { name: jobName, group: 'batch', kind: 'jobs' });
        const template = body!.spec?.template;
        if (!['Never', 'OnFailure'].includes(template?.spec?.restartPolicy)) {
          return sendStatus(response, 422, 'Invalid', `Job.batch "${jobName}" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`);
        }
        for (const [index, container] of ((template.spec.containers ?? []) as Json[]).entries()) {
          const limits = (container.resources?.limits ?? {}) as Record<string, string>;
          const requests = (container.resources?.requests ?? {}) as Record<string, string>;
          for (const [resource, value] of Object.entries(requests)) {
            if (resource.includes('/') && limits[resource] !== undefined && limits[resource] !== value) {
              return sendStatus(response, 422, 'Invalid', `Job.batch "${jobName}" is invalid: spec.template.spec.containers[${index}].resources.requests: Invalid value: "${value}": must be equal to ${resource} limit of ${limits[resource]}`);
            }
          }
        }
        const uid = createHash('sha256').update(`${namespace}/${jobName}/${Date.now()}`).digest('hex').slice(0, 32);
        const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': uid, 'job-name': jobName };
        const job: Json = JSON.parse(JSON.stringify(body));
        job.metadata = { ...job.metadata, namespace, uid, creationTimestamp: now(), labels: { ...(job.metadata.labels ?? {}) } };
        job.spec.template.metadata = { ...(job.spec.template.metadata ?? {}), labels: { ...(job.spec.template.metadata?.labels ?? {}), ...labels } };
        job.status = {};
        jobs.set(key(namespace, jobName), job);
        const podName = `${jobName}-${randomBytes(3).toString('hex').slice(0, 5)}`;
        createPod(namespace, { metadata: { name: podName, labels: job.spec.template.metadata.labels, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid, controller: true }] }, spec: job.spec.template.spec }, jobName);
        return sendJson(response, 201, job);
      }
      if (method === 'GET' && name) {
        const job = jobs.get(key(namespace, name));
        if (!job) return sendStatus(response, 404, 'NotFound', `jobs.batch "${name}" not found`, { name, group: 'batch', kind: 'jobs' });
        return sendJson(response, 200, job);
      }
      if (method === 'DELETE' && name) {
        const job = jobs.get(key(namespace, name));
        if (!job) return sendStatus(response, 404, 'NotFound', `jobs.batch "${name}" not found`, { name, group: 'batch', kind: 'jobs' });
        const policy = request.query.propagationPolicy ?? (body?.propagationPolicy as string | undefined) ?? 'Orphan';
        jobs.delete(key(namespace, name));
        if (policy !== 'Orphan') {
          setTimeout(() => {
            for (const [podKey, pod] of pods) if (pod.jobName === name && podKey.startsWith(`${namespace}/`)) removePod(namespace, pod.object.metadata.name);
          }, 5);
        }
        return sendJson(response, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: 'batch', kind: 'jobs', uid: job.metadata.uid } });
      }
    }

    if ((match = /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?(?:\/(log))?$/.exec(request.path))) {
      const [, namespace, name, sub] = match as unknown as [string, string, string | undefined, string | undefined];
      if (method === 'GET' && !name) {
        const selector = request.query.labelSelector ?? '';
        const wanted = selector ? Object.fromEntries(selector.split(',').map((part) => part.split('='))) : {};
        const items = [...pods.entries()]
          .filter(([podKey]) => podKey.startsWith(`${namespace}/`))
          .map(([, pod]) => pod.object)
          .filter((pod) => Object.entries(wanted).every(([label, value]) => pod.metadata.labels?.[label] === value));
        return sendJson(response, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
      }
      if (method === 'POST' && !name) {
        const podName = body?.metadata?.name as string | undefined;
        if (!podName) return sendStatus(response, 422, 'Invalid', 'Pod "" is invalid: metadata.name: Required value');
        if (pods.has(key(namespace, podName))) return sendStatus(response, 409, 'AlreadyExists', `pods "${podName}" already exists`, { name: podName, kind: 'pods' });
        return sendJson(response, 201, createPod(namespace, body!).object);
      }
      const pod = name ? pods.get(key(namespace, name)) : undefined;
      if (name && !pod) return sendStatus(response, 404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
      if (method === 'GET' && pod && sub === 'log') {
        const containerName = request.query.container ?? pod.object.spec.containers[0].name;
        const state = pod.object.status.containerStatuses?.[0]?.state;
        if (!state || state.waiting) return sendStatus(response, 400, 'BadRequest', `container "${containerName}" in pod "${name}" is waiting to start: ${state?.waiting?.reason ?? 'ContainerCreating'}`);
        let text = pod.log;
        if (request.query.tailLines !== undefined) text = text.split(/(?<=\n)/).slice(-Number(request.query.tailLines)).join('');
        if (request.query.limitBytes !== undefined) text = Buffer.from(text).subarray(0, Number(request.query.limitBytes)).toString('utf8');
        response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(text)) });
        return void response.end(text);
      }
      if (method === 'GET' && pod && !sub) return sendJson(response, 200, pod.object);
      if (method === 'DELETE' && pod && !sub) {
        removePod(namespace, name!);
        return sendJson(response, 200, pod.object);
      }
    }
    return sendStatus(response, 404, 'NotFound', 'the server could not find the requested resource');
  };

  const server = await startRecordingServer(handle, {
    ...options,
    onFault: (step, response) => sendStatus(response, step.error.status, step.error.status === 500 ? 'InternalError' : 'ServiceUnavailable', step.error.message ?? 'Internal error occurred'),
  });

  // The exec endpoint: a WebSocket upgrade running tar against the claim folder.
  server.server.on('upgrade', (raw: IncomingMessage, socket: Socket) => {
    const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    server.requests.push({ index: server.requests.length, method: raw.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams.entries()), headers, body: undefined, rawBody: '', bodyBytes: Buffer.alloc(0), receivedAt: performance.now() });
    const refuse = (code: number, status: Json): void => {
      const text = JSON.stringify(status);
      socket.end(`HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : code === 401 ? 'Unauthorized' : 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    };
    if (!authorised(raw.headers)) return refuse(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    if (!match) return refuse(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    const [, namespace, podName] = match as unknown as [string, string, string];
    const pod = pods.get(key(namespace, podName));
    if (!pod) return refuse(404, statusBody(404, 'NotFound', `pods "${podName}" not found`));
    const containerName = url.searchParams.get('container') ?? pod.object.spec.containers[0].name;
    if (pod.object.status.phase !== 'Running') return refuse(400, statusBody(400, 'BadRequest', `unable to upgrade connection: container not found ("${containerName}")`));
    const offered = (raw.headers['sec-websocket-protocol'] ?? '').split(',').map((item) => item.trim());
    const protocol = ['v5.channel.k8s.io', 'v4.channel.k8s.io'].find((item) => offered.includes(item));
    if (!protocol) return refuse(400, statusBody(400, 'BadRequest', 'no supported channel protocol offered'));
    const accept = createHash('sha1').update(`${raw.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);

    const send = (channel: number, data: Buffer): void => {
      if (!socket.destroyed) socket.write(webSocketFrame(0x2, Buffer.concat([Buffer.from([channel]), data])));
    };
    const finish = (status: Json): void => {
      send(3, Buffer.from(JSON.stringify(status)));
      if (!socket.destroyed) socket.end(webSocketFrame(0x8, Buffer.from([0x03, 0xe8])));
    };
    const command = url.searchParams.getAll('command');
    const workspace = mountFolder(pod.object, containerName, '/workspace');
    if (command[0] !== 'tar' || !workspace) {
      return finish({ metadata: {}, status: 'Failure', message: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": executable file not found in $PATH: unknown`, reason: 'InternalError', code: 500 });
    }
    const args = command.slice(1).map((arg) => (arg.startsWith('/workspace') ? join(workspace.folder, arg.slice('/workspace'.length)) : arg));
    if (workspace.readOnly && args.includes('-x')) {
      return finish({ metadata: {}, status: 'Failure', message: 'command terminated with non-zero exit code: error executing command [tar], exit code 2', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } });
    }
    const child = spawn('tar', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => send(1, chunk));
    child.stderr.on('data', (chunk: Buffer) => send(2, chunk));
    child.stdin.on('error', () => undefined);
    const wantsStdin = url.searchParams.get('stdin') === 'true';
    if (!wantsStdin) child.stdin.end();
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const parsed = parseClientFrames(Buffer.concat([pending, chunk]));
      pending = parsed.rest;
      for (const frame of parsed.frames) {
        if (frame.opcode === 0x8) {
          if (!child.stdin.writableEnded) child.stdin.end(); // v4: the client closes the socket when stdin ends
          continue;
        }
        if (frame.opcode !== 0x2 || frame.payload.length === 0) continue;
        const channel = frame.payload[0]!;
        if (channel === 0 && !child.stdin.writableEnded) child.stdin.write(frame.payload.subarray(1));
        else if (channel === 255 && frame.payload[1] === 0 && !child.stdin.writableEnded) child.stdin.end(); // v5 close(stdin)
      }
    });
    socket.on('error', () => child.kill());
    child.on('close', (code) => {
      finish(
        code === 0
          ? { metadata: {}, status: 'Success' }
          : { metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } },
      );
    });
  });

  return {
    url: server.url,
    requests: server.requests,
    generations: server.generations,
    jobs,
    pods,
    secrets,
    vanish(namespace: string, jobName: string) {
      jobs.delete(key(namespace, jobName));
      for (const pod of [...pods.values()]) if (pod.jobName === jobName) removePod(namespace, pod.object.metadata.name);
    },
    async close() {
      for (const pod of pods.values()) pod.abort?.abort();
      await Promise.all(runs);
      await server.close();
    },
  };
}
