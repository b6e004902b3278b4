import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repositoryRoot } from './temporary-directory.js';

/**
 * The folder with the authors' real human-evaluation CSVs (byte-for-byte copies with SHA256SUMS):
 * `ECG_LLM_HUMAN_EVAL_DATA` if set, else `ECG_LLM_DATA_MIRROR` (set by .ci/run), else `../shared/data/human-eval`
 * relative to the repository root, else `../../shared/data/human-eval` (a worktree one level deeper). The first
 * folder holding SHA256SUMS wins; missing data fails the tests loudly.
 */
export function humanEvaluationDataDirectory(): string {
  const candidates = [
    process.env.ECG_LLM_HUMAN_EVAL_DATA,
    process.env.ECG_LLM_DATA_MIRROR,
    resolve(repositoryRoot, '..', 'shared', 'data', 'human-eval'),
    resolve(repositoryRoot, '..', '..', 'shared', 'data', 'human-eval'),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => existsSync(join(candidate, 'SHA256SUMS')));
  if (!found) {
    throw new Error(`the real human-evaluation CSVs were not found; looked in ${candidates.join(', ')} (set ECG_LLM_HUMAN_EVAL_DATA)`);
  }
  return found;
}

/** The reference values computed by test/reference/human-eval-reference.py (Python csv + pandas + scipy + statsmodels). */
export interface PythonReference {
  csvDigest: string;
  rows: number;
  duplicates: number;
  duplicateLines: number[];
  unmarkedLines: number[];
  multiMarkedLines: number[];
  rawCounts: Record<string, Record<string, number>>;
  dedupCounts: Record<string, Record<string, number>>;
  analysis: {
    completeBlocks: number;
    systems: number;
    excludedQuestions: string[];
    friedman: { statistic: number; pValue: number; df: number; kendallW: number };
    reference: string;
    wilcoxon: Array<{ system: string; pValue: number; pHolm: number; wPlus: number; wMinus: number; rankBiserial: number; nonZero: number }>;
    cochranQ: { statistic: number; pValue: number; df: number };
    mcnemar: Array<{ system: string; onlySystem: number; onlyReference: number; pValue: number; pHolm: number }>;
    wilson: Record<string, { n: number; correct: [number, number]; correctOrIncomplete: [number, number] }>;
  };
}

/** test/reference/human-eval-reference.json, keyed by file name. */
export function pythonReference(): Record<string, PythonReference> {
  return JSON.parse(readFileSync(join(repositoryRoot, 'test', 'reference', 'human-eval-reference.json'), 'utf8')) as Record<string, PythonReference>;
}
