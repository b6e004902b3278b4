/**
 * Tables and plotly figure specs of a synthesis run, for notebook 02 and reports: units per document, unit
 * sizes, item counts per split, example items, item lengths, answer-letter distributions, the leakage report
 * and the failures. Each function takes data and returns plain rows or a {@link FigureSpec}; nothing here
 * reads files or calls a model.
 */
import type { FigureSpec } from '../report/figure-spec.js';
import type { TableRow } from '../report/table.js';
import type { CorpusDocument } from '../schemas/corpus.js';
import type { McItem, QaItem, SplitName } from '../schemas/synthesis.js';
import { normalizedWords } from './content-words.js';
import { SPLIT_NAMES } from './dataset-splits.js';
import type { FailureRecord } from './failure-record.js';
import type { GenerationUnit } from './generation-unit.js';
import type { LeakageReport } from './leakage-report.js';
import type { LetterDistribution } from './letter-distribution.js';
import { OPTION_LETTERS } from './multiple-choice.js';

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One row per document: number of units and their token sizes (documents named by title where given). */
export function unitTable(units: readonly GenerationUnit[], documents: ReadonlyArray<Pick<CorpusDocument, 'id' | 'title'>> = []): TableRow[] {
  const titles = new Map(documents.map((document) => [document.id, document.title]));
  const byDocument = new Map<string, GenerationUnit[]>();
  for (const unit of units) {
    const list = byDocument.get(unit.documentId);
    if (list) list.push(unit);
    else byDocument.set(unit.documentId, [unit]);
  }
  return [...byDocument].map(([documentId, list]) => {
    const tokens = list.map((unit) => unit.tokens);
    return {
      document: titles.get(documentId) ?? documentId,
      units: list.length,
      minTokens: Math.min(...tokens),
      medianTokens: median(tokens),
      maxTokens: Math.max(...tokens),
      totalTokens: tokens.reduce((sum, value) => sum + value, 0),
    };
  });
}

/** Overlaid histograms of unit sizes (cl100k tokens), one trace per unit mode. */
export function unitTokenFigure(sets: ReadonlyArray<{ label: string; units: readonly GenerationUnit[] }>): FigureSpec {
  return {
    data: sets.map(({ label, units }) => ({ type: 'histogram', name: label, x: units.map((unit) => unit.tokens), opacity: 0.7, nbinsx: 30 })),
    layout: {
      title: { text: 'Size of the generation units' },
      barmode: 'overlay',
      xaxis: { title: { text: 'cl100k tokens per unit' } },
      yaxis: { title: { text: 'units' } },
    },
  };
}

/** Items per kind and split. */
export function splitCountTable(qa: readonly QaItem[], mc: readonly McItem[]): TableRow[] {
  const count = (items: ReadonlyArray<{ split?: SplitName | undefined }>, split: SplitName): number => items.filter((item) => item.split === split).length;
  return [
    { kind: 'Q&A', ...Object.fromEntries(SPLIT_NAMES.map((split) => [split, count(qa, split)])), total: qa.length },
    { kind: 'multiple choice', ...Object.fromEntries(SPLIT_NAMES.map((split) => [split, count(mc, split)])), total: mc.length },
  ];
}

/** The first `count` items of each kind as rows (question, answer, split, flags, support score). */
export function exampleItemTable(qa: readonly QaItem[], mc: readonly McItem[], count = 3): TableRow[] {
  return [
    ...qa.slice(0, count).map((item) => ({
      kind: 'Q&A',
      question: item.question,
      answer: item.answer,
      split: item.split ?? '',
      support: item.supportScore ?? null,
      flags: item.flags.join(', '),
    })),
    ...mc.slice(0, count).map((item) => ({
      kind: 'MC',
      question: `${item.question} ${item.options.map((option, index) => `${OPTION_LETTERS[index]}) ${option}`).join(' ')}`,
      answer: item.answer,
      split: item.split ?? '',
      support: item.supportScore ?? null,
      flags: item.flags.join(', '),
    })),
  ];
}

/** How many items carry each quality flag, and how many carry none. */
export function flagCountTable(items: ReadonlyArray<QaItem | McItem>): TableRow[] {
  const counts = new Map<string, number>();
  for (const item of items) for (const flag of item.flags.length > 0 ? item.flags : ['(no flag)']) counts.set(flag, (counts.get(flag) ?? 0) + 1);
  return [...counts].sort((left, right) => right[1] - left[1]).map(([flag, count]) => ({ flag, items: count, share: items.length === 0 ? 0 : count / items.length }));
}

