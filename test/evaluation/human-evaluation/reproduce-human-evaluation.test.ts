import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ChecksumMismatchError, InvalidArgumentError } from '../../../lib/core/errors.js';
import { resolveWorkspacePaths } from '../../../lib/core/paths.js';
import { main } from '../../../lib/cli/main.js';
import { parseCsv } from '../../../lib/data/parse-csv.js';
import { reproduceHumanEvaluation } from '../../../lib/evaluation/human-evaluation/reproduce-human-evaluation.js';
import { runManifestSchema } from '../../../lib/schemas/run-manifest.js';
import { humanEvaluationDataDirectory, pythonReference } from '../../helpers/human-eval-data.js';
import { repositoryRoot, useTemporaryDirectory } from '../../helpers/temporary-directory.js';

const execFileAsync = promisify(execFile);
const temporaryDirectory = useTemporaryDirectory();

async function workspace() {
  return resolveWorkspacePaths({ root: await temporaryDirectory(), packageRoot: repositoryRoot }, {});
}

function capture() {
  let text = '';
  return { stream: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

describe('reproduceHumanEvaluation', () => {
  it('fetches through the mirror, writes the counts, anomalies, intervals, tests and figure spec, and records a run', async () => {
    const paths = await workspace();
    const out = join(paths.root, 'results');
    const result = await reproduceHumanEvaluation({
      outDirectory: out,
      paths,
      environment: { ECG_LLM_DATA_MIRROR: humanEvaluationDataDirectory() },
      renderFigures: false,
    });
    expect(result.dataDirectory).toBe(join(paths.externalData, 'human-eval'));

    // The counts file: exact header, one row per file and system; values from the Python reference
    // (test/reference/human-eval-reference.py over the same files).
    const counts = parseCsv(await readFile(result.outputs.counts, 'utf8'), { file: 'counts' });
    expect(counts.header.fields).toEqual([
      'file',
      'system',
      'n',
      'incorrect',
      'partially_incorrect',
      'correct_incomplete',
      'correct',
      'unmarked',
      'multi_marked',
      'duplicates_removed',
    ]);
    expect(counts.records).toHaveLength(8 + 12);
    const reference = pythonReference();
    for (const { fields } of counts.records) {
      const [file, system, ...numbers] = fields as [string, string, ...string[]];
      const python = reference[file]?.dedupCounts[system] as Record<string, number>;
      const raw = reference[file]?.rawCounts[system] as Record<string, number>;
      expect(numbers.map(Number)).toEqual([
        python.n,
        python.incorrect,
        python.partially_incorrect,
        python.correct_incomplete,
        python.correct,
        python.unmarked,
        python.multi_marked,
        (raw.rows ?? 0) - (python.rows ?? 0),
      ]);
    }
    const line = (system: string, file: string) => counts.records.find((record) => record.fields[0] === file && record.fields[1] === system)?.fields.join(',');
    // authors-pipeline.md §5.6: 8B + RAG after deduplication 40 rows, 0/6/6/28, 39 duplicates removed.
    expect(line('LLama 3.1 8B + RAG', '40_questions.csv')).toBe('40_questions.csv,LLama 3.1 8B + RAG,40,0,6,6,28,0,0,39');
    // 10q line 28 is unmarked: n = 9, 2/1/0/6, unmarked 1.
    expect(line('Finetuned 8B: r=256, alpha=256', '10_questions.csv')).toBe('10_questions.csv,Finetuned 8B: r=256, alpha=256,9,2,1,0,6,1,0,0');
    // System strings with commas are quoted in the file (RFC 4180).
    expect(await readFile(result.outputs.counts, 'utf8')).toContain('\n10_questions.csv,"Finetuned 8B: r=256, alpha=256",9,2,1,0,6,1,0,0\n');

    const anomalies = parseCsv(await readFile(result.outputs.anomalies, 'utf8'), { file: 'anomalies' });
    expect(anomalies.header.fields).toEqual(['file', 'line', 'system', 'question', 'kind', 'detail']);
    expect(anomalies.records).toHaveLength(1 + 39 + 2 + 1);

    const markdown = await readFile(result.outputs.intervalsMarkdown, 'utf8');
    // Claude: 34 of 39 correct; Wilson 95% [73.3, 94.4] (statsmodels proportion_confint, reference JSON).
    expect(markdown).toContain('| 40_questions.csv | Claude 3.7 Sonnet | 39 | 34 (87.2%) | [73.3, 94.4] |');
    expect(await readFile(result.outputs.intervalsLatex, 'utf8')).toContain('\\toprule');

    const tests = JSON.parse(await readFile(result.outputs.testsJson, 'utf8')) as { comparisons: Array<{ file: string; omnibus: { statistic: number } }> };
    expect(tests.comparisons.map((comparison) => comparison.file)).toEqual(['10_questions.csv', '40_questions.csv']);
    expect(tests.comparisons[1]?.omnibus.statistic).toBeCloseTo(reference['40_questions.csv']?.analysis.friedman.statistic ?? 0, 10);
    const testsCsv = parseCsv(await readFile(result.outputs.testsCsv, 'utf8'), { file: 'tests' });
    // Per file: 1 Friedman + (k − 1) Wilcoxon + 1 Cochran + (k − 1) McNemar = 2k rows; k = 8 and 12.
    expect(testsCsv.records).toHaveLength(16 + 24);
    expect(existsSync(result.outputs.figureSpec)).toBe(true);
    expect(result.outputs.figurePng).toBeUndefined();

    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(result.runDirectory, 'manifest.json'), 'utf8')));
    expect(manifest.status).toBe('succeeded');
    expect(manifest.stage).toBe('reproduce-human-eval');
    expect(manifest.inputs.map((input) => [input.name, input.sha256])).toEqual([
      ['10_questions.csv', '38c7a3c046f185d8bddb4c36edb24060ff9bd83b9d71684870d4ec076fbca8f6'],
      ['40_questions.csv', 'bb0e5c704ee166aaa5f07b920fd1b4c7abafd4ba2ed6df8ed101c7e1bac8ab91'],
    ]);
    expect(manifest.outputs.map((output) => output.name)).toContain('counts');
    expect(manifest.counts).toMatchObject({ files: 2, rows: 589, ratings: 550, anomalies: 43 });
    expect(result.summary.map((file) => [file.file, file.completeBlocks, file.reference])).toEqual([
      ['10_questions.csv', 9, 'LLama 3.1 70B + RAG'],
      ['40_questions.csv', 37, 'Claude 3.7 Sonnet'],
    ]);
  });

  it('uses a given reference in the files that contain it and rejects one no file contains', async () => {
    const paths = await workspace();
    const dataDirectory = humanEvaluationDataDirectory();
    const result = await reproduceHumanEvaluation({
      outDirectory: join(paths.root, 'out'),
      dataDirectory,
      reference: ['Llama 3.1 8B'],
      paths,
      renderFigures: false,
    });
    expect(result.comparisons.map((comparison) => [comparison.reference, comparison.referenceChoice])).toEqual([
      ['LLama 3.1 70B + RAG', 'default for this file'],
      ['LLama 3.1 8B', 'given'],
    ]);
    await expect(
      reproduceHumanEvaluation({ outDirectory: join(paths.root, 'out2'), dataDirectory, reference: 'GPT-4', paths, renderFigures: false }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('refuses a data folder whose CSV differs from the published file, unless checksums are skipped', async () => {
    const paths = await workspace();
    const dataDirectory = join(paths.root, 'my-copy');
    await mkdir(dataDirectory, { recursive: true });
    const ten = await readFile(join(humanEvaluationDataDirectory(), '10_questions.csv'), 'utf8');
    await writeFile(join(dataDirectory, '10_questions.csv'), ten.replace(',x,,\n', ',,x,\n'));
    await writeFile(join(dataDirectory, '40_questions.csv'), await readFile(join(humanEvaluationDataDirectory(), '40_questions.csv')));
    const error = await reproduceHumanEvaluation({ outDirectory: join(paths.root, 'out'), dataDirectory, paths, renderFigures: false }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).message).toContain('10_questions.csv: sha256 checksum mismatch: expected 38c7a3c046f185d8bddb4c36edb24060ff9bd83b9d71684870d4ec076fbca8f6');
    expect((error as ChecksumMismatchError).message).toContain('turn checksum verification off (--skip-checksums)');
    expect(existsSync(join(paths.root, 'out', 'human-eval-counts.csv'))).toBe(false);

    const skipped = await reproduceHumanEvaluation({ outDirectory: join(paths.root, 'out'), dataDirectory, paths, renderFigures: false, verifyChecksums: false });
    expect(skipped.summary[0]?.ratings).toBe(80);
  });
});

describe('ecg-llm data and ecg-llm reproduce human-eval', () => {
  it('lists, fetches from the mirror, verifies, and reports a changed file with exit code 1', async () => {
    const paths = await workspace();
    const environment = { ECG_LLM_DATA_MIRROR: humanEvaluationDataDirectory() };
    const list = capture();
    expect(await main(['data', 'list'], { paths, stdout: list.stream, environment })).toBe(0);
    expect(list.text()).toContain('human-eval  [absent]');

    const fetched = capture();
    expect(await main(['data', 'fetch', 'human-eval'], { paths, stdout: fetched.stream, environment })).toBe(0);
    expect(fetched.text()).toContain('human-eval/40_questions.csv: mirrored from');

    await writeFile(join(paths.externalData, 'human-eval', '40_questions.csv'), 'changed');
    const verified = capture();
    const errors = capture();
    expect(await main(['data', 'verify'], { paths, stdout: verified.stream, stderr: errors.stream, environment })).toBe(1);
    expect(verified.text()).toContain('human-eval/10_questions.csv: ok');
    expect(verified.text()).toContain('human-eval/40_questions.csv: CHECKSUM MISMATCH: expected sha256 bb0e5c704ee166aaa5f07b920fd1b4c7abafd4ba2ed6df8ed101c7e1bac8ab91');

    const reproduce = capture();
    const reproduceErrors = capture();
    const code = await main(['reproduce', 'human-eval', '--out', join(paths.root, 'out'), '--no-figures'], {
      paths,
      stdout: reproduce.stream,
      stderr: reproduceErrors.stream,
      environment,
    });
    expect(code).toBe(1);
    expect(reproduceErrors.text()).toContain('sha256 checksum mismatch: expected bb0e5c704ee166aaa5f07b920fd1b4c7abafd4ba2ed6df8ed101c7e1bac8ab91');
  });

  it('exits 2 for a --reference that names no system (a command-line mistake, told by class and argument, not message)', async () => {
    const errors = capture();
    const code = await main(['reproduce', 'human-eval', '--out', join((await workspace()).root, 'out'), '--no-figures', '--reference', 'GPT-9 Ultra'], {
      paths: await workspace(),
      stderr: errors.stream,
      environment: { ECG_LLM_DATA_MIRROR: humanEvaluationDataDirectory() },
    });
    expect(errors.text()).toMatch(/^ecg-llm reproduce human-eval: error: --reference: "GPT-9 Ultra" is not a system of /);
    expect(code).toBe(2);
  });

  it('reports a missing --out as a usage error', async () => {
    const errors = capture();
    expect(await main(['reproduce', 'human-eval'], { paths: await workspace(), stderr: errors.stream, environment: {} })).toBe(2);
    expect(errors.text()).toContain('missing required option --out');
  });

  it('runs end to end as `ecg-llm main` in a child process on a fresh workspace: figure rendered by Chromium, HTML report', async () => {
    const root = await temporaryDirectory();
    const { stdout } = await execFileAsync(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), 'main'], {
      cwd: root,
      env: { ...process.env, ECG_LLM_WORKSPACE: root, ECG_LLM_DATA_MIRROR: humanEvaluationDataDirectory(), ECG_LLM_PROGRESS: 'off' },
      timeout: 120_000,
    });
    expect(stdout).toContain('40_questions.csv: 509 rows, 470 after removing duplicates, 12 systems, 40 questions; anomalies: 39 duplicate-row, 2 multi-marked, 1 incomplete-block');
    expect(stdout).toContain('Friedman χ² = 99.93 over 37 complete questions');
    // Counts from authors-pipeline.md §5.6 (Python csv module): 10_questions, Finetuned 8B r=256 alpha=256 has one unmarked row.
    const counts = await readFile(join(root, 'results', 'human-eval', 'human-eval-counts.csv'), 'utf8');
    expect(counts).toContain('10_questions.csv,"Finetuned 8B: r=256, alpha=256",9,2,1,0,6,1,0,0');
    const png = await readFile(join(root, 'figures', 'human-eval-categories.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = await readFile(join(root, 'figures', 'human-eval-categories.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('Correct but incomplete');
    const report = stdout.match(/report (\S+\.html)/)?.[1];
    expect(report).toBeDefined();
    const html = await readFile(report!, 'utf8');
    expect(html).toContain('Omnibus tests over complete question blocks');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(existsSync(join(root, 'data', 'external', 'human-eval', '40_questions.csv'))).toBe(true);
  }, 120_000);

  it('refuses a corrupted mirror copy as a child process, naming the checksum', async () => {
    const root = await temporaryDirectory();
    const mirror = join(root, 'mirror');
    await mkdir(mirror, { recursive: true });
    await writeFile(join(mirror, '10_questions.csv'), (await readFile(join(humanEvaluationDataDirectory(), '10_questions.csv'), 'utf8')).replace('x', 'X'));
    await writeFile(join(mirror, '40_questions.csv'), await readFile(join(humanEvaluationDataDirectory(), '40_questions.csv')));
    const failure = await execFileAsync(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), 'reproduce', 'human-eval', '--out', join(root, 'out')], {
      cwd: root,
      env: { ...process.env, ECG_LLM_WORKSPACE: root, ECG_LLM_DATA_MIRROR: mirror, ECG_LLM_PROGRESS: 'off' },
      timeout: 60_000,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('checksum mismatch: expected 38c7a3c046f185d8bddb4c36edb24060ff9bd83b9d71684870d4ec076fbca8f6');
    expect(existsSync(join(root, 'data', 'external', 'human-eval'))).toBe(false);
    expect(existsSync(join(root, 'out'))).toBe(false);
    // The refused fetch is a failed run like any other: its manifest records the checksum error.
    const runIds = await readdir(join(root, 'runs'));
    expect(runIds).toHaveLength(1);
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(root, 'runs', runIds[0] as string, 'manifest.json'), 'utf8')));
    expect(manifest.status).toBe('failed');
    expect(manifest.error).toMatchObject({ name: 'ChecksumMismatchError', code: 'CHECKSUM_MISMATCH' });
    expect(manifest.error?.details).toMatchObject({ expected: '38c7a3c046f185d8bddb4c36edb24060ff9bd83b9d71684870d4ec076fbca8f6' });
  });
});
