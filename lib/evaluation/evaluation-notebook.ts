/**
 * What notebook 05 needs beyond the runners: which model it can honestly use, the demo datasets, and the
 * small fixed examples that show each method's pitfalls without any model (parsing bias, BLEU's tokenization,
 * ROUGE's stemmer, the BERTScore mislabel).
 *
 * The model is chosen from the environment, never invented: `ECG_LLM_EVALUATION_PROVIDER` (default `ollama`)
 * and `ECG_LLM_EVALUATION_MODEL` (`ECG_LLM_EVALUATION_MC` may name other MC files, comma-separated); for Ollama the server at `OLLAMA_HOST` must answer and have the model. Without
 * one, the notebook shows the sections that need no model and says why the others are empty.
 */
import { defaultChatModelSettings } from '../llm/default-chat-model.js';
import { join } from 'node:path';
import { pathExists } from '../core/atomic-file.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { listModels } from '../llm/providers/provider-registry.js';
import type { TableRow } from '../report/table.js';
import type { EvaluationSystemInput } from '../schemas/evaluation.js';
import { generatorProviderName } from '../synth/generator-model.js';
import { corpusBleu } from './metrics/corpus-bleu.js';
import { nltkSentenceBleu } from './metrics/nltk-sentence-bleu.js';
import { rougeScore } from './metrics/rouge-score.js';
import { sentenceBleu } from './metrics/sentence-bleu.js';
import { legacyApiParseChoiceLetter, legacyLocalParseChoiceLetter } from './multiple-choice/legacy-parse-choice-letter.js';
import { parseChoiceLetter } from './multiple-choice/parse-choice-letter.js';

export interface EvaluationNotebookSetup {
  /** The system under test, or null when no model can be used (see `note`). */
  system: EvaluationSystemInput | null;
  /** A Markdown sentence saying what is shown and why. */
  note: string;
  /** The demo multiple-choice set(s) present in this checkout. */
  mcDatasets: string[];
  /** The 93 hand-written demo questions with reference answers. */
  qaDataset: string;
  /** Where the notebook's runs write their files. */
  outputDirectory: string;
  paths: WorkspacePaths;
}

function ollamaName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

/**
 * Decides what notebook 05 can run (see the module comment).
 *
 * @example
 * const setup = await evaluationNotebookSetup();
 * displayMarkdown(setup.note);
 */
