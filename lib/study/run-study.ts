/**
 * `ecg-llm study`: the study end to end on the demo corpus, on one machine, with the embedded model —
 *
 *   corpus → RAG index → synthesis (a small budget) → document-level splits → evaluation of `base` and
 *   `base + RAG` (and `finetuned`, `finetuned + RAG` with `--adapter`) by the evaluation stage's runners:
 *   - multiple choice on the held-out synthesized MC items and the hand-written demo MC set: accuracy with
 *     Wilson intervals, exact McNemar tests (Holm-adjusted);
 *   - Q&A on the held-out synthesized Q&A items and the hand-written demo questions
 *     (`data/demo-corpus-sources/questions.jsonl`): sacrebleu and NLTK BLEU, ROUGE, and an absolute-grading
 *     LLM judge (the study's own model, with the reference answer; unparseable verdicts are recorded, not
 *     guessed), means with percentile bootstrap intervals, paired permutation tests (Holm-adjusted);
 *   → one offline HTML report and a manifest that links every number to the stage run that produced it.
 *
 * The Q&A budget is capped per dataset (`qaItems`: 3 in the tiny profile, 5 in demo, all in paper), because
 * every item costs a free-text answer per system and a judge verdict.
 *
 * Profiles: `demo` (default: the pinned embedded LLM, downloaded once), `tiny` (the generated test GGUF: every
 * step is real, the numbers are meaningless; CI runs it), `paper` (the model the user names with
 * `provider`/`model`, e.g. an Ollama or vLLM server, and the paper's larger synthesis budget).
 *
 * Resumable: each stage continues its own unfinished run (same configuration), and every model call goes
 * through the response cache, so a killed study started again makes no model call twice, and a rerun with
 * everything cached makes none (`model calls: 0 (cached: N)`).
 *
 * RAG uses the generated tiny encoder and cross-encoder in the demo and tiny profiles (the paper's encoder
 * publishes no ONNX weights; see README) and the paper's models in the paper profile.
 *
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeJsonAtomic } from '../core/atomic-file.js';
import { ConfigurationError } from '../core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { createEvaluationSystem, type EvaluationSystemHandle } from '../evaluation/evaluation-system.js';
import { comparisonTable, COMPARISON_TABLE_COLUMNS } from '../evaluation/evaluation-tables.js';
import { runMultipleChoiceEvaluation } from '../evaluation/multiple-choice/run-multiple-choice-evaluation.js';
import { questionAnsweringTable, runQuestionAnsweringEvaluation } from '../evaluation/question-answering/run-question-answering-evaluation.js';
import type { ChatModel } from '../llm/chat-model.js';
import { defaultChatModelSettings } from '../llm/default-chat-model.js';
import { ensureModelFile } from '../llm/model-files.js';
import type { ModelStack } from '../llm/model-stack.js';
import { fileSha256, LlamaCppChatModel } from '../llm/providers/llama-cpp.js';
import { createChatModel } from '../llm/providers/provider-registry.js';
import { writeHtmlReport } from '../report/html-report.js';
import type { EvaluationRecord, McSummaryRow, QaSummaryRow } from '../schemas/evaluation.js';
import { DEFAULT_EMBEDDING_MODEL } from '../rag/embedding-model.js';
import { DEFAULT_RERANKER_MODEL } from '../rag/cross-encoder-reranker.js';
import { runRagIndex, type RagCommonOptions } from '../rag/run-rag-stage.js';
import { ensureTinyTestModels } from '../rag/tiny-test-models.js';
import { prepareDemoCorpus } from '../synth/demo-corpus-input.js';
import { createGeneratorModel } from '../synth/generator-model.js';
import { synthesize } from '../synth/synthesize.js';

export type StudyProfile = 'demo' | 'tiny' | 'paper';
export const STUDY_PROFILES: readonly StudyProfile[] = ['demo', 'tiny', 'paper'];

export interface StudyOptions {
  profile?: StudyProfile;
  /** A GGUF LoRA adapter (path or hf: reference): adds the `finetuned` system (llama-cpp models only). */
  adapter?: string;
  /** `paper` profile (or to override): the provider and model, e.g. `ollama` + `llama3.1:8b`. */
  provider?: string;
  model?: string;
  host?: string;
  /** Where the study writes (default `<workspace>/results/study/<profile>`). */
  outputDirectory?: string;
  seed?: number;
  /** Q&A items evaluated per dataset (default by profile: tiny 3, demo 5, paper all). */
  qaItems?: number;
  paths?: WorkspacePaths;
  environment?: NodeJS.ProcessEnv;
  progress?: ProgressFactory;
  /** Lines of the running commentary (stage times). */
  log?: (line: string) => void;
}

