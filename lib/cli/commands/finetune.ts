/**
 * `ecg-llm finetune`: stage 3, QLoRA in the pinned container on Slurm, Docker or Kubernetes — plan, submit,
 * status, logs, cancel, collect, serve. Every submission is a run folder `runs/<run-id>/` whose `job.json` any
 * later command (or notebook) re-attaches to.
 */
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { NotFoundError } from '../../core/errors.js';
import { finetuneSpecSchema, FINETUNE_PRESETS, type FinetuneSpec } from '../../schemas/finetune.js';
import type { TrainingJobRecord } from '../../schemas/training-job.js';
import { axolotlConfigYaml } from '../../finetune/axolotl-config.js';
import { resolveTrainingImage } from '../../finetune/image-lock.js';
import { finetuneSpecHash, planFinetune, plannedTrainingSteps, readFinetuneSpec } from '../../finetune/plan-finetune.js';
import { serveAdapter } from '../../finetune/serve-adapter.js';
import { createTrainingBackend, trainingBackendFactories } from '../../finetune/training-backends.js';
import { isFinishedState, listTrainingJobs, submitTrainingJob, TrainingJob } from '../../finetune/training-job.js';
import { choiceOption, integerOption, numberOption, optionalString, UsageError, type Command, type CommandContext, type OptionSpec, type ParsedArguments } from '../command.js';

const PATH = 'ecg-llm finetune';

function fromWorkingDirectory(path: string): string {
  return resolve(process.cwd(), path);
}

const specOptions: Record<string, OptionSpec> = {
  preset: { type: 'string', valueName: 'NAME', description: `a preset of the paper: ${Object.keys(FINETUNE_PRESETS).join(', ')}` },
  spec: { type: 'string', valueName: 'FILE', description: 'a finetuning spec (JSON, as written by `plan --out`) instead of --preset/--train/--val' },
  train: { type: 'string', valueName: 'FILE', description: 'training records: train-chat.jsonl of `ecg-llm synthesize`' },
  val: { type: 'string', valueName: 'FILE', description: 'validation records: val-chat.jsonl of `ecg-llm synthesize`' },
};

async function specFrom(arguments_: ParsedArguments, context: CommandContext, path: string): Promise<FinetuneSpec> {
  const specFile = optionalString(arguments_, 'spec');
  if (specFile) {
    if (optionalString(arguments_, 'preset')) throw new UsageError(path, 'give --spec or --preset, not both');
    return readFinetuneSpec(fromWorkingDirectory(specFile));
  }
  const preset = optionalString(arguments_, 'preset');
  const train = optionalString(arguments_, 'train');
  const validation = optionalString(arguments_, 'val');
  if (!preset || !train || !validation) throw new UsageError(path, `give --spec FILE, or --preset with --train and --val. See \`${path} --help\`.`);
  if (!FINETUNE_PRESETS[preset]) throw new UsageError(path, `--preset must be one of ${Object.keys(FINETUNE_PRESETS).join(', ')}; got "${preset}"`);
  return planFinetune({ preset, trainFile: fromWorkingDirectory(train), validationFile: fromWorkingDirectory(validation), paths: context.paths });
}

function describeSpec(spec: FinetuneSpec): string {
  const training = spec.training;
  return [
    `preset:        ${spec.preset}`,
    `base model:    ${spec.baseModel}`,
    `quantisation:  4-bit ${spec.quantisation.quantType.toUpperCase()}, double quantisation ${spec.quantisation.doubleQuant ? 'on' : 'off'}, compute ${spec.quantisation.computeDtype}`,
    `LoRA:          r=${spec.lora.r}, alpha=${spec.lora.alpha} (scale alpha/r = ${(spec.lora.alpha / spec.lora.r).toFixed(3)}), dropout ${spec.lora.dropout}, modules ${spec.lora.targetModules.join(',')}`,
    `training:      lr ${training.learningRate} ${training.scheduler}, warmup ${training.warmupRatio}, ${training.epochs} epochs, ${training.optimizer}, max grad norm ${training.maxGradNorm}, ${training.precision}`,
    `batch:         ${training.microBatchSize} x ${training.gradientAccumulationSteps} accumulation = ${training.microBatchSize * training.gradientAccumulationSteps}; ${plannedTrainingSteps(spec)} optimizer steps`,
    `chat template: ${spec.chatTemplate}; loss on ${spec.trainOn} turns; seed ${spec.seed}`,
    `train:         ${spec.datasets.train.path} (${spec.datasets.train.records} records, sha256 ${spec.datasets.train.sha256})`,
    `validation:    ${spec.datasets.validation.path} (${spec.datasets.validation.records} records, sha256 ${spec.datasets.validation.sha256})`,
    `spec hash:     ${finetuneSpecHash(spec)}`,
  ].join('\n');
}

