/**
 * Builds the package once before the tests, because several tests run the real command line
 * (`bin/ecg-llm.js`, which loads `dist/`) and real notebooks (which import `dist/index.js`) in child processes.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.env.ECG_LLM_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