export async function evaluationNotebookSetup(
  options: { provider?: string; model?: string; environment?: NodeJS.ProcessEnv; paths?: WorkspacePaths } = {},
): Promise<EvaluationNotebookSetup> {
  const environment = options.environment ?? process.env;
  const paths = options.paths ?? resolveWorkspacePaths({}, environment);
  // ECG_LLM_EVALUATION_MC names other MC files (comma-separated); by default the committed demo MC set.
  const mcCandidates = environment.ECG_LLM_EVALUATION_MC
    ? environment.ECG_LLM_EVALUATION_MC.split(',').map((file) => file.trim()).filter(Boolean)
    : [join(paths.packageRoot, 'data', 'demo-mc', 'demo-mc.jsonl')];
  const mcDatasets: string[] = [];
  for (const candidate of mcCandidates) if (await pathExists(candidate)) mcDatasets.push(candidate);
  const base = {
    mcDatasets,
    qaDataset: join(paths.demoCorpusSources, 'questions.jsonl'),
    outputDirectory: join(paths.root, 'results', 'evaluation', 'notebook'),
    paths,
  };
  const providerName = options.provider ?? environment.ECG_LLM_EVALUATION_PROVIDER ?? 'ollama';
  const model = options.model ?? environment.ECG_LLM_EVALUATION_MODEL;
  let provider: string;
  try {
    provider = generatorProviderName(providerName);
  } catch {
    provider = providerName;
  }
  const none = (reason: string) => ({
    ...base,
    system: null,
    note: `no model could be used: ${reason}. The sections that need no model show real results; set \`ECG_LLM_EVALUATION_MODEL\` (and \`OLLAMA_HOST\`, or \`ECG_LLM_EVALUATION_PROVIDER\`) to run the model sections.`,
  });
  // Nothing configured: the embedded model (the pinned default LLM once downloaded, else the generated tiny test
  // model), so every section shows real output on a newcomer's machine. ECG_LLM_EMBEDDED_MODEL=0 turns this off.
  const configured = options.provider ?? environment.ECG_LLM_EVALUATION_PROVIDER ?? options.model ?? environment.ECG_LLM_EVALUATION_MODEL;
  if (!configured && environment.ECG_LLM_EMBEDDED_MODEL !== '0') {
    const choice = await defaultChatModelSettings({ paths, environment });
    return {
      ...base,
      system: { provider: 'llama-cpp', model: choice.settings.model, generation: { temperature: 0, seed: 42 } },
      note: `${choice.note.replace(/^Model: /, '')} The model sections use it at temperature 0 with seed 42${choice.kind === 'tiny' ? ' (random weights: the pipeline is real, the numbers mean nothing)' : ''}; set \`ECG_LLM_EVALUATION_MODEL\` (and \`OLLAMA_HOST\`, or \`ECG_LLM_EVALUATION_PROVIDER\`) to evaluate another model.`,
    };
  }
  if (provider === 'ollama') {
    if (!environment.OLLAMA_HOST) return none('`OLLAMA_HOST` is not set');
    let listing;
    try {
      listing = await listModels({ provider: 'ollama', environment, timeoutMs: 5000 });
    } catch (error) {
      return none(`the Ollama server at \`OLLAMA_HOST\` did not answer (${(error as Error).message})`);
    }
    if (!model) return none('an Ollama server answers, but `ECG_LLM_EVALUATION_MODEL` names no model');
    if (!listing.some((entry) => ollamaName(entry.id) === ollamaName(model))) return none(`the Ollama server does not have \`${model}\``);
  } else if (!model) {
    return none(`provider \`${provider}\` is chosen, but \`ECG_LLM_EVALUATION_MODEL\` names no model`);
  }
  return {
    ...base,
    system: { provider, model: model!, generation: { temperature: 0, seed: 42 } },
    note: `the model sections use \`${model}\` (${provider}) at temperature 0 with seed 42; ${mcDatasets.length ? 'the demo multiple-choice set' : 'no demo multiple-choice set is in this checkout, so only Q&A'} and the demo questions.`,
  };
}

/** Replies a model might give, with the options of a demo question (first: the correct one is B). */
export const PARSING_EXAMPLES: ReadonlyArray<{ reply: string; answer: 'A' | 'B' | 'C' | 'D' }> = [
  { reply: 'The correct answer is B', answer: 'B' },
  { reply: 'B', answer: 'B' },
  { reply: ' B', answer: 'B' },
  { reply: 'B. Sinus rhythm', answer: 'B' },
  { reply: 'Sinus rhythm.', answer: 'B' },
  { reply: 'The rhythm is regular with a P wave before every QRS, so the answer is B.', answer: 'B' },
  { reply: 'Based on the ECG, I would choose option B', answer: 'B' },
  { reply: 'I cannot tell from the information given.', answer: 'B' },
  { reply: '', answer: 'B' },
];
export const PARSING_EXAMPLE_CHOICES = ['Atrial fibrillation', 'Sinus rhythm', 'Atrial flutter', 'Ventricular tachycardia'];

/**
 * What each parser makes of {@link PARSING_EXAMPLES}: the workspace's parser, the authors' local-model parser
 * (§5.1) and their API exact match (§5.2), and whether each counts the reply as correct.
 */
