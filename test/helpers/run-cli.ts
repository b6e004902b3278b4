import { main } from '../../lib/cli/main.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { silentProgress } from '../../lib/core/progress.js';
import { repositoryRoot } from './temporary-directory.js';

/**
 * Runs the command line in process with captured output, in the workspace `root` (when given) and with
 * `environment` as the commands' environment (when given; the process environment otherwise).
 */
export async function runCli(argv: string[], root?: string, environment?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    progress: silentProgress,
    ...(root ? { paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }) } : {}),
    ...(environment ? { environment } : {}),
  });
  return { code, stdout, stderr };
}
