import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { checkEnvironment } from '../../lib/workspace/check-environment.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { runCli } from '../helpers/run-cli.js';
import { startOpenAIServer, useTestServers } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory();
const track = useTestServers();

describe('checkEnvironment (ecg-llm doctor)', () => {
  it('says ok only for a server that answers, and never shows the credentials of a URL', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    // Port 9 (discard) on localhost has no listener here: nothing answers, so it must not be `ok` (issue 9).
    const silent = await checkEnvironment({
      paths,
      environment: { OPENAI_BASE_URL: 'http://user:password@127.0.0.1:9/v1', OLLAMA_HOST: 'http://127.0.0.1:9', CHROMA_URL: 'http://127.0.0.1:9' },
      timeoutMs: 1000,
    });
    for (const component of ['OpenAI-compatible server', 'Ollama', 'Chroma']) {
      expect(silent.find((check) => check.component === component)?.status, component).toBe('unreachable');
    }
    expect(JSON.stringify(silent)).not.toContain('password');
    expect(silent.find((check) => check.component === 'OpenAI-compatible server')?.detail).toMatch(/^OPENAI_BASE_URL=http:\/\/\[redacted\]@127\.0\.0\.1:9\/v1: cannot connect/);

    // A real OpenAI-protocol server behind a URL with userinfo: reachable, shown without the userinfo.
    const server = await track(startOpenAIServer([]));
    const port = new URL(server.url).port;
    const answering = await checkEnvironment({ paths, environment: { OPENAI_BASE_URL: `http://user:password@127.0.0.1:${port}/v1` }, timeoutMs: 2000 });
    const openAi = answering.find((check) => check.component === 'OpenAI-compatible server');
    expect(openAi).toEqual({ component: 'OpenAI-compatible server', status: 'ok', detail: `OPENAI_BASE_URL=http://[redacted]@127.0.0.1:${port}/v1: answered HTTP 200` });
  });

  it('prints the same redacted table through `ecg-llm doctor`', async () => {
    const root = await temporaryDirectory();
    const result = await runCli(['doctor'], root, { OPENAI_BASE_URL: 'http://alice:s3cret-pass@127.0.0.1:9/v1?api_key=abcdef', PATH: process.env.PATH });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/alice|s3cret-pass|abcdef/);
    expect(result.stdout).toMatch(/OpenAI-compatible server \| unreachable \| OPENAI_BASE_URL=http:\/\/\[redacted\]@127\.0\.0\.1:9\/v1\?api_key=\[redacted\]/);
    expect(result.stdout).not.toMatch(/GPU/);
  });
});
