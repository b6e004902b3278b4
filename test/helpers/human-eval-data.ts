import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './temporary-directory.js';

/**
 * The folder with the authors' published human-evaluation CSVs, obtained the way a user obtains them: the test
 * run's global setup (test/global-setup.ts) calls the workspace's own `ensureDataset('human-eval')`, which reuses
 * a verified copy in `data/external/human-eval/`, or downloads the files from their pinned upstream URLs (or from
 * `ECG_LLM_DATA_MIRROR`, a folder or an http(s) mirror URL, when set) and verifies them against the checksums in
 * `data/datasets.json`. Missing data fails the tests loudly.
 */
export function humanEvaluationDataDirectory(): string {
  const directory = join(repositoryRoot, 'data', 'external', 'human-eval');
  for (const name of ['10_questions.csv', '40_questions.csv']) {
    if (!existsSync(join(directory, name))) {
      throw new Error(
        `${join(directory, name)} is missing: the test run's global setup fetches it with \`ecg-llm data fetch human-eval\` ` +
          '(needs the network, or ECG_LLM_DATA_MIRROR=<folder or URL>); see its message above',
      );
    }
  }
  return directory;
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
