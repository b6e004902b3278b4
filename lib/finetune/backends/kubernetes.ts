/**
 * The Kubernetes backend of the finetuning stage: the training container runs as a `batch/v1` Job (one Pod,
 * `backoffLimit: 0`, `restartPolicy: Never`), driven through the official client `@kubernetes/client-node`.
 *
 * Storage — what research clusters have: one **PersistentVolumeClaim** on shared storage (NFS, CephFS, Lustre;
 * access mode ReadWriteMany, or ReadWriteOnce when jobs and the helper pod land on one node) that holds each
 * job's folder `<jobsPath>/<job name>/{input,output}`. The trainer mounts `input` read-only at `/input` and
 * `output` at `/output` (`subPath` mounts). The workspace moves files with a short-lived **helper pod** that
 * mounts the same claim and runs `tar` over the exec endpoint (what `kubectl cp` does): the inputs are
 * uploaded before the Job is created, and `fetchOutputs` streams `tar -c` of the output folder back. With
 * `staging: 'none'` the submission's folders are already paths inside the claim (the claim is mounted on the
 * workstation too) and nothing is copied in.
 *
 * Secrets: the Hugging Face token (`secretEnvironment`) is written into a Secret `<job>-env` and reaches the
 * container through `env[].valueFrom.secretKeyRef`; it is never part of the Job spec, a handle, a log or an error.
 * The Secret is removed when the job is cancelled or seen finished.
 *
 * State: the Job's conditions (`Complete`, `Failed`, with reason and message), else its Pod (`Pending`,
 * `Running`, `Succeeded`, `Failed`); a Pod waiting with `ImagePullBackOff`, `ErrImageNeverPull` or
 * `InvalidImageName` is a failure (the Job would wait forever); a Job the API server no longer knows (HTTP 404)
 * is `lost` — unless this backend deleted it (cancel), then `cancelled`. Logs come from the Pod log endpoint.
 * Cancel deletes the Job with `propagationPolicy: Background`.
 *
 * References: Kubernetes API reference v1.31, Job (batch/v1) https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/,
 * Pod (core/v1) https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/, Secret
 * https://kubernetes.io/docs/concepts/configuration/secret/, GPU scheduling with `nvidia.com/gpu` limits
 * https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/.
 */
import { PassThrough, Readable } from 'node:stream';
// Types only: the client itself (a large module tree) is loaded by createKubernetesTrainingBackend when first
// needed, so that importing the workspace does not load it.
import type { BatchV1Api, CoreV1Api, KubeConfig, V1Job, V1Pod, V1Status } from './kubernetes-client.js';

type KubernetesClientModule = typeof import('./kubernetes-client.js');
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

const SERVICE = 'Kubernetes API';
const TRAINER_CONTAINER = 'trainer';
const HELPER_CONTAINER = 'files';
const CLAIM_MOUNT = '/workspace';
/** Pod waiting reasons after which the Job cannot start any more (kubelet image states). */
const FATAL_WAITING_REASONS = new Set(['ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);

export interface KubernetesBackendOptions {
  /** The name of the PersistentVolumeClaim holding job inputs and outputs. */
  volumeClaim: string;
  /** Folder inside the claim where job folders are made (default `ecg-llm-finetune`). */
  jobsPath?: string;
  /** `copy` (default): inputs are uploaded into the claim, outputs downloaded; `none`: paths are already inside the claim. */
  staging?: 'copy' | 'none';
  /** A loaded configuration (otherwise `KUBECONFIG` or ~/.kube/config through `loadFromDefault`). */
  kubeConfig?: KubeConfig;
  /** A context of the kubeconfig to use instead of its current one. */
  context?: string;
  /** Namespace (default: the context's namespace, else `default`). */
  namespace?: string;
  /** The extended resource name of a GPU (default `nvidia.com/gpu`, the NVIDIA device plugin's). */
  gpuResource?: string;
  /** Image for the helper pod that runs `tar` (default `docker.io/library/busybox:1.36.1`). */
  helperImage?: string;
  /** Names of image pull Secrets for a private registry. */
  imagePullSecrets?: string[];
  /** Node selector for the trainer pod (e.g. `{ "nvidia.com/gpu.product": "NVIDIA-H100-80GB-HBM3" }`). */
  nodeSelector?: Record<string, string>;
  /** Shared memory (`/dev/shm`, an in-memory emptyDir) in GiB (default 8). */
  shmSizeGiB?: number;
  /** Lines of the log included in the reason of a failed job (default 20). */
  failureLogLines?: number;
  /** Progress of collecting outputs (default: silent). */
  progress?: ProgressFactory;
  /** How long to wait for the helper pod to run, in milliseconds (default 120 000); polled every `pollIntervalMs` (default 1000). */
  helperTimeoutMs?: number;
  pollIntervalMs?: number;
}

/** The Kubernetes name rules for a Job (DNS-1123 label, which also bounds the Pod names derived from it). */
function checkName(name: string): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 52) {
    throw new InvalidArgumentError('name', `"${name}" is not a Kubernetes Job name (lower-case letters, digits and "-", at most 52 characters)`);
  }
}

