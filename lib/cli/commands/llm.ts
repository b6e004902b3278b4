/**
 * `ecg-llm llm`: inspect LLM providers and the response cache.
 *
 *   ecg-llm llm models --provider ollama [--host URL]            list a server's models (Ollama: with digests)
 *   ecg-llm llm models --provider ollama --model llama3.1:8b     show one model's identity (digest)
 *   ecg-llm llm cache stats                                      entries, size, models in the cache
 *   ecg-llm llm cache export --out run-cache.jsonl               everything a colleague needs to replay a run
 *   ecg-llm llm cache import run-cache.jsonl                     add a colleague's export to this cache
 */
import { isAbsolute, join, resolve } from 'node:path';
import { ResponseCache } from '../../llm/response-cache.js';
import { createChatModel, listModels, listProviders } from '../../llm/providers/provider-registry.js';
import { optionalString, requireString, UsageError, type Command, type CommandContext, type ParsedArguments } from '../command.js';

const cacheDirectoryOption = {
  'cache-dir': { type: 'string', valueName: 'DIR', description: 'the LLM cache folder (default: <workspace cache>/llm; ECG_LLM_CACHE_DIR moves the workspace cache)' },
} as const;

function cacheFor(arguments_: ParsedArguments, context: CommandContext): ResponseCache {
  const directory = optionalString(arguments_, 'cache-dir');
  return directory ? new ResponseCache(resolve(directory)) : new ResponseCache(join(context.paths.cache, 'llm'));
}

function fromWorkingDirectory(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

const models: Command = {
  name: 'models',
  summary: "list a provider's models, or show one model's identity (digest)",
  description: `Providers: ${listProviders()
    .map((provider) => `${provider.name} (${provider.summary})`)
    .join('; ')}.\n\nExamples:\n  ecg-llm llm models --provider ollama --host http://gpu-box:11434\n  ecg-llm llm models --provider ollama --model llama3.1:8b`,
  options: {
    provider: { type: 'string', valueName: 'NAME', description: `provider: ${listProviders().map((provider) => provider.name).join(', ')}` },
    host: { type: 'string', valueName: 'URL', description: 'Ollama server (default OLLAMA_HOST or http://127.0.0.1:11434)' },
    'base-url': { type: 'string', valueName: 'URL', description: 'API base URL (ANTHROPIC_BASE_URL / OPENAI_BASE_URL)' },
    model: { type: 'string', valueName: 'ID', description: "show this model's identity instead of the list" },
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(arguments_, context) {
    const path = 'ecg-llm llm models';
    const provider = requireString(arguments_, 'provider', path);
    if (!listProviders().some((known) => known.name === provider)) {
      throw new UsageError(path, `unknown provider "${provider}"; known: ${listProviders().map((known) => known.name).join(', ')}`, { option: 'provider' });
    }
    const settings = {
      provider,
      environment: context.environment,
      ...(optionalString(arguments_, 'host') ? { host: optionalString(arguments_, 'host') as string } : {}),
      ...(optionalString(arguments_, 'base-url') ? { baseUrl: optionalString(arguments_, 'base-url') as string } : {}),
    };
    const modelId = optionalString(arguments_, 'model');
    if (modelId) {
      const reference = await createChatModel({ ...settings, model: modelId }).describe();
      if (arguments_.options.json) context.stdout.write(`${JSON.stringify(reference, null, 2)}\n`);
      else context.stdout.write(table([['provider', 'model', 'digest'], [reference.provider, reference.id, reference.digest ?? '(none reported)']]));
      return 0;
    }
    const listing = await listModels(settings);
    if (arguments_.options.json) {
      context.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
      return 0;
    }
    if (listing.length === 0) {
      context.stdout.write(`No models on this ${provider} server.\n`);
      return 0;
    }
    context.stdout.write(
      table([
        ['model', 'digest', 'size', 'modified'],
        ...listing.map((entry) => [entry.id, entry.digest ?? '', entry.sizeBytes === undefined ? '' : formatBytes(entry.sizeBytes), entry.modifiedAt ?? '']),
      ]),
    );
    return 0;
  },
};

const stats: Command = {
  name: 'stats',
  summary: 'entries, size and models in the LLM response cache',
  options: { ...cacheDirectoryOption, json: { type: 'boolean', description: 'print JSON' } },
  async run(arguments_, context) {
    const cache = cacheFor(arguments_, context);
    const statistics = await cache.statistics();
    if (arguments_.options.json) {
      context.stdout.write(`${JSON.stringify({ directory: cache.directory, ...statistics }, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `cache: ${cache.directory}`,
      `entries: ${statistics.entries} (${formatBytes(statistics.bytes)})`,
      ...(statistics.oldest ? [`written: ${statistics.oldest} .. ${statistics.newest}`] : []),
      ...Object.entries(statistics.models)
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([model, count]) => `  ${model}: ${count}`),
      ...(statistics.temporaryFiles > 0 ? [`temporary files of interrupted writes (ignored): ${statistics.temporaryFiles}`] : []),
      ...(statistics.invalidFiles.length > 0 ? [`invalid files (ignored): ${statistics.invalidFiles.length}`, ...statistics.invalidFiles.map((file) => `  ${file}`)] : []),
    ];
    context.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};

const exportCommand: Command = {
  name: 'export',
  summary: 'write the cache (or one model of it) to one JSON Lines file',
  description: 'A colleague imports the file with `ecg-llm llm cache import FILE` and replays the run with ECG_LLM_CACHE=replay, without calling any model.',
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'the JSON Lines file to write (required)' },
    provider: { type: 'string', valueName: 'NAME', description: 'only entries of this provider' },
    model: { type: 'string', valueName: 'ID', description: 'only entries of this model' },
    ...cacheDirectoryOption,
  },
  async run(arguments_, context) {
    const out = fromWorkingDirectory(requireString(arguments_, 'out', 'ecg-llm llm cache export'));
    const provider = optionalString(arguments_, 'provider');
    const model = optionalString(arguments_, 'model');
    const result = await cacheFor(arguments_, context).exportTo(out, { ...(provider ? { provider } : {}), ...(model ? { model } : {}) });
    context.stdout.write(`exported ${result.entries} entries to ${result.file}\n`);
    return 0;
  },
};

const importCommand: Command = {
  name: 'import',
  summary: 'add the entries of an export file to the cache (each line is checked)',
  positionals: '<file>',
  options: { ...cacheDirectoryOption },
  async run(arguments_, context) {
    const [file, ...extra] = arguments_.positionals;
    if (!file || extra.length > 0) throw new UsageError('ecg-llm llm cache import', 'give exactly one export file. See `ecg-llm llm cache import --help`.');
    const result = await cacheFor(arguments_, context).importFrom(fromWorkingDirectory(file));
    context.stdout.write(`imported ${result.imported} entries (${result.alreadyPresent} already present, ${result.total} in the file)\n`);
    return 0;
  },
};

export const llmCommand: Command = {
  name: 'llm',
  summary: 'LLM providers and the response cache: models, cache stats/export/import',
  subcommands: [
    models,
    { name: 'cache', summary: 'the LLM response cache: stats, export, import', subcommands: [stats, exportCommand, importCommand] },
  ],
};
