import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../lib/core/errors.js';
import { SlurmBackend, slurmJobState } from '../../../lib/finetune/backends/slurm.js';
import type { TrainingBackend, TrainingJobHandle, TrainingJobObservation, TrainingSubmission } from '../../../lib/finetune/training-backend.js';
import { finetunePreset } from '../../../lib/schemas/finetune.js';
import { TEST_IMAGE } from '../../helpers/finetune-fixtures.js';
import { useSlurmCluster } from '../../helpers/slurm-cluster.js';
import { useTemporaryDirectory } from '../../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
// MinJobAge 5 s: finished jobs leave squeue/scontrol quickly, so the job-completion path (sacct -c) is exercised.
const cluster = useSlurmCluster({ minJobAge: 5 });

async function submission(overrides: Partial<TrainingSubmission> = {}): Promise<TrainingSubmission> {
  const root = await temporaryDirectory();
  const input = join(root, 'input');
  await mkdir(input);
  await writeFile(join(input, 'config.json'), JSON.stringify(finetunePreset('paper-8b-r256-a128')));
  return {
    name: 'ecgllm-test',
    image: TEST_IMAGE,
    inputDirectory: input,
    outputDirectory: join(root, 'output'),
    command: cluster().standInCommand,
    environment: { ECG_LLM_STAND_IN_STEPS: '4', ECG_LLM_STAND_IN_STEP_MS: '150' },
    resources: { gpus: 0 },
    ...overrides,
  };
}

