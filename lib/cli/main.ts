/**
 * `ecg-llm <stage> [options]`: runs the same library functions as the notebooks, for long batch runs in a
 * terminal or on a cluster. Exit codes (`exitCodeFor`): 0 success, 1 the work failed, 2 the command line was wrong,
 * 130 / 143 interrupted by SIGINT / SIGTERM.
 */
import { resolveWorkspacePaths } from '../core/paths.js';
import { consoleProgress } from '../core/progress.js';
import { environmentSecrets, redactText } from '../core/secrets.js';
import { formatHelp, parseCommandArguments, UsageError, type Command, type CommandContext } from './command.js';
import { commands } from './commands/index.js';
import { exitCodeFor } from './exit-code.js';

export { setExitOnSignal } from '../core/run.js';

export const rootCommand: Command = {
  name: 'ecg-llm',
  summary: 'ECG-LLM Workspace: corpus, synthesis, finetuning, RAG, evaluation and statistics for ECG language models',
  subcommands: commands,
};

/** Runs the command line; returns the exit code. */
export async function main(argv: string[], overrides: Partial<CommandContext> = {}): Promise<number> {
  const context: CommandContext = {
    paths: overrides.paths ?? resolveWorkspacePaths(),
    stdout: overrides.stdout ?? process.stdout,
    stderr: overrides.stderr ?? process.stderr,
    progress: overrides.progress ?? consoleProgress,
    environment: overrides.environment ?? process.env,
    argv: ['ecg-llm', ...argv],
  };
  let command = rootCommand;
  let path = 'ecg-llm';
  let rest = argv;
  try {
    while (command.subcommands?.length) {
      const [next, ...remaining] = rest;
      if (next === undefined || next === '--help' || next === '-h' || next === 'help') {
        context.stdout.write(formatHelp(command, path));
        return next === undefined && command === rootCommand ? 2 : 0;
      }
      if (next === '--version' && command === rootCommand) {
        const { readFile } = await import('node:fs/promises');
        const manifest = JSON.parse(await readFile(`${context.paths.packageRoot}/package.json`, 'utf8')) as { version: string };
        context.stdout.write(`${manifest.version}\n`);
        return 0;
      }
      const sub = command.subcommands.find((candidate) => candidate.name === next);
      if (!sub) {
        throw new UsageError(path, `unknown command "${next}". Commands: ${command.subcommands.map((c) => c.name).join(', ')}. See \`${path} --help\`.`);
      }
      command = sub;
      path = `${path} ${sub.name}`;
      rest = remaining;
    }
    const parsed = parseCommandArguments(command, path, rest);
    if (parsed.help || !command.run) {
      context.stdout.write(formatHelp(command, path));
      return 0;
    }
    const code = await command.run(parsed, context);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    const secrets = environmentSecrets(context.environment);
    const message = error instanceof Error ? error.message : String(error);
    context.stderr.write(`${path}: error: ${redactText(message, secrets)}\n`);
    if (context.environment.ECG_LLM_DEBUG && error instanceof Error && error.stack) {
      context.stderr.write(`${redactText(error.stack, secrets)}\n`);
    }
    return exitCodeFor(error);
  }
}
