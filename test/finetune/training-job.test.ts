import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChecksumMismatchError, ConfigurationError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { SlurmBackend } from '../../lib/finetune/backends/slurm.js';
import { planFinetune } from '../../lib/finetune/plan-finetune.js';
import { adapterIdentity, isAllowedTransition, listTrainingJobs, submitTrainingJob, TrainingJob, TrainingJobError } from '../../lib/finetune/training-job.js';
import { lossCurveFigure, TrainingMetricsReader } from '../../lib/finetune/training-metrics.js';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { TEST_IMAGE, writeChatDatasets } from '../helpers/finetune-fixtures.js';
import { useSlurmCluster } from '../helpers/slurm-cluster.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const cluster = useSlurmCluster();

async function workspace(trainRecords = 6) {
  const root = await temporaryDirectory();
  const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
  const files = await writeChatDatasets(root, trainRecords);
  const spec = await planFinetune({ preset: 'paper-8b-r64-a16', trainFile: files.train, validationFile: files.validation, paths });
  return { root, paths, spec };
}

function submitOptions(context: Awaited<ReturnType<typeof workspace>>, environment: Record<string, string>) {
  return {
    spec: context.spec,
    image: TEST_IMAGE,
    backend: new SlurmBackend({ runtime: 'none', environment: cluster().environment }),
    backendSettings: { runtime: 'none' },
    paths: context.paths,
    command: cluster().standInCommand,
    environment,
    resources: { gpus: 0 },
  };
}

/** sha256 of a file as printed by coreutils' sha256sum (an implementation independent of the workspace's). */
function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;
}

describe('the job state machine', () => {
  it('allows only forward transitions and never leaves a finished state', () => {
    expect(isAllowedTransition('pending', 'running')).toBe(true);
    expect(isAllowedTransition('running', 'succeeded')).toBe(true);
    expect(isAllowedTransition('running', 'lost')).toBe(true);
    expect(isAllowedTransition('running', 'pending')).toBe(false);
    for (const finished of ['succeeded', 'failed', 'cancelled', 'lost'] as const) {
      for (const next of ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'lost'] as const) {
        expect(isAllowedTransition(finished, next)).toBe(next === finished);
      }
    }
  });
});

describe('planFinetune', () => {
  it('hashes and counts the datasets', async () => {
    const context = await workspace(5);
    expect(context.spec.datasets.train).toMatchObject({ path: 'train-chat.jsonl', records: 5, sha256: sha256sum(join(context.root, 'train-chat.jsonl')) });
    expect(context.spec.datasets.validation).toMatchObject({ records: 2, sha256: sha256sum(join(context.root, 'val-chat.jsonl')) });
  });
});

