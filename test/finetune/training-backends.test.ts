/**
 * Creating backends by name (what `ecg-llm finetune submit --backend NAME` and notebook 03 do). The Docker backend
 * made by the factory is driven against the local Docker Engine API server (test/servers/docker-engine-server.ts):
 * a container the daemon does not know is `lost` (the Engine API answers 404 "No such container" for
 * `GET /containers/{id}/json`, https://docs.docker.com/reference/api/engine/version/v1.43/#tag/Container).
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import { createTrainingBackend } from '../../lib/finetune/training-backends.js';
import { startDockerEngineServer, useTestServers } from '../servers/index.js';

const track = useTestServers();

describe('createTrainingBackend', () => {
  it('makes a Docker backend that talks to the daemon given as dockerHost', async () => {
    const server = await track(startDockerEngineServer({}));
    const backend = createTrainingBackend('docker', { dockerHost: server.url.replace('http://', 'tcp://'), environment: {} });
    expect(backend.name).toBe('docker');
    const observation = await backend.status({ backend: 'docker', id: 'f'.repeat(64), name: 'gone', outputDirectory: '/tmp/none' });
    expect(observation.state).toBe('lost');
    expect(server.requests.some((request) => request.path.endsWith(`/containers/${'f'.repeat(64)}/json`))).toBe(true);
  });

  it('refuses a Kubernetes backend without a volume claim, naming the setting', () => {
    expect(() => createTrainingBackend('kubernetes', {})).toThrow(InvalidArgumentError);
    expect(() => createTrainingBackend('kubernetes', {})).toThrow(/volumeClaim/);
  });

  it('makes a Kubernetes backend lazily (the client loads on first use)', () => {
    const backend = createTrainingBackend('kubernetes', { volumeClaim: 'ecg-llm-jobs', namespace: 'research' });
    expect(backend.name).toBe('kubernetes');
  });

  it('refuses an unknown backend and a bad Docker transfer mode', () => {
    expect(() => createTrainingBackend('lsf')).toThrow(/unknown or unavailable training backend "lsf"; available: slurm, docker, kubernetes/);
    expect(() => createTrainingBackend('docker', { transfer: 'rsync' })).toThrow(/must be bind or copy/);
  });
});
