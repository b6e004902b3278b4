/**
 * Executes notebooks/03-finetuning.ipynb in a fresh workspace without a cluster: it shows the real plan and says
 * why nothing is launched. Its run on a real single-node Slurm cluster with the stand-in trainer (launch, loss
 * curve, cancel, collect) is in committed-notebooks.test.ts, which executes every notebook on the defaults.
 */
import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { runNotebooks } from '../../lib/notebooks/run-notebooks.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const VARIABLES = ['ECG_LLM_WORKSPACE', 'SLURM_CONF', 'PATH', 'ECG_LLM_FINETUNE_RUNTIME', 'ECG_LLM_FINETUNE_COMMAND', 'ECG_LLM_FINETUNE_IMAGE', 'ECG_LLM_STAND_IN_STEPS', 'ECG_LLM_STAND_IN_STEP_MS'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

interface Output {
  text?: string | string[];
  data?: Record<string, unknown>;
}

async function runFinetuningNotebook(environment: Partial<Record<(typeof VARIABLES)[number], string>>): Promise<{ text: string; outputs: Output[] }> {
  const root = await temporaryDirectory();
  await mkdir(join(root, 'notebooks'));
  await symlink(join(repositoryRoot, 'dist'), join(root, 'dist'));
  await copyFile(join(repositoryRoot, 'notebooks', '03-finetuning.ipynb'), join(root, 'notebooks', '03-finetuning.ipynb'));
  for (const name of VARIABLES) if (name !== 'PATH') delete process.env[name];
  Object.assign(process.env, { ECG_LLM_WORKSPACE: root, ...environment });
  const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
  const { outcomes } = await runNotebooks({ paths, names: ['03-finetuning'], cellTimeoutSeconds: 240 });
  const executed = JSON.parse(await readFile(outcomes[0]!.executedCopy, 'utf8')) as { cells: Array<{ outputs?: Output[] }> };
  const outputs = executed.cells.flatMap((cell) => cell.outputs ?? []);
  const text = outputs
    .map((output) => [output.text ?? '', (output.data?.['text/markdown'] as string | string[] | undefined) ?? '', (output.data?.['text/plain'] as string | string[] | undefined) ?? ''].flat().join(''))
    .join('\n');
  return { text, outputs };
}

describe('notebooks/03-finetuning.ipynb', () => {
  it('without a cluster shows the presets and the real plan, and says why nothing is launched', async () => {
    // A newcomer's machine: Slurm's commands installed (scripts/install.sh) but no cluster configured.
    const { text } = await runFinetuningNotebook({});
    expect(text).toContain("the demo corpus's hand-written questions");
    expect(text).toContain('**No job is launched:** no Slurm controller answers');
    expect(text).toContain('| paper-70b-r64-a16 |');
    expect(text).toContain('lora_target_modules:');
    expect(text).toContain('Nothing launched: see the note at the top.');
    expect(text).not.toContain('Submitted run');
  }, 300_000);

});
