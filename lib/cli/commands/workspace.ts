import { toMarkdownTable } from '../../report/table.js';
import { checkEnvironment } from '../../workspace/check-environment.js';
import { listRuns } from '../../workspace/list-runs.js';
import { integerOption, optionalString, type Command } from '../command.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check what this machine offers the workspace (Chromium, Jupyter, data, Ollama, Claude, Chroma)',
  async run(_arguments, context) {
    const checks = await checkEnvironment({ paths: context.paths, environment: context.environment });
    context.stdout.write(toMarkdownTable(checks.map((check) => ({ ...check }))));
  },
};

export const runsCommand: Command = {
  name: 'runs',
  summary: 'list recorded runs (runs/<run-id>/manifest.json), newest first',
  options: {
    stage: { type: 'string', valueName: 'STAGE', description: 'only runs of this stage' },
    limit: { type: 'string', valueName: 'N', description: 'show at most N runs', default: '20' },
  },
  async run(arguments_, context) {
    const limit = integerOption(arguments_, 'limit', 'ecg-llm runs', { min: 1, fallback: 20 }) ?? 20;
    const stage = optionalString(arguments_, 'stage');
    const runs = await listRuns({ paths: context.paths, ...(stage ? { stage } : {}) });
    if (runs.length === 0) {
      const stages = stage ? [...new Set((await listRuns({ paths: context.paths })).map((run) => run.stage))].sort() : [];
      context.stdout.write(
        stages.length > 0 ? `no runs of stage "${stage}"; recorded stages: ${stages.join(', ')}\n` : 'no runs recorded yet\n',
      );
      return;
    }
    context.stdout.write(toMarkdownTable(runs.slice(0, limit).map((run) => ({ ...run })), { columns: ['runId', 'stage', 'status', 'startedAt', { key: 'seconds', digits: 1 }, 'commit', 'error'] }));
  },
};