export function parserComparisonTable(examples = PARSING_EXAMPLES, choices = PARSING_EXAMPLE_CHOICES): TableRow[] {
  const verdict = (value: string | null, answer: string): string => (value === null ? 'unparseable (dropped by the authors)' : value === answer ? `${JSON.stringify(value)} ✓` : `${JSON.stringify(value)} ✗`);
  return examples.map(({ reply, answer }) => {
    const workspace = parseChoiceLetter(reply, choices);
    return {
      reply: JSON.stringify(reply),
      workspace: workspace.value === null ? `unparseable (${workspace.rule}) ✗` : verdict(workspace.value, answer),
      authors_local: verdict(legacyLocalParseChoiceLetter(reply).value, answer),
      authors_api: verdict(legacyApiParseChoiceLetter(reply).value, answer),
    };
  });
}

/** Hypothesis–reference pairs that show how tokenization moves BLEU. */
export const BLEU_EXAMPLES: ReadonlyArray<{ hypothesis: string; reference: string }> = [
  { hypothesis: 'The PR interval is prolonged (>200 ms).', reference: 'The PR interval is prolonged (> 200 ms).' },
  { hypothesis: 'QTc = 480 ms, which is long.', reference: 'The QTc of 480 ms is long.' },
  { hypothesis: 'Atrial fibrillation', reference: 'Atrial fibrillation.' },
  { hypothesis: 'ST-elevation in V1-V4', reference: 'ST elevation in V1 to V4' },
];

/**
 * Sentence BLEU of {@link BLEU_EXAMPLES} under sacrebleu's tokenizers (13a default, intl, char, none) and the
 * authors' NLTK BLEU (whitespace tokens, no smoothing; ×100 to share the scale).
 */
export function bleuTokenizationTable(examples = BLEU_EXAMPLES): TableRow[] {
  const rows: TableRow[] = examples.map(({ hypothesis, reference }) => ({
    hypothesis,
    reference,
    sacrebleu_13a: sentenceBleu(hypothesis, [reference]).score,
    sacrebleu_intl: sentenceBleu(hypothesis, [reference], { tokenize: 'intl' }).score,
    sacrebleu_char: sentenceBleu(hypothesis, [reference], { tokenize: 'char' }).score,
    sacrebleu_none: sentenceBleu(hypothesis, [reference], { tokenize: 'none' }).score,
    nltk_legacy_x100: 100 * nltkSentenceBleu(hypothesis, [reference]),
  }));
  const corpus = corpusBleu(
    examples.map((example) => example.hypothesis),
    [examples.map((example) => example.reference)],
  );
  rows.push({ hypothesis: `corpus BLEU (${corpus.signature})`, reference: '', sacrebleu_13a: corpus.score });
  return rows;
}

/** ROUGE-1 and ROUGE-L F of the same pairs with and without the Porter stemmer. */
export function rougeStemmerTable(examples: ReadonlyArray<{ hypothesis: string; reference: string }> = [
  { hypothesis: 'The ventricles are depolarising early.', reference: 'Early ventricular depolarisation.' },
  { hypothesis: 'Leads show elevated ST segments.', reference: 'ST elevation in the leads.' },
  ...BLEU_EXAMPLES,
]): TableRow[] {
  return examples.map(({ hypothesis, reference }) => {
    const plain = rougeScore(reference, hypothesis, { types: ['rouge1', 'rougeL'], useStemmer: false });
    const stemmed = rougeScore(reference, hypothesis, { types: ['rouge1', 'rougeL'], useStemmer: true });
    return {
      hypothesis,
      reference,
      rouge1: plain.rouge1!.fmeasure,
      rouge1_stemmed: stemmed.rouge1!.fmeasure,
      rougeL: plain.rougeL!.fmeasure,
      rougeL_stemmed: stemmed.rougeL!.fmeasure,
    };
  });
}

/** What the authors' logged BERTScore keys actually hold (authors-pipeline §5.4): the P/R/F1 triple unpacked as (f1, precision, recall). */
export const BERTSCORE_LABELS: readonly TableRow[] = [
  { logged_key: 'bertscore_f1', actually_holds: 'BERTScore precision' },
  { logged_key: 'bertscore_precision', actually_holds: 'BERTScore recall' },
  { logged_key: 'bertscore_recall', actually_holds: 'BERTScore F1' },
];
