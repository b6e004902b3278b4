import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError, InvalidArgumentError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { finetuneSpecHash, planFinetune, plannedTrainingSteps, readFinetuneSpec } from '../../lib/finetune/plan-finetune.js';
import { finetunePreset, parseFinetuneSpec } from '../../lib/schemas/finetune.js';
import { writeChatDatasets } from '../helpers/finetune-fixtures.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

function specWith(records: number, preset: string) {
  const dataset = { path: 'x.jsonl', sha256: 'e'.repeat(64), bytes: 1, records };
  return parseFinetuneSpec({ schemaVersion: 1, preset, ...finetunePreset(preset), datasets: { train: dataset, validation: dataset } });
}

describe('plannedTrainingSteps', () => {
  it('counts optimizer steps as Hugging Face Trainer does', () => {
    // transformers Trainer._inner_training_loop: num_update_steps_per_epoch = max(len_dataloader // GA +
    // int(len_dataloader % GA > 0), 1); max_steps = ceil(num_train_epochs × num_update_steps_per_epoch).
    // 1000 records, batch 8 → 125 batches → 62 + 1 = 63 updates per epoch → 126 in 2 epochs.
    expect(plannedTrainingSteps(specWith(1000, 'paper-8b-r64-a16'))).toBe(126);
    // 1000 records, batch 16 → 63 batches → 31 + 1 = 32 per epoch → 64.
    expect(plannedTrainingSteps(specWith(1000, 'paper-8b-r256-a128'))).toBe(64);
    // 8 records, batch 16 → 1 batch → max(0 + 1, 1) = 1 per epoch → 2.
    expect(plannedTrainingSteps(specWith(8, 'paper-8b-r256-a128'))).toBe(2);
    // config_full: 10 epochs of 63 → 630.
    expect(plannedTrainingSteps(specWith(1000, 'paper-8b-r64-a16-e10'))).toBe(630);
  });
});

describe('planFinetune', () => {
  it('refuses a record without an assistant turn, naming file and line', async () => {
    const root = await temporaryDirectory();
    const files = await writeChatDatasets(root);
    await writeFile(files.validation, '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}\n{"messages":[{"role":"system","content":"s"},{"role":"user","content":"q"}]}\n');
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    await expect(planFinetune({ preset: 'paper-8b-r64-a16', trainFile: files.train, validationFile: files.validation, paths })).rejects.toThrow(InvalidArgumentError);
    await expect(planFinetune({ preset: 'paper-8b-r64-a16', trainFile: files.train, validationFile: files.validation, paths })).rejects.toThrow(`${files.validation}:2: no assistant turn`);
  });

  it('writes specs that read back identically, and a damaged spec file names its field', async () => {
    const root = await temporaryDirectory();
    const files = await writeChatDatasets(root);
    const spec = await planFinetune({ preset: 'paper-70b-r256-a512', trainFile: files.train, validationFile: files.validation, paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }) });
    await writeFile(join(root, 'spec.json'), JSON.stringify(spec));
    expect(finetuneSpecHash(await readFinetuneSpec(join(root, 'spec.json')))).toBe(finetuneSpecHash(spec));
    await writeFile(join(root, 'bad.json'), JSON.stringify({ ...spec, lora: { ...spec.lora, alpha: -1 } }));
    const error = await readFinetuneSpec(join(root, 'bad.json')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).location).toEqual({ file: join(root, 'bad.json'), field: 'lora.alpha' });
  });
});
