/**
 * The command-line framework: each command declares its options once, and gets `--help`, strict parsing
 * (an unknown or malformed option is a usage error naming it) and typed option values from that declaration.
 */
import { parseArgs } from 'node:util';
import { ConfigurationError, InvalidArgumentError, WorkspaceError } from '../core/errors.js';
import type { WorkspacePaths } from '../core/paths.js';
import type { ProgressFactory } from '../core/progress.js';

/** A mistake on the command line: unknown option, missing argument, a value of the wrong form. Exit code 2. */
export class UsageError extends WorkspaceError {
  readonly command: string;
  constructor(command: string, reason: string, details: Record<string, unknown> = {}) {
    super('USAGE', reason, { command, ...details });
    this.command = command;
  }
}

/**
 * Runs a check of a command-line value that a library function does (e.g. "is this folder a corpus output?") and
 * turns its {@link InvalidArgumentError} or {@link ConfigurationError} into a {@link UsageError} naming the option,
 * so that the command exits 2. Decided by the error's class, never by its message; other errors pass unchanged.
 *
 * @example
 * await usageCheck(PATH, 'corpus', () => assertCorpusOutput(folder, 'corpus'));
 */
export async function usageCheck<T>(path: string, option: string, check: () => Promise<T> | T): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof InvalidArgumentError || error instanceof ConfigurationError) {
      throw new UsageError(path, `--${option}: ${error.message}`, { option, cause: error.code });
    }
    throw error;
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Shown in help as the value's name, e.g. DIR. */
  valueName?: string;
  default?: string | boolean;
  multiple?: boolean;
}

export interface CommandContext {
  paths: WorkspacePaths;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  progress: ProgressFactory;
  environment: NodeJS.ProcessEnv;
  /** The full command line, recorded in run manifests. */
  argv: string[];
}

export interface ParsedArguments {
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  /** Extra help text: what it does, examples. */
  description?: string;
  /** Positional arguments, for help, e.g. `<file...>`. */
  positionals?: string;
  options?: Record<string, OptionSpec>;
  subcommands?: Command[];
  run?: (arguments_: ParsedArguments, context: CommandContext) => Promise<number | void>;
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** The help text of a command. `path` is the full command name, e.g. `ecg-llm rag index`. */
export function formatHelp(command: Command, path: string): string {
  const lines: string[] = [`${path} — ${command.summary}`, ''];
  if (command.subcommands?.length) {
    lines.push(`Usage: ${path} <command> [options]`, '', 'Commands:');
    const width = Math.max(...command.subcommands.map((sub) => sub.name.length));
    for (const sub of command.subcommands) lines.push(`  ${sub.name.padEnd(width)}  ${sub.summary}`);
    lines.push('', `Run \`${path} <command> --help\` for a command's options.`);
  } else {
    lines.push(`Usage: ${path}${command.options ? ' [options]' : ''}${command.positionals ? ` ${command.positionals}` : ''}`);
  }
  if (command.description) lines.push('', command.description.trim());
  const options = { ...(command.options ?? {}), help: HELP_OPTION };
  lines.push('', 'Options:');
  const rendered = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    const suffix = spec.default !== undefined && spec.default !== false ? ` (default: ${String(spec.default)})` : '';
    return [flag, `${spec.description}${suffix}${spec.multiple ? ' (repeatable)' : ''}`] as const;
  });
  const width = Math.max(...rendered.map(([flag]) => flag.length));
  for (const [flag, text] of rendered) lines.push(`  ${flag.padEnd(width)}  ${text}`);
  return `${lines.join('\n')}\n`;
}

/** Parses arguments for a leaf command strictly; unknown options and stray values are usage errors. */
export function parseCommandArguments(command: Command, path: string, argv: string[]): ParsedArguments & { help: boolean } {
  const options = { ...(command.options ?? {}), help: HELP_OPTION };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
        ...(spec.default !== undefined ? { default: spec.default } : {}),
      },
    ]),
  );
  try {
    const parsed = parseArgs({ args: argv, options: config as never, allowPositionals: Boolean(command.positionals), strict: true });
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    return { options: values, positionals: parsed.positionals, help: values.help === true };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(path, `${message}. See \`${path} --help\`.`);
  }
}

/** Reads a string option that must be present. */
export function requireString(arguments_: ParsedArguments, name: string, path: string): string {
  const value = arguments_.options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(path, `missing required option --${name}. See \`${path} --help\`.`);
  return value;
}

/** Reads an optional string option. */
export function optionalString(arguments_: ParsedArguments, name: string): string | undefined {
  const value = arguments_.options[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function withinBounds(value: number, name: string, path: string, bounds: { min?: number; max?: number }): number {
  if (bounds.min !== undefined && value < bounds.min) throw new UsageError(path, `--${name} must be at least ${bounds.min}, got ${value}`, { option: name });
  if (bounds.max !== undefined && value > bounds.max) throw new UsageError(path, `--${name} must be at most ${bounds.max}, got ${value}`, { option: name });
  return value;
}

/** Reads an integer option within bounds. */
export function integerOption(
  arguments_: ParsedArguments,
  name: string,
  path: string,
  bounds: { min?: number; max?: number; fallback?: number } = {},
): number | undefined {
  const raw = arguments_.options[name];
  if (raw === undefined) return bounds.fallback;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(path, `--${name} must be an integer, got "${String(raw)}"`, { option: name });
  return withinBounds(value, name, path, bounds);
}

/** Reads a number option within bounds. */
export function numberOption(
  arguments_: ParsedArguments,
  name: string,
  path: string,
  bounds: { min?: number; max?: number; fallback?: number } = {},
): number | undefined {
  const raw = arguments_.options[name];
  if (raw === undefined) return bounds.fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) throw new UsageError(path, `--${name} must be a number, got "${String(raw)}"`, { option: name });
  return withinBounds(value, name, path, bounds);
}

/** Reads an option restricted to a set of choices. */
export function choiceOption<Choice extends string>(
  arguments_: ParsedArguments,
  name: string,
  path: string,
  choices: readonly Choice[],
  fallback: Choice,
): Choice {
  const raw = arguments_.options[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    throw new UsageError(path, `--${name} must be one of ${choices.join(', ')}; got "${String(raw)}"`, { option: name });
  }
  return raw as Choice;
}
