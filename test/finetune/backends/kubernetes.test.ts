/**
 * The Kubernetes backend, through the official client @kubernetes/client-node 1.3.0, against a local server
 * speaking the Kubernetes API (test/servers/kubernetes-api-server.ts). Expected values and where they come from:
 * - Job fields (`backoffLimit`, `template.spec.restartPolicy: Never`, `resources.limits["nvidia.com/gpu"]`,
 *   `env[].valueFrom.secretKeyRef`, `volumeMounts[].subPath/readOnly`): the Kubernetes API reference v1.31
 *   (Job batch/v1, Pod core/v1) and "Schedule GPUs" (https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/);
 * - deletion with `propagationPolicy=Background`: the DeleteOptions reference;
 * - Job conditions `Complete` / `Failed` (`BackoffLimitExceeded`) and the Pod waiting reason `ImagePullBackOff`:
 *   the Job and Pod lifecycle documentation;
 * - sha256 of collected files: coreutils `sha256sum`.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KubeConfig } from '../../../lib/finetune/backends/kubernetes-client.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidArgumentError, ServiceError } from '../../../lib/core/errors.js';
import { createKubernetesTrainingBackend, type KubernetesBackendOptions, type KubernetesTrainingBackend } from '../../../lib/finetune/backends/kubernetes.js';
import type { TrainingJobHandle, TrainingJobObservation, TrainingSubmission } from '../../../lib/finetune/training-backend.js';
import { startKubernetesApiServer, useTestServers, type KubernetesApiServerOptions, type KubernetesApiTestServer } from '../../servers/index.js';
import { useTemporaryDirectory } from '../../helpers/temporary-directory.js';

// Registered before the servers: afterEach hooks run in reverse order, so servers stop before folders are removed.
const temporary = useTemporaryDirectory('kubernetes-backend-');
const track = useTestServers();
const image = `registry.example.org/ecg-llm/trainer@sha256:${'5e'.repeat(32)}`;
const token = `hf_${'K8'.repeat(17)}`;
const bearer = 'cluster-bearer-token-for-tests';

function kubeConfigFor(server: KubernetesApiTestServer, namespace = 'research'): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'lab', server: server.url, skipTLSVerify: true }],
    users: [{ name: 'researcher', token: bearer }],
    contexts: [{ name: 'lab', cluster: 'lab', user: 'researcher', namespace }],
    currentContext: 'lab',
  });
  return config;
}

async function setup(serverOptions: Partial<KubernetesApiServerOptions> = {}, backendOptions: Partial<KubernetesBackendOptions> = {}) {
  const root = await temporary();
  const claim = join(root, 'claim');
  await mkdir(claim, { recursive: true });
  const server = await track(startKubernetesApiServer({ volumeClaims: { 'finetune-data': claim }, bearerToken: bearer, stepMs: 40, ...serverOptions }));
  const backend = await createKubernetesTrainingBackend({ kubeConfig: kubeConfigFor(server), volumeClaim: 'finetune-data', pollIntervalMs: 10, ...backendOptions });
  const input = join(root, 'input');
  await mkdir(input, { recursive: true });
  await writeFile(join(input, 'config.json'), JSON.stringify({ base_model: 'meta-llama/Llama-3.1-8B', lora_r: 256, lora_alpha: 128 }));
  await writeFile(join(input, 'train-chat.jsonl'), `${JSON.stringify({ messages: [{ role: 'user', content: 'QT interval?' }, { role: 'assistant', content: 'Q onset to T end.' }] })}\n`);
  const submission: TrainingSubmission = {
    name: 'paper-8b-r256-a128',
    image,
    inputDirectory: input,
    outputDirectory: join(root, 'local-output'),
    environment: { ECG_LLM_RUN: 'k8s-test' },
    secretEnvironment: { HF_TOKEN: token },
    resources: { gpus: 2, cpus: 16, memoryGiB: 120, timeLimitMinutes: 600 },
  };
  return { server, backend, claim, input, submission };
}

async function pollUntilFinished(backend: KubernetesTrainingBackend, job: TrainingJobHandle): Promise<TrainingJobObservation[]> {
  const seen: TrainingJobObservation[] = [];
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const observation = await backend.status(job);
    seen.push(observation);
    if (['succeeded', 'failed', 'cancelled', 'lost'].includes(observation.state)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  throw new Error('job did not finish');
}

async function waitForState(backend: KubernetesTrainingBackend, job: TrainingJobHandle, state: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if ((await backend.status(job)).state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job never reached ${state}`);
}

describe('Kubernetes backend: a Job with GPU limits', () => {
  it('stages inputs, creates Secret and Job, polls to success, reads logs from an offset and collects verified outputs', async () => {
    let release: () => void = () => undefined;
    const startGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { server, backend, claim, input, submission } = await setup({ startGate });
    const job = await backend.submit(submission);
    // Before the Pod runs: pending, and no log yet (the log endpoint answers 400 while the container waits).
    expect(await backend.status(job)).toMatchObject({ state: 'pending', schedulerState: 'Pending', reason: 'ContainerCreating' });
    expect(await backend.logs(job, 0)).toEqual({ text: '', next: 0 });
    release();
    expect(job).toMatchObject({
      backend: 'kubernetes',
      id: 'research/paper-8b-r256-a128',
      details: { namespace: 'research', context: 'lab', volumeClaim: 'finetune-data', outputPath: 'ecg-llm-finetune/paper-8b-r256-a128/output', staging: 'copy', secretName: 'paper-8b-r256-a128-env' },
    });

    // Inputs went to the claim through `tar -x` in a helper pod (exec over WebSocket), which was then deleted.
    const uploads = server.requests.filter((request) => request.path.endsWith('/exec'));
    expect(uploads[0]!.path).toBe('/api/v1/namespaces/research/pods/paper-8b-r256-a128-stage/exec');
    for (const name of await readdir(input)) {
      expect((await readFile(join(claim, 'ecg-llm-finetune/paper-8b-r256-a128/input', name))).equals(await readFile(join(input, name)))).toBe(true);
    }
    expect(server.pods.has('research/paper-8b-r256-a128-stage')).toBe(false);

    // The token is in the Secret only; the Job refers to it.
    const secretRequest = server.requests.find((request) => request.method === 'POST' && request.path === '/api/v1/namespaces/research/secrets')!;
    expect(secretRequest.body).toMatchObject({ kind: 'Secret', metadata: { name: 'paper-8b-r256-a128-env' }, stringData: { HF_TOKEN: token } });
    const jobRequest = server.requests.find((request) => request.method === 'POST' && request.path === '/apis/batch/v1/namespaces/research/jobs')!;
    expect(jobRequest.rawBody).not.toContain(token);
    const spec = (jobRequest.body as { spec: Record<string, any> }).spec; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(spec.backoffLimit).toBe(0);
    expect(spec.activeDeadlineSeconds).toBe(36_000);
    expect(spec.template.spec.restartPolicy).toBe('Never');
    const container = spec.template.spec.containers[0];
    expect(container.image).toBe(image);
    expect(container.resources.limits).toEqual({ 'nvidia.com/gpu': '2', cpu: '16', memory: '120Gi' });
    expect(container.env).toEqual([
      { name: 'ECG_LLM_RUN', value: 'k8s-test' },
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'paper-8b-r256-a128-env', key: 'HF_TOKEN' } } },
    ]);
    expect(container.volumeMounts.slice(0, 2)).toEqual([
      { name: 'workspace', mountPath: '/input', subPath: 'ecg-llm-finetune/paper-8b-r256-a128/input', readOnly: true },
      { name: 'workspace', mountPath: '/output', subPath: 'ecg-llm-finetune/paper-8b-r256-a128/output' },
    ]);
    expect(spec.template.spec.volumes[0]).toEqual({ name: 'workspace', persistentVolumeClaim: { claimName: 'finetune-data' } });

    const observations = await pollUntilFinished(backend, job);
    expect(observations.some((observation) => observation.state === 'running' && observation.schedulerState === 'Running')).toBe(true);
    expect(observations.at(-1)).toEqual({ state: 'succeeded', schedulerState: 'Complete', exitCode: 0 });
    expect(server.secrets.size).toBe(0); // removed once the job was seen finished

    const whole = await backend.logs(job, 0);
    const cut = Math.floor(whole.text.length / 3);
    const rest = await backend.logs(job, cut);
    expect(whole.text.slice(0, cut) + rest.text).toBe(whole.text);
    expect(rest.next).toBe(whole.text.length);
    const claimOutput = join(claim, 'ecg-llm-finetune/paper-8b-r256-a128/output');
    expect(whole.text).toBe(await readFile(join(claimOutput, 'train.log'), 'utf8'));

    const destination = join(await temporary(), 'collected');
    await backend.fetchOutputs(job, destination);
    const collect = server.requests.filter((request) => request.path.endsWith('/exec')).at(-1)!;
    expect(collect.path).toBe('/api/v1/namespaces/research/pods/paper-8b-r256-a128-collect/exec');
    expect(new URL(`http://x${collect.path}?${new URLSearchParams(collect.query)}`).searchParams.get('container')).toBe('files');
    const helper = server.requests.find((request) => request.method === 'POST' && request.path === '/api/v1/namespaces/research/pods' && (request.body as { metadata: { name: string } }).metadata.name.endsWith('-collect'))!;
    expect((helper.body as { spec: { volumes: unknown[] } }).spec.volumes).toEqual([{ name: 'workspace', persistentVolumeClaim: { claimName: 'finetune-data', readOnly: true } }]);
    const artifacts = JSON.parse(await readFile(join(destination, 'artifacts.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
    expect(artifacts.files).toHaveLength(3);
    for (const file of artifacts.files) {
      expect(execFileSync('sha256sum', [join(destination, file.path)]).toString().split(' ')[0]).toBe(file.sha256);
      expect((await readFile(join(destination, file.path))).equals(await readFile(join(claimOutput, file.path)))).toBe(true);
    }
    expect(await readFile(join(destination, 'metrics.jsonl'), 'utf8')).toBe(await readFile(join(claimOutput, 'metrics.jsonl'), 'utf8'));
    expect([...server.pods.keys()].filter((name) => name.includes('-collect'))).toEqual([]);

    // The token never travelled anywhere but the Secret's create request.
    const leaks = server.requests.filter((request) => request !== secretRequest && `${request.path} ${JSON.stringify(request.query)} ${request.rawBody}`.includes(token));
    expect(leaks).toEqual([]);
    expect(JSON.stringify(job)).not.toContain(token);
  });

  it('reports a failed copy (tar exits non-zero in the helper Pod) with tar\'s message, and removes the helper Pod', async () => {
    const { server, backend } = await setup();
    const job: TrainingJobHandle = { backend: 'kubernetes', id: 'research/never-ran', name: 'never-ran', outputDirectory: '/tmp/x', details: { outputPath: 'ecg-llm-finetune/never-ran/output' } };
    const error = (await backend.fetchOutputs(job, await temporary()).catch((caught: unknown) => caught)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.message).toMatch(/non-zero exit code.*exit code 2/);
    expect(error.message).toContain('Cannot open: No such file or directory'); // GNU tar's own stderr
    expect(server.pods.size).toBe(0);
  });

  it('uses folders inside the claim as they are with staging "none"', async () => {
    const { server, backend, claim, submission } = await setup({}, { staging: 'none' });
    await mkdir(join(claim, 'runs/ft-1/input'), { recursive: true });
    await writeFile(join(claim, 'runs/ft-1/input/config.json'), '{}');
    const job = await backend.submit({ ...submission, inputDirectory: 'runs/ft-1/input', outputDirectory: 'runs/ft-1/output' });
    expect(server.requests.some((request) => request.path.endsWith('/exec'))).toBe(false);
    expect((await pollUntilFinished(backend, job)).at(-1)!.state).toBe('succeeded');
    expect(JSON.parse(await readFile(join(claim, 'runs/ft-1/output/status.json'), 'utf8'))).toMatchObject({ state: 'succeeded' });
    await expect(backend.submit({ ...submission, name: 'escape', inputDirectory: '../etc', outputDirectory: 'x' })).rejects.toThrow(InvalidArgumentError);
  });
});

describe('Kubernetes backend: a Pod that cannot be scheduled', () => {
  it('stays pending with the scheduler message as the reason', async () => {
    const { backend, submission } = await setup({}, { staging: 'none', volumeClaim: 'missing-claim' });
    const job = await backend.submit({ ...submission, inputDirectory: 'a/input', outputDirectory: 'a/output' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const observation = await backend.status(job);
    expect(observation).toMatchObject({ state: 'pending', schedulerState: 'Pending' });
    expect(observation.reason).toContain('persistentvolumeclaim "missing-claim" not found');
    expect(await backend.logs(job, 0)).toEqual({ text: '', next: 0 }); // container not started: HTTP 400 → nothing yet
  });
});

describe('Kubernetes backend: cancel, failure, lost', () => {
  it('cancels by deleting the Job with propagationPolicy Background', async () => {
    const { server, backend, submission } = await setup({ outcome: 'run-until-stopped' });
    const job = await backend.submit(submission);
    await waitForState(backend, job, 'running');
    await backend.cancel(job);
    const deletion = server.requests.find((request) => request.method === 'DELETE' && request.path === '/apis/batch/v1/namespaces/research/jobs/paper-8b-r256-a128')!;
    const policy = deletion.query.propagationPolicy ?? (deletion.body as { propagationPolicy?: string } | undefined)?.propagationPolicy;
    expect(policy).toBe('Background');
    expect(await backend.status(job)).toMatchObject({ state: 'cancelled' });
    expect(server.secrets.size).toBe(0);
    // Another process (no memory of the cancel) sees a Job that is gone: lost, with the reason.
    const other = await createKubernetesTrainingBackend({ kubeConfig: kubeConfigFor(server), volumeClaim: 'finetune-data' });
    expect(await other.status(job)).toMatchObject({ state: 'lost' });
  });

  it('reports a failed run with the Job condition, the exit code and the tail of the log; an OOM kill as such', async () => {
    const { backend, submission } = await setup({ outcome: (name) => (name.endsWith('oom') ? 'oom' : 'fail'), stepMs: 10 });
    const job = await backend.submit(submission);
    const last = (await pollUntilFinished(backend, job)).at(-1)!;
    expect(last).toMatchObject({ state: 'failed', schedulerState: 'BackoffLimitExceeded', exitCode: 1 });
    expect(last.reason).toContain('Job has reached the specified backoff limit');
    expect(last.reason).toContain('RuntimeError: CUDA error: an illegal memory access was encountered');
    const oom = await backend.submit({ ...submission, name: 'paper-8b-oom' });
    const oomLast = (await pollUntilFinished(backend, oom)).at(-1)!;
    expect(oomLast).toMatchObject({ state: 'failed', exitCode: 137 });
    expect(oomLast.reason).toContain('OOMKilled');
  });

  it('reports ImagePullBackOff as a failure instead of waiting forever', async () => {
    const { backend, submission } = await setup({ imagePullFailure: true });
    const job = await backend.submit(submission);
    const last = (await pollUntilFinished(backend, job)).at(-1)!;
    expect(last).toMatchObject({ state: 'failed', schedulerState: 'ImagePullBackOff' });
    expect(last.reason).toContain(`Back-off pulling image "${image}"`);
  });

  it('reports a Job the API server forgot as lost', async () => {
    const { server, backend, submission } = await setup({ outcome: 'run-until-stopped' });
    const job = await backend.submit(submission);
    await waitForState(backend, job, 'running');
    server.vanish('research', submission.name);
    expect(await backend.status(job)).toMatchObject({ state: 'lost', schedulerState: 'not found' });
  });
});

describe('Kubernetes backend: API errors and configuration', () => {
  const saved = process.env.KUBECONFIG;
  afterEach(() => {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  });

  it('turns Status errors into ServiceErrors with the API message, and removes the Secret of a Job that was refused', async () => {
    const { server, backend, submission } = await setup({
      intercept: (request) => (request.method === 'POST' && request.path.endsWith('/jobs') ? { error: { status: 500, message: 'etcdserver: request timed out' } } : undefined),
    });
    const error = (await backend.submit({ ...submission }).catch((caught: unknown) => caught)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.status).toBe(500);
    expect(error.message).toContain('etcdserver: request timed out');
    expect(error.retryable).toBe(true);
    expect(server.secrets.size).toBe(0);
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(token);
  });

  it('refuses a duplicate Job (409), a wrong token (401) and an unpinned image', async () => {
    const { server, backend, submission } = await setup({ outcome: 'run-until-stopped' });
    await backend.submit(submission);
    await expect(backend.submit(submission)).rejects.toThrow(/HTTP 409.*already exists/);
    const config = new KubeConfig();
    config.loadFromOptions({ clusters: [{ name: 'lab', server: server.url, skipTLSVerify: true }], users: [{ name: 'intruder', token: 'wrong-token-value' }], contexts: [{ name: 'lab', cluster: 'lab', user: 'intruder' }], currentContext: 'lab' });
    const intruder = await createKubernetesTrainingBackend({ kubeConfig: config, volumeClaim: 'finetune-data', staging: 'none' });
    await expect(intruder.submit({ ...submission, name: 'other', inputDirectory: 'a', outputDirectory: 'b' })).rejects.toThrow(/HTTP 401/);
    await expect(backend.submit({ ...submission, name: 'unpinned', image: 'registry.example.org/ecg-llm/trainer:latest' })).rejects.toThrow(InvalidArgumentError);
    await expect(backend.submit({ ...submission, name: 'Not_A_DNS_Label' })).rejects.toThrow(InvalidArgumentError);
  });

  it('reads KUBECONFIG (context namespace, explicit context and namespace) and names a missing context', async () => {
    const root = await temporary();
    const path = join(root, 'kubeconfig.yaml');
    await writeFile(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: lab',
        '  cluster: { server: "http://127.0.0.1:1" }',
        '- name: cloud',
        '  cluster: { server: "http://127.0.0.1:2" }',
        'users:',
        '- name: me',
        '  user: { token: "abc-token-123" }',
        'contexts:',
        '- name: lab',
        '  context: { cluster: lab, user: me, namespace: ecg }',
        '- name: cloud',
        '  context: { cluster: cloud, user: me }',
        'current-context: lab',
        '',
      ].join('\n'),
    );
    process.env.KUBECONFIG = path;
    expect(await createKubernetesTrainingBackend({ volumeClaim: 'data' })).toMatchObject({ context: 'lab', namespace: 'ecg' });
    expect(await createKubernetesTrainingBackend({ volumeClaim: 'data', context: 'cloud' })).toMatchObject({ context: 'cloud', namespace: 'default' });
    expect(await createKubernetesTrainingBackend({ volumeClaim: 'data', namespace: 'team-a' })).toMatchObject({ namespace: 'team-a' });
    await expect(createKubernetesTrainingBackend({ volumeClaim: 'data', context: 'nowhere' })).rejects.toThrow(ConfigurationError);
    await expect(createKubernetesTrainingBackend({ volumeClaim: 'Bad Claim' })).rejects.toThrow(/PersistentVolumeClaim/);
  });
});