/** Answer-letter counts with Pearson's X² and p-value against uniform, as generated and after shuffling. */
export function letterTable(letters: { generated: LetterDistribution; shuffled: LetterDistribution }): TableRow[] {
  return (
    [
      ['as generated', letters.generated],
      ['after shuffling', letters.shuffled],
    ] as const
  ).map(([order, distribution]) => ({ order, ...distribution.counts, total: distribution.total, chiSquare: distribution.chiSquare, pValue: distribution.pValue }));
}

/** Histograms of question and answer lengths in words. */
export function itemLengthFigure(qa: readonly QaItem[], mc: readonly McItem[]): FigureSpec {
  const words = (text: string): number => normalizedWords(text).length;
  return {
    data: [
      { type: 'histogram', name: 'Q&A question', x: qa.map((item) => words(item.question)), opacity: 0.7 },
      { type: 'histogram', name: 'Q&A answer', x: qa.map((item) => words(item.answer)), opacity: 0.7 },
      { type: 'histogram', name: 'MC question', x: mc.map((item) => words(item.question)), opacity: 0.7 },
    ],
    layout: {
      title: { text: 'Length of the generated items' },
      barmode: 'overlay',
      xaxis: { title: { text: 'words' } },
      yaxis: { title: { text: 'items' } },
    },
  };
}

/** Bars of the correct-answer letter: where the model put it, and after the seeded shuffle. */
export function letterDistributionFigure(letters: { generated: LetterDistribution; shuffled: LetterDistribution }): FigureSpec {
  const trace = (name: string, distribution: LetterDistribution) => ({
    type: 'bar',
    name: `${name} (n = ${distribution.total}${distribution.chiSquare === null ? '' : `, X² = ${distribution.chiSquare.toFixed(2)}, p = ${(distribution.pValue as number).toPrecision(2)}`})`,
    x: [...OPTION_LETTERS],
    y: OPTION_LETTERS.map((letter) => distribution.counts[letter]),
  });
  return {
    data: [trace('as generated', letters.generated), trace('after shuffling', letters.shuffled)],
    layout: {
      title: { text: 'Position of the correct option' },
      barmode: 'group',
      xaxis: { title: { text: 'answer letter' } },
      yaxis: { title: { text: 'items' } },
    },
  };
}

/** Leakage reports side by side (e.g. document split vs the legacy within-document split). */
export function leakageTable(reports: ReadonlyArray<{ label: string; report: LeakageReport }>): TableRow[] {
  const metrics: Array<[string, (report: LeakageReport) => number]> = [
    ['Q&A test items', (report) => report.sharedSources.qa.test.items],
    ['Q&A test items whose document fed training', (report) => report.sharedSources.qa.test.documentAlsoInTraining],
    ['Q&A test items whose chunk fed training', (report) => report.sharedSources.qa.test.chunkAlsoInTraining],
    ['MC test items', (report) => report.sharedSources.mc.test.items],
    ['MC test items whose document fed training', (report) => report.sharedSources.mc.test.documentAlsoInTraining],
    ['MC test items whose chunk fed training', (report) => report.sharedSources.mc.test.chunkAlsoInTraining],
    ['MC test items sharing a chunk with Q&A training', (report) => report.multipleChoiceTestFromQaTraining.sameChunkAsQaTraining],
    ['MC test facts found in Q&A training', (report) => report.multipleChoiceTestFromQaTraining.factInQaTraining],
    ['Q&A near-duplicate pairs across splits (removed)', (report) => report.nearDuplicates.qa.pairsAcrossSplits],
    ['MC near-duplicate pairs across splits (removed)', (report) => report.nearDuplicates.mc.pairsAcrossSplits],
  ];
  return metrics.map(([metric, value]) => ({ metric, ...Object.fromEntries(reports.map(({ label, report }) => [label, value(report)])) }));
}

/** Failures grouped by scope, kind, stage and reason (reasons shortened to their first clause). */
export function failureTable(failures: readonly FailureRecord[]): TableRow[] {
  const groups = new Map<string, { scope: string; kind: string; stage: string; reason: string; count: number }>();
  for (const failure of failures) {
    const reason = failure.reason.split(/[:;(]/)[0]?.trim() ?? failure.reason;
    const key = [failure.scope, failure.itemKind, failure.stage, reason].join('|');
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { scope: failure.scope, kind: failure.itemKind, stage: failure.stage, reason, count: 1 });
  }
  return [...groups.values()].sort((left, right) => right.count - left.count);
}
