/** Runs a reference script of test/reference/ with Debian's Python (which has only the standard library here). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from '../helpers/temporary-directory.js';

export function runPythonReference<T>(script: string, request: unknown): T {
  const result = spawnSync('/usr/bin/python3', [join(repositoryRoot, 'test', 'reference', script)], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`python reference ${script} failed: ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout) as T;
}
