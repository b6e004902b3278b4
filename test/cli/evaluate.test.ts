import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { silentProgress } from '../../lib/core/progress.js';
import { mcSummaryRowSchema, qaSummaryRowSchema } from '../../lib/schemas/evaluation.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startOllamaServer, useTestServers } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory();
const track = useTestServers();
const FIXTURE = join(repositoryRoot, 'test', 'evaluation', 'fixtures', 'mini-mc.jsonl');

function capture() {
  let text = '';
  return { write: (chunk: string) => ((text += chunk), true), get text() { return text; } };
}

async function cli(argv: string[], root: string, environment: NodeJS.ProcessEnv = {}) {
  const stdout = capture();
  const stderr = capture();
  const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
  const code = await main(argv, { paths, stdout, stderr, progress: silentProgress, environment: { ...environment } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('ecg-llm evaluate check', () => {
  it('prints kind, format and item count of a good file', async () => {
    const root = await temporaryDirectory();
    const result = await cli(['evaluate', 'check', FIXTURE], root);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // The fixture has 10 hand-written items.
    expect(result.stdout).toContain('multiple-choice (demo-mc), 10 item(s)');
  });

  it('exits 1 on a bad file and names file, line and field', async () => {
    const root = await temporaryDirectory();
    const bad = join(root, 'bad.jsonl');
    await writeFile(bad, '{"question": "Q?", "choices": ["a", "b", "c", "d"], "answer": "A"}\n{"question": "Q2?", "choices": ["a", "b", "c", "d"], "answer": "F"}\n');
    const result = await cli(['evaluate', 'check', bad], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:2 (field "answer")`);
  });

  it('without a file is a usage error (exit 2)', async () => {
    const result = await cli(['evaluate', 'check'], await temporaryDirectory());
    expect(result.code).toBe(2);
  });
});

describe('ecg-llm evaluate mc', () => {
  it('writes mc-summary.json for two models and prints the McNemar comparison', async () => {
    // Replies: alpha always says "The correct answer is A" (right on the 3 items whose answer is A: 1, 5, 9),
    // beta always "B" (right on items 2, 6, 10). Discordant pairs 3 and 3 → exact McNemar p = 1.
    const server = await track(
      startOllamaServer((request) => ({ text: (request.body as { model: string }).model.startsWith('alpha') ? 'The correct answer is A' : 'B' }), {
        models: [{ name: 'alpha:latest' }, { name: 'beta:latest' }],
      }),
    );
    const root = await temporaryDirectory();
    const out = join(root, 'out');
    const result = await cli(['evaluate', 'mc', '--dataset', FIXTURE, '--model', 'alpha', '--model', 'beta', '--out', out], root, { OLLAMA_HOST: server.url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = mcSummaryRowSchema.array().parse(JSON.parse(await readFile(join(out, 'mc-summary.json'), 'utf8')));
    expect(summary.map((row) => [row.n, row.correct, row.unparseable, row.accuracy])).toEqual([
      [10, 3, 0, 0.3],
      [10, 3, 0, 0.3],
    ]);
    expect(result.stdout).toMatch(/3\/3 discordant, p = 1\.00/);
  });

  it('refuses a missing --model as a usage error', async () => {
    const root = await temporaryDirectory();
    const missing = await cli(['evaluate', 'mc', '--dataset', FIXTURE, '--out', join(root, 'o')], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--model');
  });
});

describe('ecg-llm evaluate', () => {
  it('mounts check, mc, qa and judge-agreement', async () => {
    const root = await temporaryDirectory();
    const help = await cli(['evaluate', '--help'], root);
    expect(help.code).toBe(0);
    for (const name of ['check', 'mc', 'qa', 'judge-agreement']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const judge = await cli(['evaluate', 'judge-agreement', '--help'], root);
    expect(judge.code).toBe(0);
    expect(judge.stdout).toContain('ecg-llm evaluate judge-agreement');
  });

  it('check accepts the committed demo MC set (64 hand-written items)', async () => {
    const result = await cli(['evaluate', 'check', join(repositoryRoot, 'data', 'demo-mc', 'demo-mc.jsonl')], await temporaryDirectory());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('multiple-choice (demo-mc), 64 item(s)');
  });
});

describe('ecg-llm evaluate qa', () => {
  it('writes qa-summary.json with the metrics of every answer', async () => {
    // The model answers every question with "It makes T waves tall and peaked", the reference of the 4th item only.
    const server = await track(startOllamaServer(() => ({ text: 'It makes T waves tall and peaked' }), { models: [{ name: 'alpha:latest' }] }));
    const root = await temporaryDirectory();
    const out = join(root, 'out');
    const dataset = join(repositoryRoot, 'test', 'evaluation', 'fixtures', 'mini-qa.jsonl');
    const result = await cli(['evaluate', 'qa', '--dataset', dataset, '--model', 'alpha', '--out', out, '--prompt', 'legacy-api'], root, { OLLAMA_HOST: server.url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // §5.3 API prompt: the sentence appended with no space.
    expect((server.generations[0]!.body as { messages: Array<{ content: string }> }).messages[0]!.content).toBe('Where does the heartbeat start?Please answer shortly in one sentence without lists!');
    const summary = qaSummaryRowSchema.array().parse(JSON.parse(await readFile(join(out, 'qa-summary.json'), 'utf8')));
    const legacyBleu = summary.find((row) => row.metric === 'bleu_legacy')!;
    // NLTK BLEU (no smoothing) is 1 for the exact answer (item 4); items 1 and 2 share no token with it (0) and
    // item 3 shares "and" and "waves" but no 4-gram (about 1e-77, NLTK's float_info.min substitution): mean = 1/4.
    expect(legacyBleu).toMatchObject({ n: 4 });
    expect(legacyBleu.mean).toBeCloseTo(0.25, 12);
    expect(result.stdout).toMatch(/bleu_legacy 0\.250/);
  });
});
