import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { axolotlConfigYaml, LEGACY_CHAT_TEMPLATE } from '../../lib/finetune/axolotl-config.js';
import { finetunePreset, parseFinetuneSpec, type FinetuneSpec } from '../../lib/schemas/finetune.js';

const dataset = { path: 'train-chat.jsonl', sha256: 'b'.repeat(64), bytes: 10, records: 3 };
function spec(preset: string, change: (spec: FinetuneSpec) => void = () => undefined): FinetuneSpec {
  const value = parseFinetuneSpec({ schemaVersion: 1, preset, ...finetunePreset(preset), datasets: { train: dataset, validation: dataset } });
  change(value);
  return value;
}

/** Parses YAML with PyYAML, the parser Axolotl itself loads its configuration with (python3-yaml). */
function pyyaml(text: string): Record<string, unknown> {
  return JSON.parse(execFileSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'], { input: text, encoding: 'utf8' })) as Record<string, unknown>;
}

describe('axolotlConfigYaml', () => {
  it('carries every parameter of the spec, as PyYAML reads it', () => {
    const config = pyyaml(axolotlConfigYaml(spec('paper-8b-r256-a128'), 'c'.repeat(64)));
    // Expected values: the spec (docs/authors-pipeline.md §3.2-§3.4) under Axolotl's option names.
    expect(config).toMatchObject({
      base_model: 'meta-llama/Llama-3.1-8B-Instruct',
      adapter: 'qlora',
      load_in_4bit: true,
      load_in_8bit: false,
      bnb_config_kwargs: { bnb_4bit_quant_type: 'nf4', bnb_4bit_use_double_quant: false, bnb_4bit_compute_dtype: 'bfloat16' },
      lora_r: 256,
      lora_alpha: 128,
      lora_dropout: 0.1,
      lora_target_modules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj', 'lm_head'],
      learning_rate: 0.0002,
      lr_scheduler: 'cosine',
      warmup_ratio: 0.01,
      num_epochs: 2,
      optimizer: 'paged_adamw_32bit',
      max_grad_norm: 0.3,
      weight_decay: 0,
      micro_batch_size: 16,
      eval_batch_size: 16,
      gradient_accumulation_steps: 2,
      logging_steps: 100,
      eval_steps: 500,
      save_steps: 1000,
      bf16: true,
      fp16: false,
      seed: 42,
      chat_template: 'llama3',
      special_tokens: { pad_token: '<|finetune_right_pad_id|>' },
      sample_packing: false,
      val_set_size: 0,
      output_dir: '/output/trainer',
    });
    const datasets = config.datasets as Array<Record<string, unknown>>;
    expect(datasets).toEqual([
      { path: '/input/train-chat.jsonl', ds_type: 'json', split: 'train', type: 'chat_template', field_messages: 'messages', message_property_mappings: { role: 'role', content: 'content' }, roles_to_train: ['assistant'], train_on_eos: 'turn' },
    ]);
    expect((config.test_datasets as Array<Record<string, unknown>>)[0]!.path).toBe('/input/val-chat.jsonl');
    expect(config).not.toHaveProperty('chat_template_jinja');
  });

  it('writes the authors\' hand-built template for chatTemplate legacy, and the other presets\' values', () => {
    const config = pyyaml(axolotlConfigYaml(spec('paper-70b-r64-a16', (value) => void (value.chatTemplate = 'legacy')), 'c'.repeat(64)));
    expect(config).toMatchObject({ base_model: 'meta-llama/Llama-3.1-70B-Instruct', lora_r: 64, lora_alpha: 16, micro_batch_size: 8, eval_steps: 100, chat_template: 'jinja' });
    expect(config.chat_template_jinja).toBe(LEGACY_CHAT_TEMPLATE);
    // §3.5: a single space after <|end_header_id|>, no system turn, no date preamble.
    expect(LEGACY_CHAT_TEMPLATE).toContain('<|end_header_id|> ');
    expect(LEGACY_CHAT_TEMPLATE).not.toContain('\n\n');
  });

  it('keeps strings with YAML-special characters intact', () => {
    const config = pyyaml(axolotlConfigYaml(spec('paper-8b-r64-a16', (value) => void (value.baseModelRevision = 'a: #b "c"')), 'c'.repeat(64)));
    expect(config.revision_of_model).toBe('a: #b "c"');
  });
});