describe('finetuning jobs on a real Slurm cluster', () => {
  it('submits, re-attaches instead of submitting twice, shows a live loss curve, and collects a verified adapter', async () => {
    const context = await workspace();
    const { job, attached } = await submitTrainingJob(submitOptions(context, { ECG_LLM_STAND_IN_STEPS: '10', ECG_LLM_STAND_IN_STEP_MS: '300' }));
    expect(attached).toBe(false);
    expect(job.record.handle?.id).toMatch(/^\d+$/);
    // The container's inputs: the spec, the Axolotl configuration, the datasets (unchanged).
    const input = join(job.directory, 'input');
    expect(JSON.parse(await readFile(join(input, 'config.json'), 'utf8'))).toEqual(context.spec);
    expect(await readFile(join(input, 'axolotl.yaml'), 'utf8')).toContain('lora_r: 64');
    expect(sha256sum(join(input, 'train-chat.jsonl'))).toBe(context.spec.datasets.train.sha256);

    // Another "process" (a fresh object from the same workspace) re-attaches to the running job.
    const again = await submitTrainingJob(submitOptions(context, { ECG_LLM_STAND_IN_STEPS: '10', ECG_LLM_STAND_IN_STEP_MS: '300' }));
    expect(again.attached).toBe(true);
    expect(again.job.runId).toBe(job.runId);
    expect(await listTrainingJobs(context.paths)).toHaveLength(1);

    // The metrics file is read while it grows.
    const reader = new TrainingMetricsReader(join(job.outputDirectory, 'metrics.jsonl'));
    const batches: number[] = [];
    const record = await job.wait({
      intervalMs: 250,
      onUpdate: async () => {
        batches.push((await reader.read()).length);
      },
    });
    await reader.read();
    expect(record.state).toBe('succeeded');
    expect(record.history.map((entry) => entry.state)).toEqual(expect.arrayContaining(['pending', 'succeeded']));
    expect(batches.filter((count) => count > 0).length).toBeGreaterThan(1);
    const metrics = reader.all;
    expect(metrics.map((metric) => metric.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Learning rate at step 10 of 10 after a 1-step warmup: 2e-4 × ½(1 + cos π) = 0 (cosine schedule).
    expect(metrics[9]!.learningRate).toBeCloseTo(0, 12);
    // Step 1 is the end of the warmup (ceil(0.01 × 10) = 1 step): the peak rate 2e-4.
    expect(metrics[0]!.learningRate).toBeCloseTo(2e-4, 12);
    const figure = lossCurveFigure(metrics);
    expect(figure.data.map((trace) => trace.name)).toEqual(['training loss', 'eval loss', 'learning rate']);
    expect(figure.data[1]!.x).toEqual([2, 4, 6, 8, 10]);

    const collected = await job.collect();
    for (const file of collected.files) expect(sha256sum(join(job.outputDirectory, file.path))).toBe(file.sha256);
    expect(collected.files.map((file) => file.path).sort()).toEqual(['adapter/adapter.gguf', 'adapter/adapter_config.json', 'adapter/adapter_model.safetensors']);
    expect(adapterIdentity(collected)).toEqual({ sha256: collected.sha256, baseModel: 'meta-llama/Llama-3.1-8B-Instruct' });
    // The GGUF copy starts with the GGUF magic and version 3 (GGUF specification, ggml docs/gguf.md).
    const gguf = await readFile(collected.ggufFile!);
    expect(gguf.subarray(0, 4).toString('ascii')).toBe('GGUF');
    expect(gguf.readUInt32LE(4)).toBe(3);

    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(job.directory, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({ stage: 'finetune', status: 'succeeded' });
    expect(manifest.config).toMatchObject({ specHash: job.record.specHash, image: TEST_IMAGE, backend: 'slurm', jobId: job.record.handle!.id });
    expect(manifest.inputs.map((entry) => entry.sha256)).toEqual([context.spec.datasets.train.sha256, context.spec.datasets.validation.sha256]);
    expect(manifest.outputs).toHaveLength(3);
    expect(manifest.timings.finishedAt).toBeDefined();

    // A finished job is not re-attached to: the same spec submits a new run.
    const third = await submitTrainingJob(submitOptions(context, { ECG_LLM_STAND_IN_STEPS: '2', ECG_LLM_STAND_IN_STEP_MS: '50' }));
    expect(third.attached).toBe(false);
    expect(third.job.runId).not.toBe(job.runId);
    await third.job.wait({ intervalMs: 200 });

    // A damaged artifact is refused.
    await appendFile(join(job.outputDirectory, 'adapter', 'adapter_model.safetensors'), 'x');
    await expect(job.collect()).rejects.toThrow(ChecksumMismatchError);
  }, 120_000);

  it('a failing job rejects with its log tail; a cancelled one is recorded as interrupted', async () => {
    const context = await workspace();
    const failing = (await submitTrainingJob(submitOptions(context, { ECG_LLM_STAND_IN_STEPS: '5', ECG_LLM_STAND_IN_STEP_MS: '100', ECG_LLM_STAND_IN_FAIL_AT_STEP: '3' }))).job;
    const error = await failing.wait({ intervalMs: 200 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TrainingJobError);
    expect((error as TrainingJobError).message).toMatch(/failed \(FAILED, exit code 3, NonZeroExitCode\)/);
    expect((error as TrainingJobError).logTail).toContain('simulated CUDA out of memory at step 3');
    await expect(failing.collect()).rejects.toThrow(TrainingJobError);

    const context2 = await workspace(7);
    const running = (await submitTrainingJob(submitOptions(context2, { ECG_LLM_STAND_IN_STEPS: '300', ECG_LLM_STAND_IN_STEP_MS: '200' }))).job;
    while (!existsSync(join(running.outputDirectory, 'metrics.jsonl'))) await new Promise((resolve) => setTimeout(resolve, 100));
    // Cancelled from another object, as a second terminal would.
    const other = await TrainingJob.open(running.directory, new SlurmBackend({ runtime: 'none', environment: cluster().environment }));
    await other.cancel();
    const record = await running.wait({ intervalMs: 200 });
    expect(record.state).toBe('cancelled');
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(running.directory, 'manifest.json'), 'utf8')));
    expect(manifest.status).toBe('interrupted');
  }, 90_000);

  it('refuses an image that is not pinned by digest', async () => {
    const context = await workspace();
    await expect(submitTrainingJob({ ...submitOptions(context, {}), image: 'docker.io/axolotlai/axolotl:main' })).rejects.toThrow(ConfigurationError);
    expect(await listTrainingJobs(context.paths)).toEqual([]);
  });

  it('a job the scheduler forgets becomes lost with its last known state', async () => {
    const context = await workspace();
    const { job } = await submitTrainingJob(submitOptions(context, { ECG_LLM_STAND_IN_STEPS: '300', ECG_LLM_STAND_IN_STEP_MS: '200' }));
    while ((await job.refresh()).state !== 'running') await new Promise((resolve) => setTimeout(resolve, 200));
    // The scheduler loses its memory: stopped (which also cancels the job's trainer, see scripts/slurm-cluster.sh),
    // its state folder and job-completion file wiped, started again.
    const { directory } = cluster();
    await cluster().run('stop');
    await rm(join(directory, 'spool'), { recursive: true, force: true });
    await rm(join(directory, 'log', 'jobcomp.txt'), { force: true });
    await cluster().run('start');
    const record = await job.refresh();
    expect(record.state).toBe('lost');
    expect(record.lastKnownState).toBe('running');
    await expect(job.wait()).rejects.toThrow(/was lost: the scheduler no longer knows it \(last known state running\)/);
  }, 90_000);
});
