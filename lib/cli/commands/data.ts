/**
 * `ecg-llm data fetch|verify|list`: external datasets listed in data/datasets.json.
 */
import { relative } from 'node:path';
import { readDatasetManifest } from '../../data/dataset-manifest.js';
import { DATA_MIRROR_VARIABLE, fetchDataset, listDatasets, verifyDataset } from '../../data/fetch-dataset.js';
import { numberOption, optionalString, type Command, type CommandContext } from '../command.js';

async function datasetNames(positionals: string[], context: CommandContext): Promise<string[]> {
  if (positionals.length > 0) return positionals;
  return (await readDatasetManifest(context.paths)).datasets.map((dataset) => dataset.name);
}

function shown(path: string, context: CommandContext): string {
  const inside = relative(context.paths.root, path);
  return inside.startsWith('..') ? path : inside;
}

const fetchCommand: Command = {
  name: 'fetch',
  summary: 'download datasets (or copy them from a mirror folder) and verify their SHA-256',
  positionals: '[name...]',
  description: `
Downloads every file of the named datasets (default: all) from the pinned upstream URLs in data/datasets.json
into data/external/<name>/. Each file is checked against its SHA-256 before it is published; a mismatch is an
error and nothing is published. With ${DATA_MIRROR_VARIABLE}=<dir> (or --mirror DIR) files are copied from that
folder instead of downloaded (a relative folder is resolved against the workspace root); a mirror given as an
http(s):// base URL is downloaded from instead of the upstream address (credentials in it are never printed).

Examples:
  ecg-llm data fetch human-eval
  ${DATA_MIRROR_VARIABLE}=/srv/mirror/ecg-llm ecg-llm data fetch`,
  options: {
    mirror: { type: 'string', valueName: 'DIR|URL', description: `copy files from DIR (or download them from a mirror URL) instead of the upstream address (overrides ${DATA_MIRROR_VARIABLE})` },
    force: { type: 'boolean', description: 'fetch again even when a verified copy is present' },
    timeout: { type: 'string', valueName: 'SECONDS', description: 'time limit per download request', default: '60' },
  },
  async run(arguments_, context) {
    const timeoutSeconds = numberOption(arguments_, 'timeout', 'ecg-llm data fetch', { min: 1, fallback: 60 }) as number;
    const mirror = optionalString(arguments_, 'mirror');
    for (const name of await datasetNames(arguments_.positionals, context)) {
      const result = await fetchDataset(name, {
        paths: context.paths,
        environment: context.environment,
        ...(mirror ? { mirror } : {}),
        force: arguments_.options.force === true,
        timeoutMs: timeoutSeconds * 1000,
        progress: context.progress,
      });
      for (const file of result.files) {
        const what =
          file.outcome === 'present'
            ? 'already present, checksum ok'
            : `${file.outcome} from ${file.from}, sha256 ${file.sha256.slice(0, 12)}… ok${file.replacedCorruptCopy ? ' (replaced a corrupt copy)' : ''}`;
        context.stdout.write(`${result.dataset}/${file.name}: ${what}\n`);
      }
      context.stdout.write(`${result.dataset}: ${result.files.length} file(s) in ${shown(result.directory, context)}\n`);
    }
  },
};

const verifyCommand: Command = {
  name: 'verify',
  summary: 'check fetched datasets against their SHA-256 (exit 1 when a file is missing or differs)',
  positionals: '[name...]',
  async run(arguments_, context) {
    let failures = 0;
    for (const name of await datasetNames(arguments_.positionals, context)) {
      const result = await verifyDataset(name, { paths: context.paths });
      for (const file of result.files) {
        const where = `${result.dataset}/${file.name}`;
        if (file.status === 'ok') context.stdout.write(`${where}: ok (sha256 ${file.expected})\n`);
        else if (file.status === 'missing') context.stdout.write(`${where}: MISSING (${shown(file.path, context)}); run \`ecg-llm data fetch ${result.dataset}\`\n`);
        else context.stdout.write(`${where}: CHECKSUM MISMATCH: expected sha256 ${file.expected}, got ${file.actual}\n`);
      }
      failures += result.files.filter((file) => file.status !== 'ok').length;
    }
    if (failures > 0) {
      context.stderr.write(`ecg-llm data verify: ${failures} file(s) missing or with a wrong checksum\n`);
      return 1;
    }
    return 0;
  },
};

const listCommand: Command = {
  name: 'list',
  summary: 'list the datasets of data/datasets.json and whether they are fetched',
  async run(_arguments, context) {
    for (const dataset of await listDatasets({ paths: context.paths })) {
      const size = dataset.bytes === null ? '' : `, ${dataset.bytes} bytes`;
      context.stdout.write(`${dataset.name}  [${dataset.status}]  ${dataset.title} (${dataset.files} files${size})\n`);
      context.stdout.write(`  folder:  ${shown(dataset.directory, context)}\n  cite:    ${dataset.citation}\n  licence: ${dataset.licence}\n`);
    }
  },
};

export const dataCommand: Command = {
  name: 'data',
  summary: 'external datasets: fetch (with checksum verification), verify, list',
  subcommands: [fetchCommand, verifyCommand, listCommand],
};
