/**
 * Creating a training backend by name. Each backend adds its factory here.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { SlurmBackend, type SlurmContainerRuntime } from './backends/slurm.js';
import type { TrainingBackend, TrainingBackendName } from './training-backend.js';

export interface TrainingBackendSettings {
  /** Slurm: pyxis, apptainer or none. */
  runtime?: string;
  partition?: string;
  account?: string;
  gpuGres?: string;
  environment?: NodeJS.ProcessEnv;
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
};

/** The backend called `name`, configured with `settings`. */
export function createTrainingBackend(name: string, settings: TrainingBackendSettings = {}): TrainingBackend {
  const factory = trainingBackendFactories[name as TrainingBackendName];
  if (!factory) throw new InvalidArgumentError('backend', `unknown or unavailable training backend "${name}"; available: ${Object.keys(trainingBackendFactories).join(', ')}`);
  return factory(settings);
}
