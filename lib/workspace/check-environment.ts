/**
 * What this machine offers the workspace: each component the stages use, whether it is available, and what
 * to do if not. Secrets are reported only as present or absent, never shown.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { environmentSecrets, redactText } from '../core/secrets.js';
import { findChromium } from '../report/chromium.js';
import { findJupyterPython } from '../notebooks/run-notebooks.js';

const execFileAsync = promisify(execFile);

export interface EnvironmentCheck {
  component: string;
  status: 'ok' | 'missing' | 'not configured' | 'unreachable';
  detail: string;
}

/**
 * Whether a server answers `url` within `timeoutMs` (any HTTP status below 500). Credentials in the URL's userinfo
 * are sent as a Basic authorization header (fetch refuses URLs that hold them) and never appear in what is reported.
 */
async function reachable(url: string, timeoutMs: number): Promise<{ ok: boolean; why: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, why: 'not a valid URL' };
  }
  const headers: Record<string, string> = {};
  if (target.username || target.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  try {
    const response = await fetch(target, { headers, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status < 500 ? { ok: true, why: `answered HTTP ${response.status}` } : { ok: false, why: `answered HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ok: false, why: cause === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `cannot connect (${cause})` };
  }
}

/**
 * Checks Node, Chromium, Jupyter, the data, and the configured LLM and vector-store servers (Ollama, an
 * OpenAI-compatible server, Chroma): a server is `ok` only when it answered within `timeoutMs`. Every detail is
 * passed through {@link redactText}, so URLs are shown without their credentials.
 */
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
  const ollama = await reachable(`${ollamaUrl.replace(/\/$/, '')}/api/version`, timeoutMs);
  checks.push({
    component: 'Ollama',
    status: ollama.ok ? 'ok' : 'unreachable',
    detail: `${ollamaUrl}${ollamaHost ? ' (OLLAMA_HOST)' : ' (default; set OLLAMA_HOST)'}: ${ollama.why}`,
  });
  checks.push({
    component: 'Anthropic API key',
    status: environment.ANTHROPIC_API_KEY ? 'ok' : 'not configured',
    detail: environment.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY is set' : 'set ANTHROPIC_API_KEY to use Claude',
  });
  const openAiBaseUrl = environment.OPENAI_BASE_URL;
  if (openAiBaseUrl) {
    const openAi = await reachable(`${openAiBaseUrl.replace(/\/$/, '')}/models`, timeoutMs);
    checks.push({ component: 'OpenAI-compatible server', status: openAi.ok ? 'ok' : 'unreachable', detail: `OPENAI_BASE_URL=${openAiBaseUrl}: ${openAi.why}` });
  } else {
    checks.push({ component: 'OpenAI-compatible server', status: 'not configured', detail: 'set OPENAI_BASE_URL for vLLM / llama.cpp / LM Studio' });
  }
  const chromaUrl = environment.CHROMA_URL;
  if (chromaUrl) {
    const chroma = await reachable(`${chromaUrl.replace(/\/$/, '')}/api/v2/heartbeat`, timeoutMs);
    checks.push({ component: 'Chroma', status: chroma.ok ? 'ok' : 'unreachable', detail: `CHROMA_URL=${chromaUrl}: ${chroma.why}` });
  } else {
    const cli = join(paths.packageRoot, 'node_modules', '.bin', 'chroma');
    checks.push({
      component: 'Chroma',
      status: existsSync(cli) ? 'ok' : 'missing',
      detail: existsSync(cli) ? 'a local server is started on demand (set CHROMA_URL to share one)' : `${cli} not found; run npm ci`,
    });
  }
  const secrets = environmentSecrets(environment);
  return checks.map((check) => ({ ...check, detail: redactText(check.detail, secrets) }));
}