/** The job of `runs/<RUN>` (positional), or the newest finetuning job. */
async function jobFrom(arguments_: ParsedArguments, context: CommandContext, path: string): Promise<TrainingJob> {
  const [runId, ...extra] = arguments_.positionals;
  if (extra.length > 0) throw new UsageError(path, 'give at most one run id');
  const jobs = await listTrainingJobs(context.paths);
  const found = runId ? jobs.find((job) => job.record.runId === runId) : jobs[0];
  if (!found) throw new NotFoundError('finetuning run', runId ?? `(none under ${context.paths.runs})`, 'Submit one with `ecg-llm finetune submit`.');
  const backend = createTrainingBackend(found.record.backend, { ...stringSettings(found.record.backendSettings), environment: context.environment });
  return TrainingJob.open(found.directory, backend);
}

function stringSettings(settings: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)]));
}

function describeRecord(record: TrainingJobRecord): string {
  const progress = record.progress;
  const step = progress?.step !== undefined ? `, step ${progress.step}${progress.totalSteps ? `/${progress.totalSteps}` : ''}` : '';
  return (
    `run ${record.runId}: ${record.state}${record.state === 'lost' ? ` (last known: ${record.lastKnownState ?? 'unknown'})` : ''} — ` +
    `${record.backend} job ${record.handle?.id ?? '(not submitted)'}${record.schedulerState ? ` ${record.schedulerState}` : ''}` +
    `${record.exitCode !== undefined && record.exitCode !== null ? `, exit code ${record.exitCode}` : ''}${step}` +
    `${record.reason ? `\n  reason: ${record.reason}` : ''}`
  );
}

/** Polls until the job ends, showing progress by optimizer step. */
async function waitWithProgress(job: TrainingJob, context: CommandContext, intervalSeconds: number): Promise<TrainingJobRecord> {
  let task: ReturnType<CommandContext['progress']> | undefined;
  let shown = 0;
  try {
    return await job.wait({
      intervalMs: Math.round(intervalSeconds * 1000),
      onUpdate: (record) => {
        const total = record.progress?.totalSteps;
        const step = record.progress?.step ?? 0;
        if (!task && total) task = context.progress(`training ${record.runId}`, total);
        if (task && step > shown) {
          task.tick(step - shown);
          shown = step;
        }
      },
    });
  } finally {
    task?.done();
  }
}

const plan: Command = {
  name: 'plan',
  summary: 'validate a finetuning spec from a preset and the datasets; show it and the trainer configuration',
  description: `Hashes the datasets, checks every record, and prints the spec, the number of optimizer steps and
(--show-config) the Axolotl configuration the container will run. --out writes the spec for \`submit --spec\`.

Example:
  ecg-llm finetune plan --preset paper-8b-r256-a128 --train results/synthesis/demo/train-chat.jsonl --val results/synthesis/demo/val-chat.jsonl --out spec.json`,
  options: {
    ...specOptions,
    out: { type: 'string', valueName: 'FILE', description: 'write the spec (JSON) here' },
    'show-config': { type: 'boolean', description: 'print the generated Axolotl YAML' },
  },
  async run(arguments_, context) {
    const spec = await specFrom(arguments_, context, `${PATH} plan`);
    context.stdout.write(`${describeSpec(spec)}\n`);
    if (arguments_.options['show-config']) context.stdout.write(`\n${axolotlConfigYaml(spec, finetuneSpecHash(spec))}`);
    const out = optionalString(arguments_, 'out');
    if (out) {
      await writeFileAtomic(fromWorkingDirectory(out), `${JSON.stringify(finetuneSpecSchema.parse(spec), null, 2)}\n`);
      context.stdout.write(`spec written to ${fromWorkingDirectory(out)}\n`);
    }
    return 0;
  },
};

