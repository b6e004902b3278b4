import { main } from '../../lib/cli/main.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { silentProgress } from '../../lib/core/progress.js';
import { repositoryRoot } from './temporary-directory.js';

/**
 * Runs `ecg-llm <argv>` in process with captured output and silent progress, optionally in a workspace rooted
 * at `root` (the package itself stays the repository) and with the given environment.
 */
export async function runCli(argv: string[], options: { root?: string; environment?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    progress: silentProgress,
    ...(options.root ? { paths: resolveWorkspacePaths({ root: options.root, packageRoot: repositoryRoot }) } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
  });
  return { code, stdout, stderr };
}
