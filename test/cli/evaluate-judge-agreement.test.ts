import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeAgreementCommand } from '../../lib/cli/commands/evaluate-judge-agreement.js';
import { parseCommandArguments, UsageError, type CommandContext } from '../../lib/cli/command.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { silentProgress } from '../../lib/core/progress.js';
import { parseCsv } from '../../lib/data/parse-csv.js';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { humanEvaluationDataDirectory } from '../helpers/human-eval-data.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { promptText, type RecordedRequest } from '../servers/scripted-server.js';
import { startOllamaServer, useTestServers } from '../servers/index.js';

const temporaryDirectory = useTemporaryDirectory();
const track = useTestServers();
const PATH = 'ecg-llm evaluate judge-agreement';
const MODEL = 'judge:latest';

/**
 * test/reference/judge-agreement-reference.json, written by test/reference/judge-agreement-reference.py from the
 * real 40_questions.csv with Python's csv module: the scripted judge's reply for every (question, answer) and the
 * expected tables, Cohen's κ (sklearn.metrics.cohen_kappa_score) and Krippendorff's α (ordinal; Krippendorff 2011,
 * checked against the paper's worked example).
 */
interface Reference {
  replies: Record<string, string>;
  expected: {
    n: number;
    unparseable: number;
    evaluated: number;
    table: Record<string, Record<string, number>>;
    categoryByScore: Record<string, Record<string, number>>;
    cohenKappa: number;
    krippendorffAlphaOrdinal: number;
    findings: { judgedCorrectExpertsCorrect: number; judgedIncorrectExpertsCorrect: number };
    lines: number[];
    unparseableLines: number[];
  };
}

async function reference(): Promise<Reference> {
  return JSON.parse(await readFile(join(repositoryRoot, 'test', 'reference', 'judge-agreement-reference.json'), 'utf8')) as Reference;
}

/** The scripted judge: finds the question and answer in the grading prompt and answers with the reference's reply. */
function scriptedJudge(replies: Record<string, string>) {
  return (request: RecordedRequest) => {
    const prompt = promptText((request.body as { messages: unknown }).messages);
    const question = prompt.split('###Question:\n')[1]?.split('\n\n###Response to evaluate:\n')[0];
    const answer = prompt.split('###Response to evaluate:\n')[1]?.split('\n\n###Score rubric:\n')[0];
    const key = createHash('sha256').update(`${question}\n${answer}`).digest('hex').slice(0, 16);
    const reply = replies[key];
    return reply === undefined ? { error: { status: 500, message: `no scripted reply for ${key}` } } : { text: reply };
  };
}

async function runCommand(argv: string[], root: string, environment: NodeJS.ProcessEnv) {
  let stdout = '';
  const context: CommandContext = {
    paths: resolveWorkspacePaths({ root, packageRoot: repositoryRoot }, {}),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
    progress: silentProgress,
    environment,
    argv: ['evaluate', 'judge-agreement', ...argv],
  };
  const parsed = parseCommandArguments(judgeAgreementCommand, PATH, argv);
  const code = await judgeAgreementCommand.run!(parsed, context);
  return { code, stdout };
}