const submit: Command = {
  name: 'submit',
  summary: 'submit a finetuning job (or re-attach to the one already running for the same spec)',
  description: `Creates runs/<run-id>/ (inputs, manifest, job.json) and submits the pinned container. A job for the
same spec, image and backend that has not finished is re-attached to instead of submitted twice.

The image comes from environment/image.lock.json (refused while its digest is not filled in) or --image, always
by digest. HF_TOKEN, when set, is passed to the container as a secret (never written). Slurm reads SLURM_CONF
like its own commands. --runtime none runs --command directly on the node (no container): for clusters with
the trainer installed on the nodes, and for the workspace's test cluster.

Examples:
  ecg-llm finetune submit --preset paper-8b-r256-a128 --train T.jsonl --val V.jsonl --backend slurm --runtime pyxis --partition gpu --time 720
  ecg-llm finetune submit --spec spec.json --backend slurm --runtime apptainer --wait`,
  options: {
    ...specOptions,
    backend: { type: 'string', valueName: 'NAME', description: 'slurm, docker or kubernetes', default: 'slurm' },
    runtime: { type: 'string', valueName: 'NAME', description: 'Slurm container runtime: pyxis, apptainer or none', default: 'pyxis' },
    partition: { type: 'string', valueName: 'NAME', description: 'Slurm partition' },
    account: { type: 'string', valueName: 'NAME', description: 'Slurm account' },
    'gpu-gres': { type: 'string', valueName: 'GRES', description: 'Slurm GRES name of a GPU, e.g. gpu:a100', default: 'gpu' },
    'docker-host': { type: 'string', valueName: 'URL', description: 'Docker: the daemon (unix://…, tcp://…; default DOCKER_HOST, else the local socket)' },
    transfer: { type: 'string', valueName: 'MODE', description: 'Docker: bind (daemon on this machine) or copy (remote daemon)' },
    'volume-claim': { type: 'string', valueName: 'NAME', description: 'Kubernetes: the PersistentVolumeClaim for job inputs and outputs' },
    namespace: { type: 'string', valueName: 'NAME', description: 'Kubernetes namespace (default: the kubeconfig context\'s)' },
    'kube-context': { type: 'string', valueName: 'NAME', description: 'Kubernetes: a kubeconfig context other than the current one' },
    gpus: { type: 'string', valueName: 'N', description: 'GPUs', default: '1' },
    cpus: { type: 'string', valueName: 'N', description: 'CPU cores' },
    memory: { type: 'string', valueName: 'GIB', description: 'memory in GiB' },
    time: { type: 'string', valueName: 'MINUTES', description: 'wall-clock limit' },
    image: { type: 'string', valueName: 'REF', description: 'image by digest, repository@sha256:… (default: environment/image.lock.json)' },
    command: { type: 'string', valueName: 'CMD', description: 'command in the container, split at spaces (default: the image entrypoint)' },
    env: { type: 'string', valueName: 'NAME=VALUE', description: 'a non-secret environment variable for the container (repeatable)', multiple: true },
    wait: { type: 'boolean', description: 'wait until the job ends, showing progress' },
    interval: { type: 'string', valueName: 'SECONDS', description: 'seconds between polls with --wait', default: '5' },
  },
  async run(arguments_, context) {
    const path = `${PATH} submit`;
    const backendName = choiceOption(arguments_, 'backend', path, ['slurm', 'docker', 'kubernetes'] as const, 'slurm');
    if (!trainingBackendFactories[backendName]) throw new UsageError(path, `the ${backendName} backend is not available in this build; available: ${Object.keys(trainingBackendFactories).join(', ')}`);
    const settings: Record<string, string> = {};
    if (backendName === 'slurm') {
      settings.runtime = choiceOption(arguments_, 'runtime', path, ['pyxis', 'apptainer', 'none'] as const, 'pyxis');
      for (const key of ['partition', 'account', 'gpu-gres'] as const) {
        const value = optionalString(arguments_, key);
        if (value) settings[key === 'gpu-gres' ? 'gpuGres' : key] = value;
      }
    } else if (backendName === 'docker') {
      const host = optionalString(arguments_, 'docker-host');
      if (host) settings.dockerHost = host;
      const transfer = optionalString(arguments_, 'transfer');
      if (transfer) settings.transfer = choiceOption(arguments_, 'transfer', path, ['bind', 'copy'] as const, 'bind');
    } else {
      const claim = optionalString(arguments_, 'volume-claim');
      if (!claim) throw new UsageError(path, '--backend kubernetes needs --volume-claim NAME (the PersistentVolumeClaim for inputs and outputs)');
      settings.volumeClaim = claim;
      const namespace = optionalString(arguments_, 'namespace');
      if (namespace) settings.namespace = namespace;
      const kubeContext = optionalString(arguments_, 'kube-context');
      if (kubeContext) settings.kubeContext = kubeContext;
    }
    const environment: Record<string, string> = {};
    for (const entry of (arguments_.options.env as string[] | undefined) ?? []) {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(entry);
      if (!match) throw new UsageError(path, `--env must be NAME=VALUE; got "${entry}"`);
      environment[match[1]!] = match[2]!;
    }
    const command = optionalString(arguments_, 'command')?.split(/\s+/).filter(Boolean);
    const spec = await specFrom(arguments_, context, path);
    const image = await resolveTrainingImage(context.paths, optionalString(arguments_, 'image'));
    const cpus = integerOption(arguments_, 'cpus', path, { min: 1 });
    const memoryGiB = numberOption(arguments_, 'memory', path, { min: 0.1 });
    const timeLimitMinutes = integerOption(arguments_, 'time', path, { min: 1 });
    const backend = createTrainingBackend(backendName, { ...settings, environment: context.environment });
    const hfToken = context.environment.HF_TOKEN;
    const { job, attached } = await submitTrainingJob({
      spec,
      image,
      backend,
      backendSettings: settings,
      paths: context.paths,
      argv: context.argv,
      environment,
      ...(command && command.length > 0 ? { command } : {}),
      ...(hfToken ? { secretEnvironment: { HF_TOKEN: hfToken } } : {}),
      resources: {
        gpus: integerOption(arguments_, 'gpus', path, { min: 0, fallback: 1 }) as number,
        ...(cpus === undefined ? {} : { cpus }),
        ...(memoryGiB === undefined ? {} : { memoryGiB }),
        ...(timeLimitMinutes === undefined ? {} : { timeLimitMinutes }),
      },
    });
    const record = job.record;
    context.stdout.write(`${attached ? 're-attached to' : 'submitted'} run ${record.runId}: ${record.backend} job ${record.handle?.id} (${record.state})\n  -> ${job.directory}\n`);
    if (arguments_.options.wait) {
      const finished = await waitWithProgress(job, context, numberOption(arguments_, 'interval', path, { min: 0.05, fallback: 5 }) as number);
      context.stdout.write(`${describeRecord(finished)}\n`);
    }
    return 0;
  },
};

