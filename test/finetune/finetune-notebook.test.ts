import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { finetunePresetTable, finetuneSpecTable, prepareFinetuneNotebook } from '../../lib/finetune/finetune-notebook.js';
import { FINETUNE_PRESETS } from '../../lib/schemas/finetune.js';
import { TEST_IMAGE } from '../helpers/finetune-fixtures.js';
import { useSlurmCluster } from '../helpers/slurm-cluster.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const cluster = useSlurmCluster();

async function prepare(environment: NodeJS.ProcessEnv, runtime = 'pyxis') {
  const root = await temporaryDirectory();
  const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
  return prepareFinetuneNotebook({ preset: 'paper-8b-r256-a128', backend: 'slurm', runtime, environment: { ...environment, ECG_LLM_WORKSPACE: root }, paths });
}

describe('prepareFinetuneNotebook', () => {
  it('plans from the demo corpus questions split by document when there is no synthesis output', async () => {
    const setup = await prepare({ PATH: process.env.PATH });
    // data/demo-corpus-sources/questions.jsonl has 93 questions; the train and validation documents hold some of them.
    expect(setup.spec.datasets.train.records + setup.spec.datasets.validation.records).toBeLessThan(93);
    expect(setup.spec.datasets.train.records).toBeGreaterThan(setup.spec.datasets.validation.records);
    expect(setup.spec.datasets.train.path).toBe('results/finetune/demo-datasets/train-chat.jsonl');
    expect(finetuneSpecTable(setup.spec).find((row) => row.setting === 'LoRA')!.value).toContain('r=256, α=128');
    expect(finetunePresetTable().map((row) => row.preset)).toEqual(Object.keys(FINETUNE_PRESETS));
  });

  it('falls back to the demo questions when the synthesis output has an empty validation split (a tiny-model run)', async () => {
    const synthesis = await temporaryDirectory();
    const record = JSON.stringify({ messages: [{ role: 'user', content: 'What is a P wave?' }, { role: 'assistant', content: 'Atrial depolarisation.' }] });
    await writeFile(join(synthesis, 'train-chat.jsonl'), `${record}\n`);
    await writeFile(join(synthesis, 'val-chat.jsonl'), '');
    const setup = await prepare({ PATH: process.env.PATH, ECG_LLM_SYNTHESIS_OUTPUT: synthesis });
    expect(setup.spec.datasets.train.path).toBe('results/finetune/demo-datasets/train-chat.jsonl');
    expect(setup.spec.datasets.validation.records).toBeGreaterThan(0);
    expect(setup.note).toContain("the demo corpus's hand-written questions");
  });

  it('launches nothing without a reachable controller, or without a pinned image, and says why', async () => {
    const noSlurm = await prepare({ PATH: await temporaryDirectory() });
    expect(noSlurm.note).toContain('`sbatch` is not on the PATH here');
    const missingConfiguration = await prepare({ PATH: process.env.PATH, SLURM_CONF: '/nonexistent/slurm.conf' });
    expect(missingConfiguration.launch).toBeNull();
    expect(missingConfiguration.note).toContain('`SLURM_CONF` names a file that does not exist (/nonexistent/slurm.conf)');
    // A configuration whose controller does not run (the test cluster's port + 100).
    const root = await temporaryDirectory();
    const configuration = (await readFile(cluster().environment.SLURM_CONF!, 'utf8')).replace(/^SlurmctldPort=(\d+)$/m, (_line, port: string) => `SlurmctldPort=${Number(port) + 100}`);
    await writeFile(join(root, 'slurm.conf'), configuration);
    const noController = await prepare({ PATH: process.env.PATH, SLURM_CONF: join(root, 'slurm.conf') });
    expect(noController.note).toContain('no Slurm controller answers');
    const noImage = await prepare(cluster().environment);
    expect(noImage.launch).toBeNull();
    expect(noImage.note).toContain('environment/image.lock.json has no digest');
    const noCommand = await prepare({ ...cluster().environment, ECG_LLM_FINETUNE_IMAGE: TEST_IMAGE }, 'none');
    expect(noCommand.note).toContain('set `ECG_LLM_FINETUNE_COMMAND`');
    const ready = await prepare({ ...cluster().environment, ECG_LLM_FINETUNE_IMAGE: TEST_IMAGE }, 'apptainer');
    expect(ready.launch).toMatchObject({ image: TEST_IMAGE, backendSettings: { runtime: 'apptainer' } });
    expect(ready.note).toContain('**Cluster:** slurm (container runtime `apptainer`)');
  }, 60_000);
});
