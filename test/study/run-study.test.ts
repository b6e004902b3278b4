/**
 * `ecg-llm study --profile tiny` end to end in child processes (the real command line on the built package,
 * the real node-llama-cpp on the generated tiny GGUF): the report and manifest are written; a rerun makes zero
 * model calls; a run killed with SIGKILL during synthesis and started again makes no call twice and ends with
 * the same numbers as an uninterrupted run.
 *
 * Independent checks: the Wilson 95% interval of every summary row is recomputed here from n and correct with
 * the textbook formula (Wilson 1927; z = 1.959963984540054, the 0.975 normal quantile), and the model-call
 * accounting must add up to the uninterrupted run's count of distinct requests.
 *
 * The Q&A part (text metrics and the LLM judge on the hand-written demo questions, at most 3 items per dataset
 * in the tiny profile): every mean in the manifest is recomputed here from the per-item records the Q&A run
 * wrote (qa-records.jsonl; null values, such as an unparseable judge verdict, left out), every bootstrap
 * interval must lie between the smallest and largest per-item value, and the judge's verdict and unparseable
 * counts are recounted from the records (the tiny model's verdicts cannot be parsed, and that is recorded).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-study-');

interface StudyRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

/** Runs `ecg-llm study --profile tiny` in `root`; `killWhen(stdout)` SIGKILLs it when it returns true. */
function runStudyProcess(root: string, killWhen?: (stdout: string) => boolean): Promise<StudyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), 'study', '--profile', 'tiny'], {
      cwd: root,
      env: { ...process.env, ECG_LLM_WORKSPACE: root, ECG_LLM_PROGRESS: 'plain', ECG_LLM_OFFLINE: '1', ECG_LLM_CACHE_DIR: join(root, '.cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const watch = (chunk: Buffer): void => {
      stdout += chunk.toString();
      if (killWhen && child.exitCode === null && killWhen(stdout)) child.kill('SIGKILL');
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout }));
  });
}

function modelCalls(stdout: string): { calls: number; cached: number } {
  const match = /model calls: (\d+) \(cached: (\d+)\)/.exec(stdout);
  expect(match, stdout).not.toBeNull();
  return { calls: Number(match![1]), cached: Number(match![2]) };
}

async function summary(root: string): Promise<Array<{ system: string; dataset: string; n: number; correct: number; accuracy: number; wilson95: [number, number] }>> {
  const manifest = JSON.parse(await readFile(join(root, 'results', 'study', 'tiny', 'study-manifest.json'), 'utf8')) as { numbers: Array<{ system: string; dataset: string; n: number; correct: number; accuracy: number; wilson95: [number, number]; producedBy: { runId: string } }> };
  // A system id ends in a hash of its settings, which include the model file's path (different per workspace).
  return manifest.numbers.map(({ system, dataset, n, correct, accuracy, wilson95 }) => ({ system: system.replace(/-[0-9a-f]{8}$/, ''), dataset, n, correct, accuracy, wilson95 }));
}

interface QaNumber { system: string; dataset: string; metric: string; n: number; mean: number | null; bootstrap95: [number, number] | null }
interface QaManifest {
  qa: { numbers: QaNumber[]; judgeVerdicts: Array<{ system: string; dataset: string; verdicts: number; unparseable: number }>; records: string };
  qaDatasets: string[];
  runs: { qaEvaluation: string };
}

async function qaManifest(root: string): Promise<QaManifest> {
  return JSON.parse(await readFile(join(root, 'results', 'study', 'tiny', 'study-manifest.json'), 'utf8')) as QaManifest;
}

function qaNumbers(manifest: QaManifest): QaNumber[] {
  return manifest.qa.numbers.map(({ system, dataset, metric, n, mean, bootstrap95 }) => ({ system: system.replace(/-[0-9a-f]{8}$/, ''), dataset, metric, n, mean, bootstrap95 }));
}