function isDigestReference(image: string): boolean {
  return /^[a-z0-9][a-z0-9._:/-]*@sha256:[0-9a-f]{64}$/.test(image);
}

/** The HTTP status of a client error (`ApiException.code`), if any. */
function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The job's folder inside the claim, as `{ input, output }` paths relative to the claim's root. */
function claimPaths(options: KubernetesBackendOptions, submission: TrainingSubmission): { input: string; output: string } {
  if ((options.staging ?? 'copy') === 'none') {
    const clean = (path: string, field: string): string => {
      const trimmed = path.replace(/^\/+|\/+$/g, '');
      if (trimmed === '' || trimmed.split('/').includes('..')) throw new InvalidArgumentError(field, `"${path}" is not a folder inside the volume claim`);
      return trimmed;
    };
    return { input: clean(submission.inputDirectory, 'inputDirectory'), output: clean(submission.outputDirectory, 'outputDirectory') };
  }
  const base = `${(options.jobsPath ?? 'ecg-llm-finetune').replace(/^\/+|\/+$/g, '')}/${submission.name}`;
  return { input: `${base}/input`, output: `${base}/output` };
}

/** A TrainingBackend running the job as a Kubernetes Job. */
export class KubernetesTrainingBackend implements TrainingBackend {
  readonly name = 'kubernetes' as const;
  readonly namespace: string;
  readonly context: string;
  private readonly config: KubeConfig;
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;
  private readonly options: KubernetesBackendOptions;
  private readonly secrets = new Set<string>();
  /** Jobs this instance deleted on request: their 404 afterwards means cancelled, not lost. */
  private readonly cancelled = new Set<string>();

  private readonly client: KubernetesClientModule;

