/**
 * The life of a training container as the Docker Engine and Kubernetes API test servers simulate it: over a few
 * hundred milliseconds it writes the files of the container contract (environment/README.md) into the output
 * folder, exactly as a stand-in trainer would — `status.json`, one `metrics.jsonl` line per logging step (loss,
 * learning rate, eval loss), `train.log`, the adapter files and `artifacts.json` with each file's real sha256 —
 * and prints log lines to stdout/stderr. It can end in success, a Python error (exit 1), an out-of-memory kill
 * (exit 137) or run until it is stopped (SIGTERM: exit 143).
 *
 * The losses are a deterministic, decreasing sequence, not the result of training anything.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type SimulatedOutcome = 'succeed' | 'fail' | 'oom' | 'run-until-stopped';

export interface SimulatedTrainingOptions {
  outcome?: SimulatedOutcome;
  /** Logging steps written before the end (default 5). */
  steps?: number;
  /** Milliseconds between steps (default 40). */
  stepMs?: number;
}

export interface SimulatedTrainingHooks {
  /** A line the container printed (1 = stdout, 2 = stderr). */
  log(line: string, stream: 1 | 2): void;
  /** Aborted when the container is stopped (SIGTERM) or killed. */
  signal: AbortSignal;
}

export interface SimulatedExit {
  exitCode: number;
  oomKilled: boolean;
  error: string;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Deterministic adapter bytes (so that sha256 values are reproducible across runs). */
export function simulatedAdapterBytes(label: string, size: number): Buffer {
  const blocks: Buffer[] = [];
  let total = 0;
  for (let counter = 0; total < size; counter += 1) {
    const block = createHash('sha256').update(`${label}:${counter}`).digest();
    blocks.push(block);
    total += block.length;
  }
  return Buffer.concat(blocks).subarray(0, size);
}

/**
 * Runs the simulated trainer writing into `outputDirectory` (reading `inputDirectory/config.json` when present,
 * as the real entrypoint does). Resolves with the container's exit.
 */
export async function simulateTrainingRun(
  inputDirectory: string,
  outputDirectory: string,
  options: SimulatedTrainingOptions,
  hooks: SimulatedTrainingHooks,
): Promise<SimulatedExit> {
  const outcome = options.outcome ?? 'succeed';
  const steps = options.steps ?? 5;
  const stepMs = options.stepMs ?? 40;
  await mkdir(join(outputDirectory, 'adapter'), { recursive: true });
  const say = async (line: string, stream: 1 | 2 = 1): Promise<void> => {
    hooks.log(line, stream);
    await appendFile(join(outputDirectory, 'train.log'), `${line}\n`);
  };
  const status = (state: string, step: number): Promise<void> =>
    writeFile(join(outputDirectory, 'status.json'), `${JSON.stringify({ state, step, epoch: Number(((2 * step) / steps).toFixed(3)) })}\n`);

  let config = 'no config.json';
  try {
    config = `config.json (${(await readFile(join(inputDirectory, 'config.json'))).length} bytes)`;
  } catch {
    // the input may be empty in a test
  }
  await say(`stand-in trainer: reading /input/${config}`);
  await status('running', 0);
  const total = outcome === 'run-until-stopped' ? Number.POSITIVE_INFINITY : steps;
  for (let step = 1; step <= total; step += 1) {
    if (!(await sleep(stepMs, hooks.signal))) {
      await say('received SIGTERM: stopping', 2);
      await status('cancelled', step - 1);
      return { exitCode: 143, oomKilled: false, error: '' };
    }
    const loss = Number((2.5 * Math.exp(-0.35 * step) + 0.4).toFixed(4));
    const learningRate = Number((2e-4 * 0.5 * (1 + Math.cos((Math.PI * step) / Math.max(steps, 1)))).toExponential(4));
    const record: Record<string, number> = { step, epoch: Number(((2 * step) / steps).toFixed(3)), loss, learning_rate: learningRate };
    if (step % 2 === 0) record.eval_loss = Number((loss + 0.05).toFixed(4));
    await appendFile(join(outputDirectory, 'metrics.jsonl'), `${JSON.stringify(record)}\n`);
    await status('running', step);
    await say(`step ${step}/${steps} loss=${loss} lr=${learningRate}`);
    if (outcome === 'fail' && step === Math.ceil(steps / 2)) {
      await say('Traceback (most recent call last):', 2);
      await say('  File "/opt/trainer/train.py", line 88, in <module>', 2);
      await say('RuntimeError: CUDA error: an illegal memory access was encountered', 2);
      await status('failed', step);
      return { exitCode: 1, oomKilled: false, error: '' };
    }
    if (outcome === 'oom' && step === Math.ceil(steps / 2)) {
      await say('allocating optimizer states…');
      return { exitCode: 137, oomKilled: true, error: '' };
    }
  }
  const files: Record<string, Buffer> = {
    'adapter/adapter_config.json': Buffer.from(`${JSON.stringify({ peft_type: 'LORA', r: 256, lora_alpha: 128, lora_dropout: 0.1 })}\n`),
    'adapter/adapter_model.safetensors': simulatedAdapterBytes('safetensors', 70_000),
    'adapter/adapter.gguf': simulatedAdapterBytes('gguf', 20_000),
  };
  for (const [path, data] of Object.entries(files)) await writeFile(join(outputDirectory, path), data);
  const artifacts = Object.entries(files).map(([path, data]) => ({ path, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') }));
  await writeFile(join(outputDirectory, 'artifacts.json'), `${JSON.stringify({ files: artifacts }, null, 2)}\n`);
  await say('saved adapter and artifacts.json');
  await status('succeeded', steps);
  return { exitCode: 0, oomKilled: false, error: '' };
}