export interface StudyStage {
  name: string;
  seconds: number;
  runId?: string;
  resumed?: boolean;
}

export interface StudyResult {
  profile: StudyProfile;
  outputDirectory: string;
  report: string;
  manifest: string;
  stages: StudyStage[];
  summary: McSummaryRow[];
  /** Q&A means with bootstrap intervals per system × dataset × metric (judge included). */
  qaSummary: QaSummaryRow[];
  /** Judge verdicts per system × dataset: how many were graded and how many could not be parsed. */
  judge: JudgeCount[];
  /** Model calls made now, and replies served from the response cache. */
  modelCalls: { calls: number; cached: number };
}

export interface JudgeCount {
  system: string;
  dataset: string;
  verdicts: number;
  unparseable: number;
}

/**
 * Budgets per profile: synthesis units per kind, MC items and Q&A items per dataset (undefined: all). Q&A is
 * the expensive part (a free-text answer per system and a judge verdict per answer).
 */
const BUDGETS: Record<StudyProfile, { limitUnits: number | undefined; limitItems: number | undefined; qaItems: number | undefined }> = {
  tiny: { limitUnits: 2, limitItems: 6, qaItems: 3 },
  demo: { limitUnits: 8, limitItems: undefined, qaItems: 5 },
  paper: { limitUnits: undefined, limitItems: undefined, qaItems: undefined },
};

