/**
 * The trainer configuration: an Axolotl YAML file produced from a {@link FinetuneSpec}. Axolotl (the trainer in
 * the pinned container, `environment/`) reads it with PyYAML; every value comes from the spec, and the paths are
 * the container contract's (`/input`, `/output`).
 *
 * Axolotl option names: https://docs.axolotl.ai/docs/config-reference.html (`adapter: qlora`, `load_in_4bit`,
 * `bnb_config_kwargs`, `lora_*`, `datasets[].type: chat_template` with `roles_to_train`, `test_datasets`, ...).
 */
import type { FinetuneSpec } from '../schemas/finetune.js';

/** Where the container finds its inputs and writes its outputs (environment/README.md). */
export const CONTAINER_INPUT = '/input';
export const CONTAINER_OUTPUT = '/output';
/** File names of the inputs inside `/input`. */
export const TRAINING_INPUT_FILES = { config: 'config.json', trainer: 'axolotl.yaml', train: 'train-chat.jsonl', validation: 'val-chat.jsonl' } as const;

/**
 * The authors' hand-built Llama 3 format (§3.5) as a Jinja chat template: no system turn and no date preamble,
 * a single space after `<|end_header_id|>` instead of the official blank line. (Their code also counted the
 * assistant header tokens in the loss; Axolotl masks them, which is the only difference left.)
 */
export const LEGACY_CHAT_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}<|start_header_id|>{{ message['role'] }}<|end_header_id|> " +
  "{{ message['content'] }}<|eot_id|>{% endfor %}{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|> {% endif %}";

/** Llama 3.1's reserved padding token, which the authors used as pad (§3.2). */
export const LLAMA3_PAD_TOKEN = '<|finetune_right_pad_id|>';

type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** The Axolotl configuration as a plain object (see {@link axolotlConfigYaml} for the file). */
export function axolotlConfig(spec: FinetuneSpec): Record<string, YamlValue> {
  const dataset = (file: string): YamlValue => ({
    path: `${CONTAINER_INPUT}/${file}`,
    ds_type: 'json',
    split: 'train',
    type: 'chat_template',
    field_messages: 'messages',
    message_property_mappings: { role: 'role', content: 'content' },
    roles_to_train: [spec.trainOn],
    train_on_eos: 'turn',
  });
  const training = spec.training;
  return {
    base_model: spec.baseModel,
    ...(spec.baseModelRevision ? { revision_of_model: spec.baseModelRevision } : {}),
    tokenizer_type: 'AutoTokenizer',
    load_in_8bit: false,
    load_in_4bit: true,
    adapter: 'qlora',
    bnb_config_kwargs: {
      bnb_4bit_quant_type: spec.quantisation.quantType,
      bnb_4bit_use_double_quant: spec.quantisation.doubleQuant,
      bnb_4bit_compute_dtype: spec.quantisation.computeDtype,
    },
    lora_r: spec.lora.r,
    lora_alpha: spec.lora.alpha,
    lora_dropout: spec.lora.dropout,
    lora_target_modules: [...spec.lora.targetModules],
    lora_target_linear: false,
    chat_template: spec.chatTemplate === 'llama3' ? 'llama3' : 'jinja',
    ...(spec.chatTemplate === 'legacy' ? { chat_template_jinja: LEGACY_CHAT_TEMPLATE } : {}),
    datasets: [dataset(TRAINING_INPUT_FILES.train)],
    test_datasets: [dataset(TRAINING_INPUT_FILES.validation)],
    val_set_size: 0,
    dataset_prepared_path: `${CONTAINER_OUTPUT}/prepared`,
    output_dir: `${CONTAINER_OUTPUT}/trainer`,
    special_tokens: { pad_token: LLAMA3_PAD_TOKEN },
    sequence_len: training.sequenceLength,
    sample_packing: false,
    pad_to_sequence_len: false,
    shuffle_merged_datasets: true,
    seed: spec.seed,
    num_epochs: training.epochs,
    micro_batch_size: training.microBatchSize,
    eval_batch_size: training.evalBatchSize,
    gradient_accumulation_steps: training.gradientAccumulationSteps,
    optimizer: training.optimizer,
    lr_scheduler: training.scheduler,
    learning_rate: training.learningRate,
    warmup_ratio: training.warmupRatio,
    weight_decay: training.weightDecay,
    max_grad_norm: training.maxGradNorm,
    bf16: training.precision === 'bf16',
    fp16: training.precision === 'fp16',
    tf32: false,
    gradient_checkpointing: training.gradientCheckpointing,
    logging_steps: training.loggingSteps,
    eval_steps: training.evalSteps,
    save_steps: training.saveSteps,
    save_safetensors: true,
    use_tensorboard: false,
  };
}

function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '.nan';
  // A JSON string is a valid YAML double-quoted scalar with the same escapes.
  return JSON.stringify(value);
}

function yamlLines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      if (item !== null && typeof item === 'object') {
        const [first, ...rest] = yamlLines(item, `${indent}  `);
        return [`${indent}- ${first!.trimStart()}`, ...rest];
      }
      return [`${indent}- ${yamlScalar(item)}`];
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      if (item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length > 0 : Object.keys(item).length > 0)) {
        return [`${indent}${key}:`, ...yamlLines(item, `${indent}  `)];
      }
      return [`${indent}${key}: ${item !== null && typeof item === 'object' ? (Array.isArray(item) ? '[]' : '{}') : yamlScalar(item)}`];
    });
  }
  return [`${indent}${yamlScalar(value)}`];
}

/** The Axolotl configuration as YAML text, with a header naming the spec it came from. */
export function axolotlConfigYaml(spec: FinetuneSpec, specHash: string): string {
  return [
    `# Axolotl configuration generated by ecg-llm from finetuning spec ${specHash} (preset ${spec.preset}).`,
    '# Do not edit: change the spec and plan again.',
    ...yamlLines(axolotlConfig(spec), ''),
    '',
  ].join('\n');
}
