/**
 * What this machine offers the workspace: each component the stages use, whether it is available, and what
 * to do if not. Secrets are reported only as present or absent, never shown.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { findChromium } from '../report/chromium.js';
import { findJupyterPython } from '../notebooks/run-notebooks.js';

const execFileAsync = promisify(execFile);

export interface EnvironmentCheck {
  component: string;
  status: 'ok' | 'missing' | 'not configured' | 'unreachable';
  detail: string;
}

async function reachable(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return response.status < 500;
  } catch {
    return false;
  }
}

/** Checks Node, Chromium, Jupyter, the data, and the configured LLM / vector-store / GPU endpoints. */
export async function checkEnvironment(
  options: { paths?: WorkspacePaths; environment?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<EnvironmentCheck[]> {
  const paths = options.paths ?? resolveWorkspacePaths();
  const environment = options.environment ?? process.env;
  const timeoutMs = options.timeoutMs ?? 1500;
  const checks: EnvironmentCheck[] = [];
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  checks.push({
    component: 'Node.js',
    status: major > 20 || (major === 20 && minor >= 19) ? 'ok' : 'missing',
    detail: `${process.version} (needs >= 20.19)`,
  });
  try {
    checks.push({ component: 'Chromium (figures)', status: 'ok', detail: findChromium(environment) });
  } catch (error) {
    checks.push({ component: 'Chromium (figures)', status: 'missing', detail: (error as Error).message });
  }
  try {
    const python = await findJupyterPython(environment);
    const { stdout } = await execFileAsync(python, ['-c', 'import nbclient; print(nbclient.__version__)']);
    checks.push({ component: 'Jupyter (notebooks)', status: 'ok', detail: `${python}, nbclient ${stdout.trim()}` });
  } catch (error) {
    checks.push({ component: 'Jupyter (notebooks)', status: 'missing', detail: (error as Error).message });
  }
  checks.push({
    component: 'tslab kernel',
    status: existsSync(join(paths.packageRoot, 'node_modules', '.bin', 'tslab')) ? 'ok' : 'missing',
    detail: 'node_modules/.bin/tslab (installed by npm ci)',
  });
  checks.push({
    component: 'human-eval data',
    status: existsSync(join(paths.externalData, 'human-eval')) ? 'ok' : 'missing',
    detail: existsSync(join(paths.externalData, 'human-eval')) ? join(paths.externalData, 'human-eval') : 'run `ecg-llm data fetch human-eval`',
  });
  checks.push({
    component: 'demo corpus',
    status: existsSync(paths.demoCorpus) ? 'ok' : 'missing',
    detail: paths.demoCorpus,
  });
  const ollamaHost = environment.OLLAMA_HOST;
  const ollamaUrl = ollamaHost ? (/^https?:\/\//.test(ollamaHost) ? ollamaHost : `http://${ollamaHost}`) : 'http://127.0.0.1:11434';
  checks.push({
    component: 'Ollama',
    status: (await reachable(`${ollamaUrl.replace(/\/$/, '')}/api/version`, timeoutMs)) ? 'ok' : 'unreachable',
    detail: `${ollamaUrl}${ollamaHost ? ' (OLLAMA_HOST)' : ' (default; set OLLAMA_HOST)'}`,
  });
  checks.push({
    component: 'Anthropic API key',
    status: environment.ANTHROPIC_API_KEY ? 'ok' : 'not configured',
    detail: environment.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY is set' : 'set ANTHROPIC_API_KEY to use Claude',
  });
  checks.push({
    component: 'OpenAI-compatible server',
    status: environment.OPENAI_BASE_URL ? 'ok' : 'not configured',
    detail: environment.OPENAI_BASE_URL ? `OPENAI_BASE_URL=${environment.OPENAI_BASE_URL}` : 'set OPENAI_BASE_URL for vLLM / llama.cpp / LM Studio',
  });
  const chromaUrl = environment.CHROMA_URL;
  if (chromaUrl) {
    const up = await reachable(`${chromaUrl.replace(/\/$/, '')}/api/v2/heartbeat`, timeoutMs);
    checks.push({ component: 'Chroma', status: up ? 'ok' : 'unreachable', detail: `CHROMA_URL=${chromaUrl}` });
  } else {
    const cli = join(paths.packageRoot, 'node_modules', '.bin', 'chroma');
    checks.push({
      component: 'Chroma',
      status: existsSync(cli) ? 'ok' : 'missing',
      detail: existsSync(cli) ? 'a local server is started on demand (set CHROMA_URL to share one)' : `${cli} not found; run npm ci`,
    });
  }
  return checks;
}