const runPositional = '[run-id]';

const status: Command = {
  name: 'status',
  summary: 'the state of a finetuning job (default: the newest)',
  positionals: runPositional,
  options: {
    wait: { type: 'boolean', description: 'wait until the job ends, showing progress' },
    interval: { type: 'string', valueName: 'SECONDS', description: 'seconds between polls with --wait', default: '5' },
    json: { type: 'boolean', description: 'print job.json' },
  },
  async run(arguments_, context) {
    const job = await jobFrom(arguments_, context, `${PATH} status`);
    const record = arguments_.options.wait
      ? await waitWithProgress(job, context, numberOption(arguments_, 'interval', `${PATH} status`, { min: 0.05, fallback: 5 }) as number)
      : await job.refresh();
    context.stdout.write(arguments_.options.json ? `${JSON.stringify(record, null, 2)}\n` : `${describeRecord(record)}\n`);
    return record.state === 'failed' || record.state === 'lost' ? 1 : 0;
  },
};

const logs: Command = {
  name: 'logs',
  summary: "the job's log (stdout and stderr of the container)",
  positionals: runPositional,
  options: {
    follow: { type: 'boolean', short: 'f', description: 'keep printing until the job ends' },
    interval: { type: 'string', valueName: 'SECONDS', description: 'seconds between reads with --follow', default: '2' },
  },
  async run(arguments_, context) {
    const job = await jobFrom(arguments_, context, `${PATH} logs`);
    const interval = numberOption(arguments_, 'interval', `${PATH} logs`, { min: 0.05, fallback: 2 }) as number;
    let offset = 0;
    for (;;) {
      const chunk = await job.logs(offset);
      context.stdout.write(chunk.text);
      offset = chunk.next;
      if (!arguments_.options.follow) return 0;
      const record = await job.refresh();
      if (isFinishedState(record.state)) {
        context.stdout.write((await job.logs(offset)).text);
        return 0;
      }
      await new Promise((done) => setTimeout(done, interval * 1000));
    }
  },
};

