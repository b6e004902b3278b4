/**
 * `ecg-llm finetune` through main() with captured output, against a real single-node Slurm cluster running the
 * stand-in trainer, and `ecg-llm finetune status` as a second process (the built command line) seeing the same job.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TEST_IMAGE, writeChatDatasets } from '../helpers/finetune-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { useSlurmCluster } from '../helpers/slurm-cluster.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const execFileAsync = promisify(execFile);
const temporaryDirectory = useTemporaryDirectory('ecg-llm-cli-finetune-');
const cluster = useSlurmCluster();

describe('ecg-llm finetune', () => {
  it('plans, refuses an unpinned image, submits, is seen by a second process, waits, logs, collects and serves', async () => {
    const root = await temporaryDirectory();
    const files = await writeChatDatasets(root, 8);
    const environment = cluster().environment;
    const cli = (argv: string[]) => runCli(['finetune', ...argv], root, environment);

    const planned = await cli(['plan', '--preset', 'paper-8b-r256-a128', '--train', files.train, '--val', files.validation, '--show-config', '--out', join(root, 'spec.json')]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('LoRA:          r=256, alpha=128 (scale alpha/r = 0.500)');
    // 8 records, batch 16 → 1 batch per epoch → 1 update per epoch (accumulation 2 rounds up) → 2 steps in 2 epochs.
    expect(planned.stdout).toContain('16 x 2 accumulation = 32; 2 optimizer steps');
    expect(planned.stdout).toContain('lora_r: 256');
    expect(JSON.parse(await readFile(join(root, 'spec.json'), 'utf8'))).toMatchObject({ preset: 'paper-8b-r256-a128', lora: { r: 256, alpha: 128 } });

    const unknownPreset = await cli(['plan', '--preset', 'paper-9b', '--train', files.train, '--val', files.validation]);
    expect(unknownPreset.code).toBe(2);
    expect(unknownPreset.stderr).toContain('--preset must be one of');

    const submitArguments = ['submit', '--spec', join(root, 'spec.json'), '--backend', 'slurm', '--runtime', 'none', '--gpus', '0', '--command', cluster().standInCommand.join(' '), '--env', 'ECG_LLM_STAND_IN_STEPS=8', '--env', 'ECG_LLM_STAND_IN_STEP_MS=400'];
    const unpinned = await cli(submitArguments);
    expect(unpinned.code).toBe(1); // a ConfigurationError: the command line was right, the image lock is not filled in

    expect(unpinned.stderr).toContain('environment/image.lock.json has no digest');

    const submitted = await cli([...submitArguments, '--image', TEST_IMAGE]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const [, runId, jobId] = /submitted run (\S+): slurm job (\d+)/.exec(submitted.stdout)!;

    const reattached = await cli([...submitArguments, '--image', TEST_IMAGE]);
    expect(reattached.stdout).toContain(`re-attached to run ${runId}: slurm job ${jobId}`);

    // A second process: the built command line, started fresh, finds the job through the run folder.
    const second = await execFileAsync(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), 'finetune', 'status', '--json'], {
      cwd: root,
      env: { ...environment, ECG_LLM_WORKSPACE: root },
    });
    const seen = JSON.parse(second.stdout) as { runId: string; handle: { id: string }; state: string };
    expect(seen.runId).toBe(runId);
    expect(seen.handle.id).toBe(jobId);
    // Starting the command line takes seconds on a busy machine, so the job may have finished meanwhile.
    expect(['pending', 'running', 'succeeded']).toContain(seen.state);

    const waited = await cli(['status', runId!, '--wait', '--interval', '0.2']);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain(`run ${runId}: succeeded — slurm job ${jobId} COMPLETED, exit code 0, step 8/8`);

    const logs = await cli(['logs', runId!]);
    expect(logs.stdout).toContain('stand-in trainer: finished');

    const collected = await cli(['collect']);
    expect(collected.stdout).toContain('3 file(s) verified by sha256');
    const adapterSha = /adapter: \S+ \(sha256 ([0-9a-f]{64})\)/.exec(collected.stdout)![1]!;

    const ollama = await cli(['serve', '--target', 'ollama', '--name', 'ecg-8b-a128']);
    expect(ollama.code).toBe(0);
    const modelfile = await readFile(join(root, 'runs', runId!, 'serve', 'ollama', 'Modelfile'), 'utf8');
    // Ollama's Modelfile: FROM the base model, ADAPTER the (GGUF) adapter trained on it.
    expect(modelfile).toContain('FROM llama3.1:8b-instruct-fp16\n');
    expect(modelfile).toContain(`ADAPTER ${join(root, 'runs', runId!, 'output', 'adapter', 'adapter.gguf')}\n`);
    expect(ollama.stdout).toContain(`ollama create ecg-8b-a128 -f ${join(root, 'runs', runId!, 'serve', 'ollama', 'Modelfile')}`);
    expect(ollama.stdout).toContain(`adapter sha256 ${adapterSha}`);

    const vllm = await cli(['serve', '--target', 'vllm', '--name', 'ecg']);
    expect(vllm.stdout).toContain(`vllm serve meta-llama/Llama-3.1-8B-Instruct --enable-lora --lora-modules ecg=${join(root, 'runs', runId!, 'output', 'adapter')} --max-lora-rank 256`);
  }, 180_000);

  it('cancels a running job from the command line', async () => {
    const root = await temporaryDirectory();
    const files = await writeChatDatasets(root, 4);
    const cli = (argv: string[]) => runCli(['finetune', ...argv], root, cluster().environment);
    const submitted = await cli(['submit', '--preset', 'paper-8b-r64-a16', '--train', files.train, '--val', files.validation, '--runtime', 'none', '--gpus', '0', '--image', TEST_IMAGE, '--command', cluster().standInCommand.join(' '), '--env', 'ECG_LLM_STAND_IN_STEPS=500', '--env', 'ECG_LLM_STAND_IN_STEP_MS=200']);
    expect(submitted.code, submitted.stderr).toBe(0);
    const runId = /submitted run (\S+?):/.exec(submitted.stdout)![1]!;
    while (!existsSync(join(root, 'runs', runId, 'output', 'metrics.jsonl'))) await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelled = await cli(['cancel', runId]);
    expect(cancelled.code).toBe(0);
    const waited = await cli(['status', runId, '--wait', '--interval', '0.2']);
    expect(waited.stdout).toContain(`run ${runId}: cancelled`);
    const refused = await cli(['collect', runId]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('is cancelled; only a succeeded job can be collected');
  }, 90_000);
});
