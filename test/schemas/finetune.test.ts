import { describe, expect, it } from 'vitest';
import { InputFileError, InvalidArgumentError } from '../../lib/core/errors.js';
import { FINETUNE_PRESETS, finetunePreset, parseFinetuneSpec, PAPER_TARGET_MODULES } from '../../lib/schemas/finetune.js';

const dataset = { path: 'results/train-chat.jsonl', sha256: 'a'.repeat(64), bytes: 10, records: 3 };
const validSpec = () => structuredClone({ schemaVersion: 1, preset: 'paper-8b-r256-a128', ...finetunePreset('paper-8b-r256-a128'), datasets: { train: dataset, validation: { ...dataset, path: 'results/val-chat.jsonl' } } });

describe('finetuning presets', () => {
  // Expected values: docs/authors-pipeline.md §3.1-§3.4 (the authors' config.py, config8b, config70, config_full).
  it('share the authors\' quantisation, LoRA modules, dropout and training arguments', () => {
    for (const [name, { parameters }] of Object.entries(FINETUNE_PRESETS)) {
      expect(parameters.quantisation, name).toEqual({ bits: 4, quantType: 'nf4', doubleQuant: false, computeDtype: 'bfloat16' });
      expect(parameters.lora.dropout, name).toBe(0.1);
      expect(parameters.lora.bias, name).toBe('none');
      expect(parameters.lora.targetModules, name).toEqual(['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj', 'lm_head']);
      expect(parameters.training, name).toMatchObject({ learningRate: 2e-4, scheduler: 'cosine', warmupRatio: 0.01, optimizer: 'paged_adamw_32bit', maxGradNorm: 0.3, gradientAccumulationSteps: 2, loggingSteps: 100, saveSteps: 1000, weightDecay: 0 });
      expect(parameters.trainOn, name).toBe('assistant');
      expect(parameters.chatTemplate, name).toBe('llama3');
    }
  });

  it('reproduce each variant of §3.3 (model, r, alpha, batch, eval steps, epochs)', () => {
    const row = (name: string) => {
      const parameters = finetunePreset(name);
      return [parameters.baseModel.replace('meta-llama/Llama-3.1-', ''), parameters.lora.r, parameters.lora.alpha, parameters.training.microBatchSize, parameters.training.evalSteps, parameters.training.epochs];
    };
    expect(row('paper-8b-r256-a128')).toEqual(['8B-Instruct', 256, 128, 16, 500, 2]); // config.py at HEAD
    expect(row('paper-8b-r256-a256')).toEqual(['8B-Instruct', 256, 256, 8, 100, 2]);
    expect(row('paper-8b-r256-a512')).toEqual(['8B-Instruct', 256, 512, 8, 100, 2]);
    expect(row('paper-8b-r256-a521')).toEqual(['8B-Instruct', 256, 521, 8, 100, 2]); // config8b as committed
    expect(row('paper-8b-r64-a16')).toEqual(['8B-Instruct', 64, 16, 8, 100, 2]);
    expect(row('paper-8b-r64-a16-e10')).toEqual(['8B-Instruct', 64, 16, 8, 100, 10]); // config_full
    expect(row('paper-70b-r256-a128')).toEqual(['70B-Instruct', 256, 128, 8, 100, 2]);
    expect(row('paper-70b-r256-a256')).toEqual(['70B-Instruct', 256, 256, 8, 100, 2]);
    expect(row('paper-70b-r256-a512')).toEqual(['70B-Instruct', 256, 512, 8, 100, 2]);
    expect(row('paper-70b-r64-a16')).toEqual(['70B-Instruct', 64, 16, 8, 100, 2]); // config70
    expect(PAPER_TARGET_MODULES).toContain('lm_head');
  });

  it('are fresh copies, and an unknown name lists the known ones', () => {
    finetunePreset('paper-8b-r64-a16').lora.targetModules.push('x');
    expect(finetunePreset('paper-8b-r64-a16').lora.targetModules).toHaveLength(8);
    expect(() => finetunePreset('paper-9b')).toThrow(InvalidArgumentError);
    expect(() => finetunePreset('paper-9b')).toThrow(/known: paper-8b-r256-a128/);
  });
});

describe('parseFinetuneSpec', () => {
  it('accepts a complete spec', () => {
    expect(parseFinetuneSpec(validSpec()).lora.r).toBe(256);
  });

  it.each([
    ['lora.r', (spec: ReturnType<typeof validSpec>) => void (spec.lora.r = 0)],
    ['lora.dropout', (spec: ReturnType<typeof validSpec>) => void (spec.lora.dropout = 1.5)],
    ['lora.targetModules', (spec: ReturnType<typeof validSpec>) => void (spec.lora.targetModules = ['q_proj', 'q_proj'])],
    ['training.warmupRatio', (spec: ReturnType<typeof validSpec>) => void (spec.training.warmupRatio = 1)],
    ['quantisation.quantType', (spec: ReturnType<typeof validSpec>) => void ((spec.quantisation as { quantType: string }).quantType = 'int3')],
    ['chatTemplate', (spec: ReturnType<typeof validSpec>) => void ((spec as { chatTemplate: string }).chatTemplate = 'mistral')],
    ['datasets.train.sha256', (spec: ReturnType<typeof validSpec>) => void (spec.datasets.train.sha256 = 'abc')],
    ['baseModel', (spec: ReturnType<typeof validSpec>) => void (spec.baseModel = 'llama 3')],
  ])('refuses an invalid %s and names the field', (field, damage) => {
    const spec = validSpec();
    damage(spec);
    expect(() => parseFinetuneSpec(spec)).toThrow(InvalidArgumentError);
    expect(() => parseFinetuneSpec(spec)).toThrow(`spec.${field}`);
    try {
      parseFinetuneSpec(spec, 'spec.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputFileError);
      expect((error as InputFileError).location).toEqual({ file: 'spec.json', field });
    }
  });

  it('refuses unknown fields (a misspelt parameter is not silently ignored)', () => {
    expect(() => parseFinetuneSpec({ ...validSpec(), learningrate: 1 })).toThrow(/Unrecognized key/);
  });
});
