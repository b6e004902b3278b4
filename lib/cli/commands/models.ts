/**
 * `ecg-llm models`: the pinned model files a default run uses, and downloading them ahead of time.
 *
 *   ecg-llm models list                     the pinned models: repository, revision, size, licence, downloaded?
 *   ecg-llm models fetch                    download the default chat model (once; verified by sha256)
 *   ecg-llm models fetch NAME|hf:REF...     download named registry entries or any hf:<owner>/<repo>/<file>.gguf
 */
import { ensureModelFile, fetchModelFiles, findModelFileEntry, listModelFiles, MODEL_FILES } from '../../llm/model-files.js';
import type { Command } from '../command.js';

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

const list: Command = {
  name: 'list',
  summary: 'the pinned model files and whether each is downloaded',
  options: { json: { type: 'boolean', description: 'print JSON' } },
  async run(arguments_, context) {
    const listing = await listModelFiles({ paths: context.paths, environment: context.environment });
    if (arguments_.options.json) {
      context.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
      return 0;
    }
    for (const item of listing) {
      const details = item.details ?? {};
      context.stdout.write(`${item.id}${item.id === findModelFileEntry('default')?.name ? ' (default)' : ''}\n`);
      if (details.repository) context.stdout.write(`  ${String(details.repository)}@${String(details.revision)} ${String(details.file)}\n`);
      context.stdout.write(`  ${formatBytes(item.sizeBytes)}, ${item.digest ?? 'no pinned checksum'}, ${details.downloaded ? 'downloaded' : 'not downloaded'}\n`);
      if (details.licence) context.stdout.write(`  licence: ${String(details.licence)}\n`);
    }
    return 0;
  },
};

const fetchCommand: Command = {
  name: 'fetch',
  summary: 'download model files into the workspace cache (once, verified by sha256)',
  positionals: '[name|hf:reference...]',
  description: `Names: default, ${MODEL_FILES.map((entry) => entry.name).join(', ')}. Downloads resume where an interrupted one stopped. HF_TOKEN is sent to the Hub when set (gated repositories); ECG_LLM_CACHE_DIR moves the cache.`,
  async run(arguments_, context) {
    const references = arguments_.positionals.length > 0 ? arguments_.positionals : ['default'];
    const options = { paths: context.paths, environment: context.environment, progress: context.progress };
    for (const reference of references) {
      const entry = findModelFileEntry(reference);
      const files = entry ? await fetchModelFiles(entry, options) : [await ensureModelFile(reference, options)];
      for (const file of files) context.stdout.write(`${reference}: ${file.path}\n`);
    }
    return 0;
  },
};

export const modelsCommand: Command = {
  name: 'models',
  summary: 'pinned model files: list, fetch',
  subcommands: [list, fetchCommand],
};