describe('ecg-llm evaluate judge-agreement', () => {
  it('grades every single-marked answer and writes tables, κ and α that follow from the items and replies', async () => {
    const { replies, expected } = await reference();
    const server = await track(startOllamaServer(scriptedJudge(replies), { models: [{ name: MODEL }] }));
    const root = await temporaryDirectory();
    const out = join(root, 'results');
    const environment = { ECG_LLM_DATA_MIRROR: humanEvaluationDataDirectory() };
    const argv = ['--provider', 'ollama', '--model', MODEL, '--host', server.url, '--out', out, '--no-figures', '--concurrency', '4'];
    const { code, stdout } = await runCommand(argv, root, environment);
    expect(code).toBe(0);
    // 509 rows − 39 exact duplicates − 2 multi-marked rows = 468 answers (authors-pipeline §5.6). Two pairs of them
    // are the same answer to the same question from different systems: identical prompts, answered once through
    // the response cache (which also sends identical requests in flight only once), so 466 judge calls.
    expect(expected.n).toBe(468);
    expect(Object.keys(replies)).toHaveLength(466);
    expect(server.generations).toHaveLength(466);

    const summary = JSON.parse(await readFile(join(out, 'judge-agreement.json'), 'utf8'));
    expect(summary).toMatchObject({
      n: expected.n,
      unparseable: expected.unparseable,
      evaluated: expected.evaluated,
      table: expected.table,
      categoryByScore: expected.categoryByScore,
      thresholds: { judgedCorrectMinScore: 4, humanCorrect: ['correct_incomplete', 'correct'] },
      judge: { role: 'chat', provider: 'ollama', id: MODEL },
    });
    expect(summary.cohenKappa).toBeCloseTo(expected.cohenKappa, 12);
    expect(summary.krippendorffAlphaOrdinal).toBeCloseTo(expected.krippendorffAlphaOrdinal, 12);
    expect(summary.findings.judgedCorrectExpertsCorrect).toBeCloseTo(expected.findings.judgedCorrectExpertsCorrect, 12);
    expect(summary.findings.judgedIncorrectExpertsCorrect).toBeCloseTo(expected.findings.judgedIncorrectExpertsCorrect, 12);

    // Every request was reference-free at temperature 0 with the seed.
    for (const request of server.generations) {
      const body = request.body as { options: Record<string, unknown>; messages: unknown };
      expect(body.options).toMatchObject({ temperature: 0, seed: 0 });
      expect(promptText(body.messages)).not.toContain('###Reference answer');
    }

    // Per-item records trace every number to a line and a raw reply.
    const records = (await readFile(join(out, 'judge-agreement-items.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((record) => record.line)).toEqual(expected.lines);
    expect(records.filter((record) => !record.parsed).map((record) => record.line)).toEqual(expected.unparseableLines);
    expect(records.every((record) => typeof record.raw === 'string' && record.raw.length > 0)).toBe(true);

    const table = parseCsv(await readFile(join(out, 'judge-agreement-table.csv'), 'utf8'), { file: 'table' });
    expect(table.header.fields).toEqual(['judge', 'experts_correct', 'experts_not_correct', 'experts_correct_share']);
    expect(table.records.map((record) => record.fields.slice(1, 3).map(Number))).toEqual([
      [expected.table.judgedCorrect!.humanCorrect, expected.table.judgedCorrect!.humanNotCorrect],
      [expected.table.judgedIncorrect!.humanCorrect, expected.table.judgedIncorrect!.humanNotCorrect],
    ]);
    const categories = parseCsv(await readFile(join(out, 'judge-agreement-categories.csv'), 'utf8'), { file: 'categories' });
    expect(categories.records.map((record) => record.fields.slice(1).map(Number))).toEqual(
      ['incorrect', 'partially_incorrect', 'correct_incomplete', 'correct'].map((category) => [1, 2, 3, 4, 5].map((score) => expected.categoryByScore[category]![String(score)])),
    );
    expect(await readFile(join(out, 'judge-agreement-categories.md'), 'utf8')).toContain('Correct but incomplete');
    const figure = JSON.parse(await readFile(join(root, 'figures', 'judge-agreement-heatmap.json'), 'utf8'));
    expect(figure.data[0].type).toBe('heatmap');
    expect(figure.data[0].z[3][4]).toBe(expected.categoryByScore.correct!['5']);

    const runDirectory = stdout.match(/run manifest (\S+)\/manifest\.json/)![1]!;
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(runDirectory, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({ stage: 'evaluate-judge-agreement', status: 'succeeded', counts: { answers: 468, unparseable: expected.unparseable } });
    expect(manifest.models).toEqual([expect.objectContaining({ role: 'judge', provider: 'ollama', id: MODEL })]);
    expect(manifest.inputs.map((input) => input.name)).toEqual(['40_questions.csv']);
    expect(stdout).toContain(`Graded 468 answers (${expected.unparseable} unparseable verdicts left out)`);

    // A second run is answered from the response cache: no new judge call.
    const again = await runCommand(argv, root, environment);
    expect(again.code).toBe(0);
    expect(server.generations).toHaveLength(466);
    expect(JSON.parse(await readFile(join(out, 'judge-agreement.json'), 'utf8')).table).toEqual(expected.table);
  }, 240_000);

  it('refuses a missing model and an unknown category as usage errors', async () => {
    const root = await temporaryDirectory();
    await expect(runCommand(['--provider', 'ollama', '--out', join(root, 'out')], root, {})).rejects.toBeInstanceOf(UsageError);
    await expect(runCommand(['--provider', 'ollama', '--model', MODEL, '--out', join(root, 'out'), '--human-correct', 'mostly'], root, {})).rejects.toThrow(
      /--human-correct must be one of/,
    );
  });
});