  /** Use {@link createKubernetesTrainingBackend}, which loads the client module. */
  constructor(options: KubernetesBackendOptions, client: KubernetesClientModule) {
    this.client = client;
    if (!options.volumeClaim || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.volumeClaim)) {
      throw new ConfigurationError('volumeClaim', `"${options.volumeClaim ?? ''}" is not the name of a PersistentVolumeClaim`);
    }
    this.options = options;
    let config = options.kubeConfig;
    if (!config) {
      config = new client.KubeConfig();
      try {
        config.loadFromDefault();
      } catch (error) {
        throw new ConfigurationError('KUBECONFIG', `the kubeconfig could not be read: ${(error as Error).message}`);
      }
    }
    if (options.context) {
      if (!config.getContextObject(options.context)) throw new ConfigurationError('context', `the kubeconfig has no context "${options.context}"`);
      config.setCurrentContext(options.context);
    }
    if (!config.getCurrentCluster()) throw new ConfigurationError('KUBECONFIG', 'no cluster is configured (set KUBECONFIG or create ~/.kube/config)');
    this.config = config;
    this.context = config.getCurrentContext();
    this.namespace = options.namespace ?? config.getContextObject(this.context)?.namespace ?? 'default';
    this.batch = config.makeApiClient(client.BatchV1Api);
    this.core = config.makeApiClient(client.CoreV1Api);
  }

  private scrub(text: string): string {
    return redactText(text, [...this.secrets]);
  }

  /** A ServiceError from a client failure, with the API server's Status message. */
  private apiError(where: string, error: unknown): ServiceError {
    const status = statusOf(error);
    let message = (error as Error)?.message ?? String(error);
    const body = (error as { body?: unknown } | undefined)?.body;
    if (typeof body === 'string') {
      try {
        const parsed = JSON.parse(body) as { message?: unknown };
        if (typeof parsed.message === 'string') message = parsed.message;
      } catch {
        message = body || message;
      }
    } else if (body && typeof (body as { message?: unknown }).message === 'string') {
      message = (body as { message: string }).message;
    }
    const transport = status === undefined ? ` (cluster ${this.config.getCurrentCluster()?.server ?? '?'})` : '';
    return new ServiceError(SERVICE, `${where}: ${this.scrub(message)}${transport}`, {
      ...(status === undefined ? {} : { status }),
      retryable: status === undefined || status >= 500 || status === 429,
    });
  }

  private checkHandle(job: TrainingJobHandle): { namespace: string; name: string } {
    if (job.backend !== 'kubernetes') throw new InvalidArgumentError('job', `a ${job.backend} job cannot be read by the Kubernetes backend`);
    const [namespace, name] = job.id.split('/');
    if (!namespace || !name) throw new InvalidArgumentError('job.id', `"${job.id}" is not namespace/job-name`);
    return { namespace, name };
  }

  async submit(submission: TrainingSubmission, options: { signal?: AbortSignal } = {}): Promise<TrainingJobHandle> {
    checkName(submission.name);
    if (!isDigestReference(submission.image)) throw new InvalidArgumentError('image', `"${submission.image}" is not pinned by digest (repository@sha256:<64 hex digits>)`);
    const gpus = submission.resources.gpus;
    if (!Number.isInteger(gpus) || gpus < 0) throw new InvalidArgumentError('resources.gpus', `${gpus} is not a whole number of GPUs`);
    for (const value of Object.values(submission.secretEnvironment ?? {})) if (value) this.secrets.add(value);
    const namespace = this.namespace;
    const name = submission.name;
    const paths = claimPaths(this.options, submission);
    const staging = this.options.staging ?? 'copy';

    if (staging === 'copy') {
      const archive = await createTar(submission.inputDirectory, { prefix: paths.input, fileMode: 0o444, directoryMode: 0o555 });
      await this.withHelperPod(`${name}-stage`, false, options.signal, async (pod) => {
        await this.execTar(pod, ['tar', '-x', '-f', '-', '-C', CLAIM_MOUNT], archive, undefined, `upload of the inputs to ${paths.input}`);
      });
    }

    const secretName = `${name}-env`;
    const secretEntries = Object.entries(submission.secretEnvironment ?? {});
    if (secretEntries.length > 0) {
      try {
        await this.core.createNamespacedSecret({
          namespace,
          body: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: secretName, labels: { 'app.kubernetes.io/managed-by': 'ecg-llm', 'ecg-llm/job': name } },
            type: 'Opaque',
            stringData: Object.fromEntries(secretEntries),
          },
        });
      } catch (error) {
        throw this.apiError(`creating Secret ${namespace}/${secretName}`, error);
      }
    }

    const limits: Record<string, string> = {};
    if (gpus > 0) limits[this.options.gpuResource ?? 'nvidia.com/gpu'] = String(gpus);
    if (submission.resources.cpus !== undefined) limits.cpu = String(submission.resources.cpus);
    if (submission.resources.memoryGiB !== undefined) limits.memory = `${submission.resources.memoryGiB}Gi`;
    const labels = { 'app.kubernetes.io/managed-by': 'ecg-llm', 'ecg-llm/job': name };
    const job: V1Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace, labels },
      spec: {
        backoffLimit: 0,
        ...(submission.resources.timeLimitMinutes === undefined ? {} : { activeDeadlineSeconds: Math.round(submission.resources.timeLimitMinutes * 60) }),
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            ...(this.options.nodeSelector ? { nodeSelector: this.options.nodeSelector } : {}),
            ...(this.options.imagePullSecrets ? { imagePullSecrets: this.options.imagePullSecrets.map((secret) => ({ name: secret })) } : {}),
            containers: [
              {
                name: TRAINER_CONTAINER,
                image: submission.image,
                ...(submission.command ? { command: submission.command } : {}),
                env: [
                  ...Object.entries(submission.environment ?? {}).map(([key, value]) => ({ name: key, value })),
                  ...secretEntries.map(([key]) => ({ name: key, valueFrom: { secretKeyRef: { name: secretName, key } } })),
                ],
                resources: { limits, requests: { ...limits } },
                volumeMounts: [
                  { name: 'workspace', mountPath: '/input', subPath: paths.input, readOnly: true },
                  { name: 'workspace', mountPath: '/output', subPath: paths.output },
                  { name: 'shared-memory', mountPath: '/dev/shm' },
                ],
              },
            ],
            volumes: [
              { name: 'workspace', persistentVolumeClaim: { claimName: this.options.volumeClaim } },
              { name: 'shared-memory', emptyDir: { medium: 'Memory', sizeLimit: `${this.options.shmSizeGiB ?? 8}Gi` } },
            ],
          },
        },
      },
    };
    try {
      await this.batch.createNamespacedJob({ namespace, body: job });
    } catch (error) {
      if (secretEntries.length > 0) await this.core.deleteNamespacedSecret({ name: secretName, namespace }).catch(() => undefined);
      throw this.apiError(`creating Job ${namespace}/${name}`, error);
    }
    return {
      backend: 'kubernetes',
      id: `${namespace}/${name}`,
      name,
      outputDirectory: submission.outputDirectory,
      details: {
        context: this.context,
        namespace,
        volumeClaim: this.options.volumeClaim,
        outputPath: paths.output,
        staging,
        ...(secretEntries.length > 0 ? { secretName } : {}),
      },
    };
  }

  /** The newest Pod of the Job (the Job controller labels its Pods `job-name=<name>`). */
  private async jobPod(namespace: string, name: string): Promise<V1Pod | undefined> {
    try {
      const pods = await this.core.listNamespacedPod({ namespace, labelSelector: `job-name=${name}` });
      const items = [...(pods.items ?? [])];
      items.sort((left, right) => String(left.metadata?.creationTimestamp ?? '').localeCompare(String(right.metadata?.creationTimestamp ?? '')));
      return items.at(-1);
    } catch (error) {
      throw this.apiError(`listing the Pods of Job ${namespace}/${name}`, error);
    }
  }

  private async removeSecret(job: TrainingJobHandle, namespace: string): Promise<void> {
    const secretName = job.details?.secretName;
    if (typeof secretName !== 'string') return;
    await this.core.deleteNamespacedSecret({ name: secretName, namespace }).catch(() => undefined);
  }

  async status(job: TrainingJobHandle): Promise<TrainingJobObservation> {
    const { namespace, name } = this.checkHandle(job);
    let current: V1Job;
    try {
      current = await this.batch.readNamespacedJob({ name, namespace });
    } catch (error) {
      if (statusOf(error) === 404) {
        if (this.cancelled.has(job.id)) return { state: 'cancelled', schedulerState: 'deleted', reason: 'the Job was deleted on request' };
        return { state: 'lost', schedulerState: 'not found', reason: `the API server no longer knows Job ${job.id} (deleted outside the workspace, or removed by its TTL)` };
      }
      throw this.apiError(`reading Job ${job.id}`, error);
    }
    if (current.metadata?.deletionTimestamp) return { state: 'cancelled', schedulerState: 'deleting', reason: 'the Job is being deleted' };
    const conditions = current.status?.conditions ?? [];
    const holds = (type: string) => conditions.find((condition) => condition.type === type && condition.status === 'True');
    const complete = holds('Complete');
    if (complete) {
      await this.removeSecret(job, namespace);
      return { state: 'succeeded', schedulerState: 'Complete', exitCode: 0 };
    }
    const failed = holds('Failed') ?? holds('FailureTarget');
    const pod = await this.jobPod(namespace, name);
    const trainer = pod?.status?.containerStatuses?.find((status) => status.name === TRAINER_CONTAINER);
    const terminated = trainer?.state?.terminated;
    if (failed || pod?.status?.phase === 'Failed') {
      await this.removeSecret(job, namespace);
      const why = [
        failed ? `${failed.reason ?? 'Failed'}: ${failed.message ?? ''}`.trim() : 'the Pod failed',
        terminated ? `container ${terminated.reason ?? 'terminated'} with exit code ${terminated.exitCode}` : '',
      ].filter(Boolean).join('; ');
      const tail = pod?.metadata?.name ? await this.podLog(namespace, pod.metadata.name, { tailLines: this.options.failureLogLines ?? 20 }).catch(() => '') : '';
      return {
        state: 'failed',
        schedulerState: failed ? (failed.reason ?? 'Failed') : 'Failed',
        exitCode: terminated?.exitCode ?? null,
        reason: this.scrub(tail.trim() ? `${why}; last lines of the log:\n${tail.trimEnd()}` : why),
      };
    }
    if (!pod) return { state: 'pending', schedulerState: 'no pod yet' };
    const phase = pod.status?.phase ?? 'Unknown';
    if (phase === 'Succeeded') return { state: 'running', schedulerState: 'Succeeded', reason: 'the Pod finished; waiting for the Job to complete' };
    if (phase === 'Running') return { state: 'running', schedulerState: 'Running' };
    const waiting = trainer?.state?.waiting;
    if (waiting?.reason && FATAL_WAITING_REASONS.has(waiting.reason)) {
      return { state: 'failed', schedulerState: waiting.reason, exitCode: null, reason: this.scrub(`${waiting.reason}: ${waiting.message ?? 'the image cannot be pulled'}`) };
    }
    const unschedulable = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False');
    const reason = waiting?.reason ? `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` : unschedulable?.message;
    return { state: 'pending', schedulerState: phase, ...(reason ? { reason: this.scrub(reason) } : {}) };
  }

  private async podLog(namespace: string, pod: string, query: { tailLines?: number } = {}): Promise<string> {
    const text = await this.core.readNamespacedPodLog({ name: pod, namespace, container: TRAINER_CONTAINER, ...query });
    return this.scrub(typeof text === 'string' ? text : String(text ?? ''));
  }

  /** The trainer's log from character offset `from` (the whole log is read and the part before `from` dropped). */
  async logs(job: TrainingJobHandle, from: number): Promise<TrainingLogChunk> {
    const { namespace, name } = this.checkHandle(job);
    if (!Number.isInteger(from) || from < 0) throw new InvalidArgumentError('from', `${from} is not a character offset`);
    const pod = await this.jobPod(namespace, name);
    if (!pod?.metadata?.name) return { text: '', next: from };
    let text: string;
    try {
      text = await this.podLog(namespace, pod.metadata.name);
    } catch (error) {
      const status = statusOf(error);
      if (status === 400) return { text: '', next: from }; // the container has not started yet
      if (status === 404) throw new NotFoundError('Kubernetes Pod', `${namespace}/${pod.metadata.name}`, 'the Pod was removed; its log is gone');
      throw this.apiError(`reading the log of Pod ${namespace}/${pod.metadata.name}`, error);
    }
    return { text: text.slice(Math.min(from, text.length)), next: Math.max(from, text.length) };
  }

  async cancel(job: TrainingJobHandle): Promise<void> {
    const { namespace, name } = this.checkHandle(job);
    try {
      await this.batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' });
    } catch (error) {
      if (statusOf(error) === 404) throw new NotFoundError('Kubernetes Job', job.id);
      throw this.apiError(`deleting Job ${job.id}`, error);
    }
    this.cancelled.add(job.id);
    await this.removeSecret(job, namespace);
  }

  /** Streams `tar -c` of the job's output folder from a helper pod into `destination`. */
  async fetchOutputs(job: TrainingJobHandle, destination: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const { name } = this.checkHandle(job);
    const outputPath = job.details?.outputPath;
    if (typeof outputPath !== 'string') throw new InvalidArgumentError('job.details.outputPath', 'missing: the handle was not made by the Kubernetes backend');
    await this.withHelperPod(`${name}-collect`, true, options.signal, async (pod) => {
      const stdout = new PassThrough();
      const task = (this.options.progress ?? silentProgress)(`collecting /output of ${name}`);
      const extracting = extractTar(stdout, destination, { source: `${this.namespace}/${pod} ${CLAIM_MOUNT}/${outputPath}`, onFile: () => task.tick() });
      await this.execTar(pod, ['tar', '-c', '-f', '-', '-C', `${CLAIM_MOUNT}/${outputPath}`, '.'], undefined, stdout, `download of ${outputPath}`);
      task.done(`${(await extracting).length} files`);
    });
  }

  /** Runs `work` with a helper pod that mounts the claim at /workspace, and deletes the pod afterwards. */
  private async withHelperPod(podName: string, readOnly: boolean, signal: AbortSignal | undefined, work: (pod: string) => Promise<void>): Promise<void> {
    const namespace = this.namespace;
    const pod: V1Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName, namespace, labels: { 'app.kubernetes.io/managed-by': 'ecg-llm', 'ecg-llm/helper': 'files' } },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: HELPER_CONTAINER,
            image: this.options.helperImage ?? 'docker.io/library/busybox:1.36.1',
            command: ['sleep', '3600'],
            volumeMounts: [{ name: 'workspace', mountPath: CLAIM_MOUNT, readOnly }],
            resources: { limits: { cpu: '1', memory: '512Mi' } },
          },
        ],
        volumes: [{ name: 'workspace', persistentVolumeClaim: { claimName: this.options.volumeClaim, readOnly } }],
      },
    };
    try {
      await this.core.createNamespacedPod({ namespace, body: pod });
    } catch (error) {
      throw this.apiError(`creating helper Pod ${namespace}/${podName}`, error);
    }
    try {
      const deadline = Date.now() + (this.options.helperTimeoutMs ?? 120_000);
      for (;;) {
        signal?.throwIfAborted();
        const current = await this.core.readNamespacedPod({ name: podName, namespace }).catch((error: unknown) => {
          throw this.apiError(`reading helper Pod ${namespace}/${podName}`, error);
        });
        const phase = current.status?.phase;
        if (phase === 'Running') break;
        if (phase === 'Failed' || phase === 'Succeeded') throw new ServiceError(SERVICE, `helper Pod ${namespace}/${podName} ended (${phase}) before it could copy files`);
        if (Date.now() > deadline) throw new ServiceError(SERVICE, `helper Pod ${namespace}/${podName} did not start within ${(this.options.helperTimeoutMs ?? 120_000) / 1000} s (phase ${phase ?? 'unknown'})`, { retryable: true });
        await sleep(this.options.pollIntervalMs ?? 1000);
      }
      await work(podName);
    } finally {
      await this.core.deleteNamespacedPod({ name: podName, namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
    }
  }

  /** Runs a command in the helper pod through the exec endpoint, with optional stdin bytes; fails on a non-zero exit. */
  private async execTar(pod: string, command: string[], stdin: Buffer | undefined, stdout: PassThrough | undefined, what: string): Promise<void> {
    const errors: Buffer[] = [];
    const stderr = new PassThrough();
    stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    const sink = stdout ?? new PassThrough().resume();
    let finish: (status: V1Status | undefined) => void = () => undefined;
    const finished = new Promise<V1Status | undefined>((resolve) => {
      finish = resolve;
    });
    let socket: Awaited<ReturnType<InstanceType<KubernetesClientModule['Exec']>['exec']>>;
    try {
      socket = await new this.client.Exec(this.config).exec(this.namespace, pod, HELPER_CONTAINER, command, sink, stderr, stdin ? Readable.from([stdin]) : null, false, (status) => finish(status));
    } catch (error) {
      sink.end();
      throw new ServiceError(SERVICE, `${what}: exec in helper Pod ${this.namespace}/${pod} failed: ${this.scrub((error as Error)?.message ?? String(error))}`, { retryable: true });
    }
    socket.on('close', () => {
      if (!sink.writableEnded) sink.end();
      finish(undefined);
    });
    const status = await finished;
    if (!status || status.status !== 'Success') {
      const message = status?.message ?? 'the exec stream closed without an exit status';
      const errorText = Buffer.concat(errors).toString('utf8').trim();
      throw new ServiceError(SERVICE, `${what}: ${this.scrub(message)}${errorText ? ` (${this.scrub(errorText)})` : ''}`);
    }
  }
}

/**
 * Creates the Kubernetes backend (see {@link KubernetesBackendOptions}), loading the Kubernetes client on first use.
 *
 * @example
 * const backend = await createKubernetesTrainingBackend({ volumeClaim: 'finetune-data', namespace: 'ecg' });
 * const job = await backend.submit(submission);
 */
export async function createKubernetesTrainingBackend(options: KubernetesBackendOptions): Promise<KubernetesTrainingBackend> {
  return new KubernetesTrainingBackend(options, await import('./kubernetes-client.js'));
}
