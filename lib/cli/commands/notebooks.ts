import { installTslabKernel, jupyterDataDirectory, notebooksWithOutputs, runNotebooks } from '../../notebooks/run-notebooks.js';
import { integerOption, UsageError, type Command } from '../command.js';

const run: Command = {
  name: 'run',
  summary: 'execute notebooks headless with the tslab kernel, stopping at the first failing cell',
  positionals: '[notebook...]',
  description: `Executes every notebook in notebooks/ in file-name order (or only the named ones; a prefix such as
"06" is enough). Executed copies are written to runs/<run-id>/notebooks/; the originals are not changed.
Needs Jupyter (Debian/Ubuntu: apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client).

Example: ecg-llm notebooks run 06-statistics`,
  options: {
    'cell-timeout': { type: 'string', valueName: 'SECONDS', description: 'seconds one cell may run', default: '900' },
  },
  async run(arguments_, context) {
    const cellTimeoutSeconds = integerOption(arguments_, 'cell-timeout', 'ecg-llm notebooks run', { min: 1, fallback: 900 });
    const { runId, outcomes } = await runNotebooks({
      names: arguments_.positionals,
      paths: context.paths,
      progress: context.progress,
      ...(cellTimeoutSeconds === undefined ? {} : { cellTimeoutSeconds }),
      command: context.argv,
    });
    for (const outcome of outcomes) context.stdout.write(`ok  ${outcome.notebook}  ${outcome.seconds.toFixed(1)} s  -> ${outcome.executedCopy}\n`);
    context.stdout.write(`${outcomes.length} notebook(s) executed (run ${runId})\n`);
  },
};

const installKernel: Command = {
  name: 'install-kernel',
  summary: 'install the tslab TypeScript kernel spec into the workspace cache (for jupyter lab / notebook)',
  description: `Prints the JUPYTER_PATH to export so that \`jupyter lab\` or \`jupyter notebook\` finds the kernel.
Alternatively install it for your user: npx tslab install --python=python3`,
  async run(_arguments, context) {
    await installTslabKernel(context.paths);
    context.stdout.write(`Installed the tslab kernel spec. Use it with:\n  export JUPYTER_PATH=${jupyterDataDirectory(context.paths)}\n  jupyter lab notebooks/\n`);
  },
};

const check: Command = {
  name: 'check',
  summary: 'fail if a notebook in notebooks/ was saved with outputs or execution counts',
  async run(_arguments, context) {
    const dirty = await notebooksWithOutputs(context.paths);
    if (dirty.length > 0) {
      throw new UsageError(
        'ecg-llm notebooks check',
        `notebooks must be committed without outputs: ${dirty.map((entry) => `${entry.notebook} (cells ${entry.cells.join(', ')})`).join('; ')}. ` +
          'Clear them with: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb',
      );
    }
    context.stdout.write('all notebooks are clean (no outputs, no execution counts)\n');
  },
};

export const notebooksCommand: Command = {
  name: 'notebooks',
  summary: 'run the notebooks headless, install their kernel, check they are committed clean',
  subcommands: [run, installKernel, check],
};