async function pollUntil(backend: TrainingBackend, job: TrainingJobHandle, done: (observation: TrainingJobObservation) => boolean, timeoutMs = 45_000): Promise<TrainingJobObservation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const observation = await backend.status(job);
    if (done(observation)) return observation;
    if (Date.now() > deadline) throw new Error(`timed out; last observation ${JSON.stringify(observation)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForFile(file: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const finished = (observation: TrainingJobObservation): boolean => !['pending', 'running'].includes(observation.state);

describe('slurmJobState', () => {
  it('maps every job state code of squeue(1) onto the workspace states', () => {
    // The codes and their meanings: squeue(1), section "JOB STATE CODES" (Slurm 22.05).
    expect(['PENDING', 'CONFIGURING', 'REQUEUED', 'RESIZING'].map(slurmJobState)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(['RUNNING', 'COMPLETING', 'SUSPENDED', 'STAGE_OUT'].map(slurmJobState)).toEqual(['running', 'running', 'running', 'running']);
    expect(slurmJobState('COMPLETED')).toBe('succeeded');
    // sacct prints "CANCELLED by 0" for a job cancelled by root.
    expect(slurmJobState('CANCELLED by 0')).toBe('cancelled');
    expect(['FAILED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED'].map(slurmJobState)).toEqual(Array(7).fill('failed'));
  });
});

describe('SlurmBackend batch scripts', () => {
  it('runs the pinned image through pyxis with the inputs read-only, secrets by name only', async () => {
    const backend = new SlurmBackend({ runtime: 'pyxis', partition: 'gpu', gpuGres: 'gpu:a100' });
    const script = backend.batchScript(await submission({ resources: { gpus: 2, timeLimitMinutes: 600 }, secretEnvironment: { HF_TOKEN: 'hf_do_not_write_me' }, command: undefined }), '/tmp/log');
    expect(script).toContain('#SBATCH --partition=gpu');
    expect(script).toContain('#SBATCH --gres=gpu:a100:2');
    expect(script).toContain('#SBATCH --time=600');
    expect(script).toMatch(/srun --container-image=docker\.io\/axolotlai\/axolotl@sha256:c33b21ad\S+ --container-mounts=\S+\/input:\/input:ro,\S+\/output:\/output/);
    expect(script).toContain('HF_TOKEN');
    expect(script).not.toContain('hf_do_not_write_me');
  });

  it('runs the image through Apptainer with --nv and a docker:// reference by digest', async () => {
    const script = new SlurmBackend({ runtime: 'apptainer' }).batchScript(await submission({ command: undefined, secretEnvironment: { HF_TOKEN: 'hf_secret_value' } }), '/tmp/log');
    expect(script).toMatch(/apptainer run --nv --containall .*--bind '?\S+\/input:\/input:ro,\S+\/output:\/output'? '?docker:\/\/docker\.io\/axolotlai\/axolotl@sha256:c33b21ad/);
    expect(script).toContain('--env HF_TOKEN="$HF_TOKEN"');
    expect(script).not.toContain('hf_secret_value');
  });

  it('refuses an image without a digest and runtime none without a command', async () => {
    const backend = new SlurmBackend({ runtime: 'none', environment: cluster().environment });
    await expect(backend.submit(await submission({ image: 'docker.io/axolotlai/axolotl:latest' }))).rejects.toThrow(/submission\.image.*pinned by digest/);
    const { command: _command, ...withoutCommand } = await submission();
    expect(() => backend.batchScript(withoutCommand, '/tmp/log')).toThrow(InvalidArgumentError);
  });
});

describe('SlurmBackend on a real single-node cluster', () => {
  it('submits the stand-in trainer, polls it to COMPLETED, reads its log and later its job-completion record', async () => {
    const backend = new SlurmBackend({ runtime: 'none', environment: cluster().environment });
    const job = await backend.submit(await submission());
    expect(job.id).toMatch(/^\d+$/);
    const observed = await pollUntil(backend, job, finished);
    expect(observed).toMatchObject({ state: 'succeeded', schedulerState: 'COMPLETED', exitCode: 0 });
    const log = await backend.logs(job, 0);
    expect(log.text).toContain('step 4/4');
    expect(log.text).toContain('stand-in trainer: finished');
    const rest = await backend.logs(job, log.next);
    expect(rest).toEqual({ text: '', next: log.next });
    const artifacts = JSON.parse(await readFile(join(job.outputDirectory, 'artifacts.json'), 'utf8')) as { files: unknown[] };
    expect(artifacts.files).toHaveLength(3);
    // After MinJobAge (5 s) scontrol forgets the job; the job-completion file still knows it.
    const fromRecord = await pollUntil(backend, job, (observation) => observation.reason === 'from the job-completion record (sacct -c)', 60_000);
    expect(fromRecord).toMatchObject({ state: 'succeeded', schedulerState: 'COMPLETED', exitCode: 0 });
  }, 90_000);

  it('reports a failing trainer as FAILED with its exit code, and its stderr in the log', async () => {
    const backend = new SlurmBackend({ runtime: 'none', environment: cluster().environment });
    const job = await backend.submit(await submission({ environment: { ECG_LLM_STAND_IN_STEPS: '4', ECG_LLM_STAND_IN_STEP_MS: '100', ECG_LLM_STAND_IN_FAIL_AT_STEP: '2' } }));
    const observed = await pollUntil(backend, job, finished);
    // The stand-in exits with code 3; scontrol prints ExitCode=3:0 and Reason=NonZeroExitCode.
    expect(observed).toMatchObject({ state: 'failed', schedulerState: 'FAILED', exitCode: 3, reason: 'NonZeroExitCode' });
    expect((await backend.logs(job, 0)).text).toContain('simulated CUDA out of memory at step 2');
  }, 60_000);

  it('cancels a running job: scancel, CANCELLED, and the trainer saw SIGTERM', async () => {
    const backend = new SlurmBackend({ runtime: 'none', environment: cluster().environment });
    const job = await backend.submit(await submission({ environment: { ECG_LLM_STAND_IN_STEPS: '200', ECG_LLM_STAND_IN_STEP_MS: '200' } }));
    await pollUntil(backend, job, (observation) => observation.state === 'running');
    // Cancel once the trainer itself is running (it has written a step), not just the batch shell.
    await waitForFile(join(job.outputDirectory, 'metrics.jsonl'));
    await backend.cancel(job);
    const observed = await pollUntil(backend, job, finished);
    expect(observed.state).toBe('cancelled');
    expect(observed.schedulerState).toBe('CANCELLED');
    const status = JSON.parse(await readFile(join(job.outputDirectory, 'status.json'), 'utf8')) as { state: string };
    expect(status.state).toBe('cancelled');
  }, 60_000);

  it('passes a secret to the job through the environment without writing it into the batch script', async () => {
    const backend = new SlurmBackend({ runtime: 'none', environment: cluster().environment });
    const secret = 'hf_TestSecretValue123';
    const [node, script] = cluster().standInCommand;
    // The job writes the sha256 of the HF_TOKEN it sees, then runs the trainer.
    const check = `printf %s "$HF_TOKEN" | sha256sum | cut -d' ' -f1 > "$ECG_LLM_OUTPUT_DIR/token.sha256" && exec ${node} ${script}`;
    const job = await backend.submit(await submission({ secretEnvironment: { HF_TOKEN: secret }, command: ['bash', '-c', check] }));
    const batch = await readFile(String(job.details?.script), 'utf8');
    expect(batch).not.toContain(secret);
    expect(batch).toContain('# secrets passed through the environment of sbatch: HF_TOKEN');
    expect(await pollUntil(backend, job, finished)).toMatchObject({ state: 'succeeded', exitCode: 0 });
    // Expected value: sha256 of the secret's bytes, computed independently with node:crypto.
    expect((await readFile(join(job.outputDirectory, 'token.sha256'), 'utf8')).trim()).toBe(createHash('sha256').update(secret).digest('hex'));
  }, 60_000);

  it('reports lost for a job id the cluster never had', async () => {
    const backend = new SlurmBackend({ runtime: 'none', environment: cluster().environment });
    const observed = await backend.status({ backend: 'slurm', id: '987654', name: 'gone', outputDirectory: '/nonexistent' });
    expect(observed.state).toBe('lost');
    expect(observed.reason).toContain('Slurm knows no job 987654');
  });
});
