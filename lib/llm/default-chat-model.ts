/**
 * {@link defaultChatModelSettings}: the model a notebook or the study uses when the user configured none — the
 * embedded default LLM (`llama-cpp`, registry name `default`) when its file is in the workspace cache, otherwise
 * the tiny test GGUF that `scripts/make-tiny-gguf.mjs` generates (offline, in CI). The result says which, in a
 * sentence a notebook can print, because the tiny model's text is meaningless: it shows that every stage runs,
 * not what a language model would answer.
 *
 * @example
 * const choice = await defaultChatModelSettings();
 * console.log(choice.note);
 * const stack = createModelStack({ ...choice.settings });
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { cachedHubFilePath, DEFAULT_CHAT_MODEL_NAME, findModelFileEntry, MODEL_FETCH_COMMAND } from './model-files.js';

const execFileAsync = promisify(execFile);

/** The tiny chat model's file name (written by scripts/make-tiny-gguf.mjs). */
export const TINY_CHAT_MODEL_FILE = 'tiny-llama-chat.gguf';

export interface DefaultChatModelChoice {
  /** `default`: the pinned embedded LLM; `tiny`: the generated test model. */
  kind: 'default' | 'tiny';
  settings: { provider: 'llama-cpp'; model: string; threads?: number; contextSize?: number };
  /** One sentence saying which model is used and why. */
  note: string;
}

/** The tiny test GGUF under `<cache>/tiny-models`, generated first if missing (deterministic bytes). */
export async function ensureTinyChatModel(paths: WorkspacePaths = resolveWorkspacePaths()): Promise<string> {
  const directory = join(paths.cache, 'tiny-models');
  const model = join(directory, TINY_CHAT_MODEL_FILE);
  if (!existsSync(model)) await execFileAsync(process.execPath, [join(paths.packageRoot, 'scripts', 'make-tiny-gguf.mjs'), directory]);
  return model;
}

/** The embedded default model when downloaded, else the tiny test model (see the module comment). */
export async function defaultChatModelSettings(options: { paths?: WorkspacePaths; environment?: NodeJS.ProcessEnv; preferTiny?: boolean } = {}): Promise<DefaultChatModelChoice> {
  const environment = options.environment ?? process.env;
  const paths = options.paths ?? resolveWorkspacePaths({}, environment);
  const entry = findModelFileEntry(DEFAULT_CHAT_MODEL_NAME);
  const file = entry?.files[0];
  if (!options.preferTiny && entry && file) {
    const path = cachedHubFilePath({ repository: entry.repository, revision: entry.revision, path: file.path }, { paths, environment });
    if (existsSync(path)) {
      return {
        kind: 'default',
        settings: { provider: 'llama-cpp', model: 'default' },
        note: `Model: the embedded default LLM \`${entry.name}\` (${entry.repository}, ${file.path}), run in this process by node-llama-cpp.`,
      };
    }
  }
  const model = await ensureTinyChatModel(paths);
  return {
    kind: 'tiny',
    // One thread: the tiny model is fastest single-threaded (llama.cpp threads spin-wait on each other).
    settings: { provider: 'llama-cpp', model, threads: 1, contextSize: 16384 },
    note:
      'Model: the tiny generated test model (a 2-layer network with random weights), because the embedded default LLM is not downloaded; ' +
      `its text is meaningless and only shows that every step runs. Run \`${MODEL_FETCH_COMMAND}\` (about 0.8 GB) for real generated content.`,
  };
}