function wilson(correct: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = correct / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

describe('ecg-llm study --profile tiny', () => {
  it('runs end to end, reruns with zero model calls, and a SIGKILLed run restarted ends with the same numbers', async () => {
    const root = await temporaryDirectory();
    const first = await runStudyProcess(root);
    expect(first.code, first.stdout).toBe(0);
    const firstCalls = modelCalls(first.stdout);
    expect(firstCalls.calls).toBeGreaterThan(0);
    expect(first.stdout).toMatch(/synthesis: [\d.]+ s/);
    expect(existsSync(join(root, 'results', 'study', 'tiny', 'study-report.html'))).toBe(true);
    const html = await readFile(join(root, 'results', 'study', 'tiny', 'study-report.html'), 'utf8');
    expect(html).toContain(`model calls: ${firstCalls.calls} (cached: ${firstCalls.cached})`);
    const reference = await summary(root);
    expect(reference.length).toBeGreaterThan(0);
    for (const row of reference) {
      expect(row.accuracy).toBeCloseTo(row.correct / row.n, 12);
      const [low, high] = wilson(row.correct, row.n);
      expect(row.wilson95[0]).toBeCloseTo(low, 9);
      expect(row.wilson95[1]).toBeCloseTo(high, 9);
    }

    // The Q&A part: both systems on the demo questions, text metrics and the judge, numbers from the records.
    const qa = await qaManifest(root);
    expect(html).toMatch(/Q&(amp;)?A metrics/);
    expect(html).toContain('LLM judge');
    expect(qa.qaDatasets.some((file) => file.endsWith(join('demo-corpus-sources', 'questions.jsonl')))).toBe(true);
    const records = (await readFile(qa.qa.records, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { run: string; system: string; dataset: string; item: string; metric: string; value: number | null });
    expect(records.every((record) => record.run === qa.runs.qaEvaluation)).toBe(true);
    const systems = [...new Set(qa.qa.numbers.map((row) => row.system.replace(/-[0-9a-f]{8}$/, '')))].sort();
    expect(systems).toEqual(['base', 'base-+-RAG']);
    for (const system of new Set(qa.qa.numbers.map((row) => row.system))) {
      const metrics = new Set(qa.qa.numbers.filter((row) => row.system === system && row.dataset === 'questions').map((row) => row.metric));
      for (const metric of ['bleu', 'bleu_legacy', 'rouge1', 'rouge2', 'rougeL', 'rougeLsum', 'judge_score', 'judge_unparseable']) expect(metrics.has(metric), `${system} ${metric}`).toBe(true);
      // The tiny profile's cap: 3 demo questions per system.
      expect(new Set(records.filter((record) => record.system === system && record.dataset === 'questions').map((record) => record.item)).size).toBe(3);
    }
    for (const row of qa.qa.numbers) {
      const values = records.filter((record) => record.system === row.system && record.dataset === row.dataset && record.metric === row.metric && record.value !== null).map((record) => record.value as number);
      expect(row.n, `${row.system} ${row.metric}`).toBe(values.length);
      if (values.length === 0) {
        expect(row.mean).toBeNull();
        continue;
      }
      expect(row.mean!).toBeCloseTo(values.reduce((sum, value) => sum + value, 0) / values.length, 12);
      if (row.bootstrap95) {
        expect(row.bootstrap95[0]).toBeGreaterThanOrEqual(Math.min(...values) - 1e-12);
        expect(row.bootstrap95[1]).toBeLessThanOrEqual(Math.max(...values) + 1e-12);
      }
    }
    expect(qa.qa.judgeVerdicts.length).toBe(2);
    for (const row of qa.qa.judgeVerdicts) {
      const verdicts = records.filter((record) => record.system === row.system && record.dataset === row.dataset && record.metric === 'judge_unparseable');
      expect(row.verdicts).toBe(verdicts.length);
      expect(row.unparseable).toBe(verdicts.filter((record) => record.value === 1).length);
      const scored = records.filter((record) => record.system === row.system && record.dataset === row.dataset && record.metric === 'judge_score' && record.value !== null);
      expect(scored.length + row.unparseable).toBe(row.verdicts);
    }
    const referenceQa = qaNumbers(qa);

    const rerun = await runStudyProcess(root);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(modelCalls(rerun.stdout)).toEqual({ calls: 0, cached: firstCalls.calls + firstCalls.cached });
    expect(await summary(root)).toEqual(reference);
    expect(qaNumbers(await qaManifest(root))).toEqual(referenceQa);

    const other = await temporaryDirectory();
    // Killed while items are being generated (after the first synthesis reply was cached).
    const killed = await runStudyProcess(other, (stdout) => /generating items: [1-9]/.test(stdout));
    expect(killed.signal).toBe('SIGKILL');
    const restarted = await runStudyProcess(other);
    expect(restarted.code, restarted.stdout).toBe(0);
    const restartedCalls = modelCalls(restarted.stdout);
    // No request is sent twice: what the killed run finished is taken over from its journal (not asked again)
    // or answered from the cache, so the restart sends fewer requests than a whole run and never more in total.
    expect(restartedCalls.calls).toBeLessThan(firstCalls.calls);
    expect(restartedCalls.calls + restartedCalls.cached).toBeLessThanOrEqual(firstCalls.calls + firstCalls.cached);
    expect(await summary(other)).toEqual(reference);
    expect(qaNumbers(await qaManifest(other))).toEqual(referenceQa);
  }, 600_000);
});
