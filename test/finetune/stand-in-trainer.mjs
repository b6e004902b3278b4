#!/usr/bin/env node
/**
 * A stand-in for the training container's entrypoint (environment/entrypoint.py) that obeys the same contract
 * (environment/README.md) without a GPU: it reads `config.json` from the input folder, and on a schedule of a
 * few seconds writes `status.json`, `metrics.jsonl` (loss, learning rate, eval loss), `train.log`, the adapter
 * files and `artifacts.json` with the sha256 of each into the output folder. The learning rate follows the
 * spec's warmup + cosine schedule; the loss is a smooth decreasing curve (it is not a real model's loss).
 *
 * Folders: ECG_LLM_INPUT_DIR (default /input) and ECG_LLM_OUTPUT_DIR (default /output).
 * Knobs:   ECG_LLM_STAND_IN_STEPS (default 8), ECG_LLM_STAND_IN_STEP_MS (default 400),
 *          ECG_LLM_STAND_IN_FAIL_AT_STEP (fail with exit code 3 at that step).
 * SIGTERM (scancel, docker stop) writes state `cancelled` and exits 143.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const input = process.env.ECG_LLM_INPUT_DIR || '/input';
const output = process.env.ECG_LLM_OUTPUT_DIR || '/output';
const steps = Number(process.env.ECG_LLM_STAND_IN_STEPS || 8);
const stepMs = Number(process.env.ECG_LLM_STAND_IN_STEP_MS || 400);
const failAt = process.env.ECG_LLM_STAND_IN_FAIL_AT_STEP ? Number(process.env.ECG_LLM_STAND_IN_FAIL_AT_STEP) : undefined;

mkdirSync(join(output, 'adapter'), { recursive: true });
const writeAtomic = (name, text) => {
  const target = join(output, name);
  writeFileSync(`${target}.tmp-${process.pid}`, text);
  renameSync(`${target}.tmp-${process.pid}`, target);
};
const log = (line) => {
  const text = `${new Date().toISOString()} ${line}\n`;
  appendFileSync(join(output, 'train.log'), text);
  process.stdout.write(text);
};
const status = (fields) => writeAtomic('status.json', `${JSON.stringify({ ...fields, totalSteps: steps, updatedAt: new Date().toISOString() })}\n`);

let step = 0;
process.on('SIGTERM', () => {
  log(`stand-in trainer: SIGTERM at step ${step}; stopping`);
  status({ state: 'cancelled', step, epoch: 0 });
  process.exit(143);
});

const spec = JSON.parse(readFileSync(join(input, 'config.json'), 'utf8'));
const { learningRate, warmupRatio, epochs } = spec.training;
const warmupSteps = Math.ceil(warmupRatio * steps);
const rate = (s) =>
  s < warmupSteps ? (learningRate * s) / warmupSteps : (learningRate * 0.5 * (1 + Math.cos((Math.PI * (s - warmupSteps)) / Math.max(1, steps - warmupSteps))));
log(`stand-in trainer: ${spec.baseModel}, r=${spec.lora.r}, alpha=${spec.lora.alpha}, ${steps} steps`);
status({ state: 'running', step: 0, epoch: 0 });

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const tick = () => {
  step += 1;
  const epoch = (epochs * step) / steps;
  if (failAt !== undefined && step >= failAt) {
    log(`error: stand-in trainer failed at step ${step} (ECG_LLM_STAND_IN_FAIL_AT_STEP=${failAt})`);
    process.stderr.write(`Traceback: simulated CUDA out of memory at step ${step}\n`);
    status({ state: 'failed', step, epoch, message: `simulated failure at step ${step}` });
    process.exit(3);
  }
  const loss = 0.6 + 2.0 * Math.exp((-3 * step) / steps);
  const metric = { step, epoch, loss: Number(loss.toFixed(6)), learningRate: rate(step) };
  if (step % 2 === 0 || step === steps) metric.evalLoss = Number((loss + 0.15).toFixed(6));
  appendFileSync(join(output, 'metrics.jsonl'), `${JSON.stringify(metric)}\n`);
  log(`step ${step}/${steps} loss ${metric.loss}`);
  status({ state: 'running', step, epoch });
  if (step < steps) return void setTimeout(tick, stepMs);
  // The adapter in PEFT's layout; the weights file is a valid, empty safetensors file and the GGUF copy a valid,
  // empty GGUF v3 file (magic, version, 0 tensors, 0 metadata entries).
  const files = {
    'adapter/adapter_config.json': `${JSON.stringify({ peft_type: 'LORA', task_type: 'CAUSAL_LM', base_model_name_or_path: spec.baseModel, r: spec.lora.r, lora_alpha: spec.lora.alpha, lora_dropout: spec.lora.dropout, target_modules: spec.lora.targetModules, bias: 'none' }, null, 2)}\n`,
  };
  const header = Buffer.from(JSON.stringify({ __metadata__: { format: 'pt', producer: 'ecg-llm stand-in trainer' } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  files['adapter/adapter_model.safetensors'] = Buffer.concat([length, header]);
  const gguf = Buffer.alloc(24);
  gguf.write('GGUF', 0, 'ascii');
  gguf.writeUInt32LE(3, 4);
  files['adapter/adapter.gguf'] = gguf;
  const artifacts = [];
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(join(output, name), data);
    artifacts.push({ path: name, sha256: sha256(data), bytes: Buffer.byteLength(data) });
  }
  writeAtomic('artifacts.json', `${JSON.stringify({ files: artifacts, trainer: 'stand-in' }, null, 2)}\n`);
  log('stand-in trainer: finished');
  status({ state: 'succeeded', step, epoch });
};
setTimeout(tick, stepMs);