/** Judge verdicts and unparseable verdicts per system × dataset, counted from the tidy records. */
function judgeCounts(records: readonly EvaluationRecord[]): JudgeCount[] {
  const counts = new Map<string, JudgeCount>();
  for (const record of records) {
    if (record.metric !== 'judge_unparseable') continue;
    const key = JSON.stringify([record.system, record.dataset]);
    const entry = counts.get(key) ?? { system: record.system, dataset: record.dataset, verdicts: 0, unparseable: 0 };
    entry.verdicts += 1;
    if (record.value === 1) entry.unparseable += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

async function hasLines(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  return (await readFile(path, 'utf8')).trim().length > 0;
}

/** The study's model settings for a profile. */
async function studyModel(options: StudyOptions, paths: WorkspacePaths, environment: NodeJS.ProcessEnv): Promise<{ provider: string; model: string; host?: string; threads?: number; contextSize?: number; note: string }> {
  const profile = options.profile ?? 'demo';
  if (options.provider || options.model || profile === 'paper') {
    if (!options.provider || !options.model) throw new ConfigurationError('model', `the ${profile} profile needs both --provider and --model (e.g. --provider ollama --model llama3.1:8b)`);
    return { provider: options.provider, model: options.model, ...(options.host ? { host: options.host } : {}), note: `Model: ${options.model} (${options.provider}).` };
  }
  if (profile === 'tiny') {
    const choice = await defaultChatModelSettings({ paths, environment, preferTiny: true });
    return { ...choice.settings, note: choice.note };
  }
  // demo: the pinned embedded model, downloaded once (or a clear error offline).
  await ensureModelFile('default', { paths, environment, progress: options.progress });
  return { provider: 'llama-cpp', model: 'default', note: 'Model: the embedded default LLM (see `ecg-llm models list`), run in this process.' };
}

/** Runs the study (see the module comment). */
export async function runStudy(options: StudyOptions = {}): Promise<StudyResult> {
  const profile = options.profile ?? 'demo';
  const environment = options.environment ?? process.env;
  const paths = options.paths ?? resolveWorkspacePaths({}, environment);
  const progress = options.progress ?? silentProgress;
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 42;
  const budget = BUDGETS[profile];
  const outputDirectory = resolve(options.outputDirectory ?? join(paths.root, 'results', 'study', profile));
  const stages: StudyStage[] = [];
  const stacks: ModelStack[] = [];
  const timed = async <T>(name: string, work: () => Promise<T>, describe?: (value: T) => Omit<StudyStage, 'name' | 'seconds'>): Promise<T> => {
    const began = performance.now();
    const value = await work();
    const stage: StudyStage = { name, seconds: (performance.now() - began) / 1000, ...(describe ? describe(value) : {}) };
    stages.push(stage);
    log(`${name}: ${stage.seconds.toFixed(1)} s${stage.runId ? ` (run ${stage.runId}${stage.resumed ? ', resumed' : ''})` : ''}`);
    return value;
  };

  const settings = await timed('model', () => studyModel(options, paths, environment));
  log(settings.note);
  const embedded = settings.provider === 'llama-cpp';
  const providerSettings = {
    provider: settings.provider,
    model: settings.model,
    environment,
    paths,
    progress,
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.threads !== undefined ? { threads: settings.threads } : {}),
    ...(settings.contextSize !== undefined ? { contextSize: settings.contextSize } : {}),
  };
  const baseModel: ChatModel = embedded ? new LlamaCppChatModel(providerSettings) : createChatModel(providerSettings);

  const corpusDirectory = await timed('corpus', () => prepareDemoCorpus(paths, join(outputDirectory, 'corpus'), progress));

  // RAG index of the demo corpus. The paper's encoder publishes no ONNX weights (README), so the demo and tiny
  // profiles use the generated tiny encoder and cross-encoder; the paper profile uses the paper's models.
  const ragModels: RagCommonOptions =
    profile === 'paper'
      ? { embeddingModel: DEFAULT_EMBEDDING_MODEL, rerankerModel: DEFAULT_RERANKER_MODEL }
      : await ensureTinyTestModels(paths).then((tiny) => ({ embeddingModel: tiny.encoder, rerankerModel: tiny.crossEncoder, allowRemoteModels: false }));
  const rag: RagCommonOptions = { ...ragModels, paths, progress, environment };
  await timed('RAG index', () => runRagIndex(rag), (value) => ({ runId: value.runId }));

  const synthesisDirectory = join(outputDirectory, 'synthesis');
  const generator = createGeneratorModel({ ...providerSettings, seed });
  stacks.push(generator);
  await timed(
    'synthesis',
    () =>
      synthesize(
        { corpusDirectory, outputDirectory: synthesisDirectory, provider: settings.provider, model: settings.model, seed, ...(budget.limitUnits ? { limitUnits: budget.limitUnits } : {}) },
        { model: generator.model, paths, progress, usage: () => generator.report() },
      ),
    (value) => ({ runId: value.runId, resumed: value.resumed }),
  );

  const datasets: string[] = [];
  if (await hasLines(join(synthesisDirectory, 'mc-test.jsonl'))) datasets.push(join(synthesisDirectory, 'mc-test.jsonl'));
  const demoMc = join(paths.packageRoot, 'data', 'demo-mc', 'demo-mc.jsonl');
  if (existsSync(demoMc)) datasets.push(demoMc);
  if (datasets.length === 0) throw new ConfigurationError('datasets', `no multiple-choice items to evaluate: the synthesis produced no held-out MC items and ${demoMc} is missing`);

  const systems: EvaluationSystemHandle[] = [];
  const systemOptions = { paths, environment, baseModel };
  systems.push(createEvaluationSystem({ label: 'base', provider: settings.provider, model: settings.model, ...(settings.host ? { host: settings.host } : {}), generation: { temperature: 0 } }, systemOptions));
  // The paper's RAG setting: top-20 by similarity, reranked to the best 5.
  const ragSettings = { topK: 20, rerank: true, keep: 5 };
  systems.push(createEvaluationSystem({ label: 'base + RAG', provider: settings.provider, model: settings.model, ...(settings.host ? { host: settings.host } : {}), generation: { temperature: 0 }, rag: ragSettings }, systemOptions));
  if (options.adapter) {
    if (!embedded) throw new ConfigurationError('adapter', 'a GGUF adapter needs the embedded llama-cpp model (profiles demo and tiny)');
    const adapterFile = await ensureModelFile(options.adapter, { paths, environment, progress });
    const adapted = new LlamaCppChatModel({ ...providerSettings, adapter: adapterFile.path });
    systems.push(
      createEvaluationSystem(
        { label: 'finetuned', provider: settings.provider, model: settings.model, generation: { temperature: 0 }, base: false, adapter: { sha256: adapterFile.sha256 ?? (await fileSha256(adapterFile.path)), baseModel: settings.model } },
        { ...systemOptions, baseModel: adapted },
      ),
      createEvaluationSystem(
        { label: 'finetuned + RAG', provider: settings.provider, model: settings.model, generation: { temperature: 0 }, base: false, rag: ragSettings, adapter: { sha256: adapterFile.sha256 ?? (await fileSha256(adapterFile.path)), baseModel: settings.model } },
        { ...systemOptions, baseModel: adapted },
      ),
    );
  }
  for (const system of systems) stacks.push(system.stack);
  // The judge is the study's own model (absolute grading 1–5 with the reference answer).
  const judge = createEvaluationSystem({ label: 'judge', provider: settings.provider, model: settings.model, ...(settings.host ? { host: settings.host } : {}), generation: { temperature: 0 } }, systemOptions);
  stacks.push(judge.stack);
  const evaluation = await timed(
    'evaluation (multiple choice)',
    () =>
      runMultipleChoiceEvaluation({
        datasets,
        systems,
        outputDirectory: join(outputDirectory, 'evaluation'),
        seed,
        paths,
        progress,
        environment,
        rag,
        ...(budget.limitItems ? { limit: budget.limitItems } : {}),
      }),
    (value) => ({ runId: value.runId, resumed: value.resumed }),
  );

  const qaDatasets: string[] = [];
  if (await hasLines(join(synthesisDirectory, 'qa-test.jsonl'))) qaDatasets.push(join(synthesisDirectory, 'qa-test.jsonl'));
  const demoQuestions = join(paths.packageRoot, 'data', 'demo-corpus-sources', 'questions.jsonl');
  if (existsSync(demoQuestions)) qaDatasets.push(demoQuestions);
  if (qaDatasets.length === 0) throw new ConfigurationError('datasets', `no Q&A items to evaluate: the synthesis produced no held-out Q&A items and ${demoQuestions} is missing`);
  const qaItems = options.qaItems ?? budget.qaItems;
  if (qaItems !== undefined && (!Number.isSafeInteger(qaItems) || qaItems < 1)) throw new ConfigurationError('qaItems', `must be a positive integer, got ${String(qaItems)}`);
  const qa = await timed(
    'evaluation (Q&A, judge)',
    () =>
      runQuestionAnsweringEvaluation({
        datasets: qaDatasets,
        systems,
        judge,
        outputDirectory: join(outputDirectory, 'evaluation-qa'),
        seed,
        paths,
        progress,
        environment,
        rag,
        ...(qaItems ? { limit: qaItems } : {}),
      }),
    (value) => ({ runId: value.runId, resumed: value.resumed }),
  );
  const judged = judgeCounts(qa.records);
  const qaTable = questionAnsweringTable(qa.summary, qa.corpusBleu);
  const qaProducedBy = (file: string): { stage: string; runId: string; file: string } => ({ stage: 'evaluate-qa', runId: qa.runId, file });

  const calls = stacks.reduce((sum, stack) => sum + stack.report().usage.totals.requests, 0);
  const cached = stacks.reduce((sum, stack) => sum + stack.report().usage.totals.cachedReplies, 0);
  const modelCalls = { calls, cached };
  const reportPath = join(outputDirectory, 'study-report.html');
  const manifestPath = join(outputDirectory, 'study-manifest.json');
  const model = await baseModel.describe().catch(() => undefined);
  const numbers = evaluation.summary.map((row) => ({ ...row, producedBy: { stage: 'evaluate-mc', runId: evaluation.runId, file: evaluation.files.summary } }));
  await writeJsonAtomic(manifestPath, {
    schemaVersion: 1,
    profile,
    model: model ?? { provider: settings.provider, id: settings.model },
    modelNote: settings.note,
    stages,
    runs: { synthesis: stages.find((stage) => stage.name === 'synthesis')?.runId, evaluation: evaluation.runId, qaEvaluation: qa.runId },
    datasets,
    qaDatasets,
    qaItemsPerDataset: qaItems ?? null,
    numbers,
    comparisons: evaluation.comparisons.map((row) => ({ ...row, producedBy: { stage: 'evaluate-mc', runId: evaluation.runId, file: evaluation.files.comparisons } })),
    qa: {
      judge: { system: judge.id, provider: settings.provider, model: settings.model },
      numbers: qa.summary.map((row) => ({ ...row, producedBy: qaProducedBy(qa.files.summary) })),
      corpusBleu: qa.corpusBleu.map((row) => ({ ...row, producedBy: qaProducedBy(qa.files.corpusBleu) })),
      comparisons: qa.comparisons.map((row) => ({ ...row, producedBy: qaProducedBy(qa.files.comparisons) })),
      judgeVerdicts: judged.map((row) => ({ ...row, producedBy: qaProducedBy(qa.files.records) })),
      records: qa.files.records,
    },
    modelCalls,
    modelCallsLine: `model calls: ${calls} (cached: ${cached})`,
  });
  await writeHtmlReport(
    {
      title: 'ECG-LLM study',
      subtitle: `Profile ${profile}. ${settings.note}`,
      sections: [
        {
          title: 'What ran',
          paragraphs: [
            'The demo corpus was cleaned and chunked, synthetic items were generated from it and split by document (no document contributes to both training and test), and every system answered the held-out multiple-choice and Q&A items and the hand-written demo sets (multiple choice and questions).',
            profile === 'tiny' ? 'This is the tiny profile: the model is a generated 2-layer network with random weights, so the numbers are meaningless; the pipeline is real.' : 'Accuracy comes with Wilson 95% intervals; systems are compared on the same items with exact McNemar tests, Holm-adjusted.',
            `model calls: ${calls} (cached: ${cached})`,
          ],
          table: { rows: stages.map((stage) => ({ stage: stage.name, seconds: Number(stage.seconds.toFixed(1)), run: stage.runId ?? '', resumed: stage.resumed ?? false })), options: { caption: 'Stages and their time on this machine' } },
        },
        {
          title: 'Multiple-choice accuracy',
          paragraphs: [`From evaluation run ${evaluation.runId}; the full evaluation report is evaluation/mc-report.html next to this file.`],
          table: {
            rows: evaluation.summary.map((row) => ({ system: row.system, dataset: row.dataset, n: row.n, correct: row.correct, unparseable: row.unparseable, accuracy: row.accuracy, wilson_low: row.wilson95[0], wilson_high: row.wilson95[1] })),
            options: { caption: 'Accuracy (unparseable replies count as wrong) with Wilson 95% intervals' },
          },
        },
        ...(evaluation.comparisons.length
          ? [{ title: 'Paired comparisons', table: { rows: comparisonTable(evaluation.comparisons), options: { columns: COMPARISON_TABLE_COLUMNS, caption: 'Exact McNemar tests, Holm-adjusted' } } }]
          : []),
        {
          title: 'Q&A metrics',
          paragraphs: [
            `From evaluation run ${qa.runId}${qaItems ? `, at most ${qaItems} items per dataset` : ''}; the full Q&A report is evaluation-qa/qa-report.html next to this file and every per-item score is in evaluation-qa/qa-records.jsonl.`,
            "BLEU is sacrebleu's sentence BLEU (0–100); bleu_legacy is the authors' NLTK sentence BLEU (0–1); ROUGE F-measures with the Porter stemmer; judge_score is the study model's absolute grade 1–5 against the reference answer. Each value is the mean over items with a percentile bootstrap 95% interval.",
          ],
          table: { rows: qaTable.rows, options: { columns: qaTable.columns, caption: 'Q&A metrics (mean over items) with percentile bootstrap 95% intervals' } },
        },
        ...(qa.comparisons.length
          ? [{ title: 'Q&A paired comparisons', table: { rows: comparisonTable(qa.comparisons), options: { columns: COMPARISON_TABLE_COLUMNS, caption: 'Paired permutation tests on the same items, Holm-adjusted' } } }]
          : []),
        {
          title: 'LLM judge',
          paragraphs: [
            `The judge is the study's own model (${settings.model}, ${settings.provider}), grading each answer 1–5 with the reference answer. A verdict the parser cannot read is recorded as unparseable and left out of the mean, never guessed.`,
          ],
          table: {
            rows: judged.map((row) => {
              const score = qa.summary.find((summary) => summary.system === row.system && summary.dataset === row.dataset && summary.metric === 'judge_score');
              return { system: row.system, dataset: row.dataset, verdicts: row.verdicts, unparseable: row.unparseable, judge_score: score?.mean ?? null, judge_low: score?.bootstrap95?.[0] ?? null, judge_high: score?.bootstrap95?.[1] ?? null };
            }),
            options: { caption: 'Judge verdicts per system and dataset (mean of the parsed grades, bootstrap 95% interval)' },
          },
        },
      ],
    },
    reportPath,
  );
  return { profile, outputDirectory, report: reportPath, manifest: manifestPath, stages, summary: evaluation.summary, qaSummary: qa.summary, judge: judged, modelCalls };
}
