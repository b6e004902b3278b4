/**
 * Creating a training backend by name. Each backend adds its factory here.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { createDockerTrainingBackend } from './backends/docker.js';
import { createKubernetesTrainingBackend, type KubernetesTrainingBackend } from './backends/kubernetes.js';
import { SlurmBackend, type SlurmContainerRuntime } from './backends/slurm.js';
import type { TrainingBackend, TrainingBackendName } from './training-backend.js';

export interface TrainingBackendSettings {
  /** Slurm: pyxis, apptainer or none. */
  runtime?: string;
  partition?: string;
  account?: string;
  gpuGres?: string;
  /** Docker: a `DOCKER_HOST` value (default: the environment's `DOCKER_HOST`, else the local socket). */
  dockerHost?: string;
  /** Docker: `bind` (daemon on this machine) or `copy` (remote daemon; inputs uploaded, outputs downloaded). */
  transfer?: string;
  /** Kubernetes: the PersistentVolumeClaim holding job inputs and outputs. */
  volumeClaim?: string;
  /** Kubernetes: namespace and kubeconfig context (default: the kubeconfig's current ones). */
  namespace?: string;
  kubeContext?: string;
  environment?: NodeJS.ProcessEnv;
}

/**
 * A Kubernetes backend whose client is loaded on first use (the official client is large and loaded only when a
 * Kubernetes job is actually touched), so creating a backend stays synchronous like the others.
 */
function lazyKubernetesBackend(settings: TrainingBackendSettings): TrainingBackend {
  if (!settings.volumeClaim) {
    throw new InvalidArgumentError('volumeClaim', 'the kubernetes backend needs the PersistentVolumeClaim that holds job inputs and outputs (--volume-claim NAME)');
  }
  let created: Promise<KubernetesTrainingBackend> | undefined;
  const backend = (): Promise<KubernetesTrainingBackend> =>
    (created ??= createKubernetesTrainingBackend({
      volumeClaim: settings.volumeClaim!,
      ...(settings.namespace ? { namespace: settings.namespace } : {}),
      ...(settings.kubeContext ? { context: settings.kubeContext } : {}),
    }));
  return {
    name: 'kubernetes',
    submit: async (submission, options) => (await backend()).submit(submission, options),
    status: async (job) => (await backend()).status(job),
    logs: async (job, from) => (await backend()).logs(job, from),
    cancel: async (job) => (await backend()).cancel(job),
    fetchOutputs: async (job, destination, options) => (await backend()).fetchOutputs(job, destination, options),
  };
}

export type TrainingBackendFactory = (settings: TrainingBackendSettings) => TrainingBackend;

export const trainingBackendFactories: Partial<Record<TrainingBackendName, TrainingBackendFactory>> = {
  slurm: (settings) =>
    new SlurmBackend({
      runtime: (settings.runtime ?? 'pyxis') as SlurmContainerRuntime,
      ...(settings.partition ? { partition: settings.partition } : {}),
      ...(settings.account ? { account: settings.account } : {}),
      ...(settings.gpuGres ? { gpuGres: settings.gpuGres } : {}),
      ...(settings.environment ? { environment: settings.environment } : {}),
    }),
  docker: (settings) => {
    if (settings.transfer !== undefined && settings.transfer !== 'bind' && settings.transfer !== 'copy') {
      throw new InvalidArgumentError('transfer', `must be bind or copy, got "${settings.transfer}"`);
    }
    return createDockerTrainingBackend({
      ...(settings.dockerHost ? { host: settings.dockerHost } : {}),
      ...(settings.transfer ? { transfer: settings.transfer as 'bind' | 'copy' } : {}),
      ...(settings.environment ? { environment: settings.environment } : {}),
    });
  },
  kubernetes: lazyKubernetesBackend,
};

/** The backend called `name`, configured with `settings`. */
export function createTrainingBackend(name: string, settings: TrainingBackendSettings = {}): TrainingBackend {
  const factory = trainingBackendFactories[name as TrainingBackendName];
  if (!factory) throw new InvalidArgumentError('backend', `unknown or unavailable training backend "${name}"; available: ${Object.keys(trainingBackendFactories).join(', ')}`);
  return factory(settings);
}
