/**
 * The one configuration object for every path the workspace reads or writes. Nothing in the library
 * hard-codes an absolute path; stages receive a {@link WorkspacePaths} (or resolve the default one).
 *
 * The workspace root is, in order: the `root` override, the `ECG_LLM_WORKSPACE` environment variable, the
 * nearest folder at or above the current directory whose package.json is this package, or the package's own
 * folder. The cache folder can be moved with `ECG_LLM_CACHE_DIR` (e.g. to a larger disk).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'ecg-llm-workspace';

export interface WorkspacePaths {
  /** The workspace root (holds data/, runs/, figures/, notebooks/). */
  readonly root: string;
  /** Where this package's own files are installed (bundled scripts, assets, the demo corpus). */
  readonly packageRoot: string;
  /** Committed small data: dataset manifests, the demo corpus. */
  readonly data: string;
  /** Downloaded datasets (`ecg-llm data fetch`), not committed. */
  readonly externalData: string;
  /** The demo ECG corpus every stage uses by default: exactly the documents, the folder `ecg-llm corpus` reads. */
  readonly demoCorpus: string;
  /**
   * What the demo corpus is built from and described by, kept out of the input: `texts/` (one markdown file per
   * document), `catalogue.json`, the demo question set `questions.jsonl`, and its README.
   */
  readonly demoCorpusSources: string;
  /** One folder per stage run, with manifest.json and records. */
  readonly runs: string;
  /** Rendered figures (PNG, SVG) and HTML reports. */
  readonly figures: string;
  /** The notebooks. */
  readonly notebooks: string;
  /** The pinned GPU training container definition. */
  readonly environment: string;
  /** Caches: LLM responses, model files, the Jupyter kernel spec. */
  readonly cache: string;
  /** Persistent data of a Chroma server the workspace starts itself. */
  readonly chroma: string;
}

function isThisPackage(directory: string): boolean {
  const manifest = join(directory, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The folder this package is installed in (found from this module's location). */
export function findPackageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isThisPackage(directory)) return directory;
    const parent = dirname(directory);
    if (parent === directory) return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
    directory = parent;
  }
}

function findWorkspaceRoot(start: string): string | undefined {
  let directory = resolve(start);
  for (;;) {
    if (isThisPackage(directory)) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** Resolves the workspace paths, applying overrides (relative overrides are resolved against the root). */
export function resolveWorkspacePaths(
  overrides: Partial<WorkspacePaths> = {},
  environment: NodeJS.ProcessEnv = process.env,
): WorkspacePaths {
  const packageRoot = overrides.packageRoot ?? findPackageRoot();
  const root = resolve(
    overrides.root ?? environment.ECG_LLM_WORKSPACE ?? findWorkspaceRoot(process.cwd()) ?? packageRoot,
  );
  const under = (value: string | undefined, fallback: string): string => (value ? resolve(root, value) : fallback);
  const data = under(overrides.data, join(root, 'data'));
  return {
    root,
    packageRoot,
    data,
    externalData: under(overrides.externalData, join(data, 'external')),
    demoCorpus: under(overrides.demoCorpus, join(packageRoot, 'data', 'demo-corpus')),
    demoCorpusSources: under(overrides.demoCorpusSources, join(packageRoot, 'data', 'demo-corpus-sources')),
    runs: under(overrides.runs, join(root, 'runs')),
    figures: under(overrides.figures, join(root, 'figures')),
    notebooks: under(overrides.notebooks, join(root, 'notebooks')),
    environment: under(overrides.environment, join(root, 'environment')),
    cache: under(overrides.cache ?? environment.ECG_LLM_CACHE_DIR, join(root, '.cache')),
    chroma: under(overrides.chroma, join(data, 'chroma')),
  };
}