const cancel: Command = {
  name: 'cancel',
  summary: 'stop a finetuning job',
  positionals: runPositional,
  async run(arguments_, context) {
    const job = await jobFrom(arguments_, context, `${PATH} cancel`);
    const record = await job.cancel();
    context.stdout.write(`cancel requested; ${describeRecord(record)}\n`);
    return 0;
  },
};

const collect: Command = {
  name: 'collect',
  summary: 'copy back the adapter of a succeeded job and verify every file by sha256',
  positionals: runPositional,
  async run(arguments_, context) {
    const job = await jobFrom(arguments_, context, `${PATH} collect`);
    const collected = await job.collect();
    context.stdout.write(
      `collected run ${collected.runId}: ${collected.files.length} file(s) verified by sha256\n` +
        `  adapter: ${collected.directory} (sha256 ${collected.sha256})\n` +
        `  base model: ${collected.baseModel}\n${collected.ggufFile ? `  GGUF: ${collected.ggufFile}\n` : ''}`,
    );
    return 0;
  },
};

const serve: Command = {
  name: 'serve',
  summary: 'what serves the adapter back for evaluation: an Ollama Modelfile, vLLM arguments, or the GGUF for llama-cpp',
  positionals: runPositional,
  options: {
    target: { type: 'string', valueName: 'NAME', description: 'ollama, vllm or llama-cpp', default: 'ollama' },
    name: { type: 'string', valueName: 'NAME', description: 'the served model name (default: from run id and adapter hash)' },
    'ollama-base': { type: 'string', valueName: 'MODEL', description: 'the Ollama name of the base model (default: llama3.1 fp16 of the same size)' },
  },
  async run(arguments_, context) {
    const path = `${PATH} serve`;
    const target = choiceOption(arguments_, 'target', path, ['ollama', 'vllm', 'llama-cpp'] as const, 'ollama');
    const job = await jobFrom(arguments_, context, path);
    const collected = await job.collect();
    const name = optionalString(arguments_, 'name');
    const ollamaBaseModel = optionalString(arguments_, 'ollama-base');
    const serving = await serveAdapter(collected, {
      target,
      directory: join(job.directory, 'serve', target),
      loraRank: job.record.spec.lora.r,
      ...(name ? { name } : {}),
      ...(ollamaBaseModel ? { ollamaBaseModel } : {}),
    });
    context.stdout.write(
      `${target}: serve as "${serving.name}" (adapter sha256 ${serving.identity.sha256}, base ${serving.identity.baseModel})\n` +
        `${serving.files.map((file) => `  wrote ${file}\n`).join('')}${serving.ggufFile ? `  GGUF adapter: ${serving.ggufFile}\n` : ''}` +
        `  ${serving.command.join(' ')}\n`,
    );
    return 0;
  },
};

export const finetuneCommand: Command = {
  name: 'finetune',
  summary: 'QLoRA finetuning in the pinned container on Slurm, Docker or Kubernetes: plan, submit, status, logs, cancel, collect, serve',
  subcommands: [plan, submit, status, logs, cancel, collect, serve],
};
