/**
 * What notebook 02 shows, decided honestly from what is available — never from invented model output:
 *
 * 1. **outputs**: a synthesis output folder exists (`ECG_LLM_SYNTHESIS_OUTPUT`, default
 *    `<workspace>/results/synthesis/demo`) → its items, failures and reports are shown;
 * 2. **ollama**: otherwise, if `OLLAMA_HOST` is set, answers, and offers the model named by
 *    `ECG_LLM_SYNTHESIS_MODEL` → a small synthesis run (the first `limitUnits` units) writes that folder;
 * 3. **embedded**: otherwise a small run with the embedded model (`defaultChatModelSettings()`: the pinned
 *    default LLM when downloaded, else the generated tiny model, which the note says);
 * 4. **deterministic**: with `ECG_LLM_EMBEDDED_MODEL=0`, only what needs no model — the demo corpus's generation units in both unit
 *    modes and the document split — with a note saying why and how to get the rest.
 *
 * In every mode the demo corpus is processed through the corpus stage and its units and document split are
 * computed, so the parts that do not depend on a model are always real.
 */
import { join } from 'node:path';
import { resolveWorkspacePaths, type WorkspacePaths } from '../core/paths.js';
import { silentProgress, type ProgressFactory } from '../core/progress.js';
import { ingestCorpus } from '../corpus/ingest-corpus.js';
import { demoCorpusInput } from '../corpus/run-corpus-stage.js';
import { defaultChatModelSettings } from '../llm/default-chat-model.js';
import { listModels } from '../llm/providers/provider-registry.js';
import { ollamaModelName } from '../llm/providers/ollama.js';
import type { TableRow } from '../report/table.js';
import type { CorpusDocument } from '../schemas/corpus.js';
import { assembleDatasets } from './assemble-datasets.js';
import { assignDocumentSplits, DEFAULT_SPLIT_RATIOS } from './dataset-splits.js';
import { prepareDemoCorpus } from './demo-corpus-input.js';
import { documentUnits, unitSplitter, type GenerationUnit } from './generation-unit.js';
import { createGeneratorModel } from './generator-model.js';
import type { LeakageReport } from './leakage-report.js';
import { hasSynthesisOutputs, readSynthesisOutputs, type SynthesisOutputs } from './synthesis-outputs.js';
import { synthesize } from './synthesize.js';

export interface SynthesisNotebookOptions {
  paths?: WorkspacePaths;
  environment?: NodeJS.ProcessEnv;
  /** Output folder to show or write (default `ECG_LLM_SYNTHESIS_OUTPUT`, else `<root>/results/synthesis/demo`). */
  outputDirectory?: string;
  /** Ollama model for a fresh run (default `ECG_LLM_SYNTHESIS_MODEL`). */
  model?: string;
  /** Units per kind of a fresh run (default 8). */
  limitUnits?: number;
  seed?: number;
  progress?: ProgressFactory;
}

export interface SynthesisNotebookData {
  mode: 'outputs' | 'ollama' | 'embedded' | 'deterministic';
  /** A markdown paragraph saying where the data shown comes from. */
  note: string;
  outputDirectory: string;
  documents: CorpusDocument[];
  /** The demo corpus cut into 1,500-token units and into the authors' 50k-token section groups. */
  fixedUnits: GenerationUnit[];
  legacyUnits: GenerationUnit[];
  /** Document → split under the seed (document-level split weighted by units). */
  documentSplits: TableRow[];
  outputs: SynthesisOutputs | null;
  /** The same items split the authors' way (within documents), for comparison; null without items. */
  withinDocumentLeakage: LeakageReport | null;
}

async function reachableOllamaModel(environment: NodeJS.ProcessEnv, model: string | undefined): Promise<{ ok: boolean; reason: string }> {
  if (!environment.OLLAMA_HOST) return { ok: false, reason: '`OLLAMA_HOST` is not set' };
  let listing;
  try {
    listing = await listModels({ provider: 'ollama', environment, timeoutMs: 5000 });
  } catch (error) {
    return { ok: false, reason: `the Ollama server at \`OLLAMA_HOST\` did not answer (${(error as Error).message})` };
  }
  if (!model) return { ok: false, reason: 'an Ollama server answers, but `ECG_LLM_SYNTHESIS_MODEL` names no model to use' };
  if (!listing.some((entry) => ollamaModelName(entry.id) === ollamaModelName(model))) {
    return { ok: false, reason: `the Ollama server does not have \`${model}\` (run \`ollama pull ${model}\` there)` };
  }
  return { ok: true, reason: '' };
}

/** Loads (or, with a reachable Ollama model, produces) what notebook 02 shows; see module documentation. */
export async function loadSynthesisNotebookData(options: SynthesisNotebookOptions = {}): Promise<SynthesisNotebookData> {
  const environment = options.environment ?? process.env;
  const paths = options.paths ?? resolveWorkspacePaths({}, environment);
  const progress = options.progress ?? silentProgress;
  const seed = options.seed ?? 42;
  const outputDirectory = options.outputDirectory ?? environment.ECG_LLM_SYNTHESIS_OUTPUT ?? join(paths.root, 'results', 'synthesis', 'demo');
  const { documents } = await ingestCorpus(demoCorpusInput(paths), { progress });
  const fixedUnits = documents.flatMap((document) => documentUnits(document, unitSplitter('fixed-tokens', 'qa')));
  const legacyUnits = documents.flatMap((document) => documentUnits(document, unitSplitter('sections-legacy', 'qa')));
  const weights = new Map<string, number>();
  for (const unit of fixedUnits) weights.set(unit.documentId, (weights.get(unit.documentId) ?? 0) + 1);
  const splits = assignDocumentSplits([...weights].map(([id, weight]) => ({ id, weight })), { seed, ratios: DEFAULT_SPLIT_RATIOS });
  const documentSplits = documents.map((document) => ({
    document: document.title,
    language: document.language,
    units: weights.get(document.id) ?? 0,
    split: splits.get(document.id) ?? '',
  }));
  let mode: SynthesisNotebookData['mode'];
  let note: string;
  if (await hasSynthesisOutputs(outputDirectory)) {
    mode = 'outputs';
    note = `Showing the synthesis run whose outputs are in \`${outputDirectory}\`.`;
  } else {
    const model = options.model ?? environment.ECG_LLM_SYNTHESIS_MODEL;
    const ollama = await reachableOllamaModel(environment, model);
    if (ollama.ok && model) {
      const stack = createGeneratorModel({ provider: 'ollama', model, environment, paths, seed });
      const corpusDirectory = await prepareDemoCorpus(paths, join(outputDirectory, 'corpus'), progress);
      await synthesize(
        { corpusDirectory, outputDirectory, provider: 'ollama', model, limitUnits: options.limitUnits ?? 8, seed },
        { model: stack.model, paths, progress, usage: () => stack.report() },
      );
      mode = 'ollama';
      note = `No earlier outputs were found, so a small synthesis run (${options.limitUnits ?? 8} units per kind) was made with \`${model}\` on the Ollama server at \`OLLAMA_HOST\`; its outputs are in \`${outputDirectory}\`.`;
    } else if (environment.ECG_LLM_EMBEDDED_MODEL !== '0') {
      // The embedded model (node-llama-cpp): the pinned default LLM when downloaded, else the tiny test model.
      const choice = await defaultChatModelSettings({ paths, environment });
      // The tiny model's text is meaningless: 2 units per kind show every step without waiting for more.
      const limitUnits = choice.kind === 'tiny' ? Math.min(options.limitUnits ?? 8, 2) : (options.limitUnits ?? 8);
      const stack = createGeneratorModel({ ...choice.settings, environment, paths, seed });
      const corpusDirectory = await prepareDemoCorpus(paths, join(outputDirectory, 'corpus'), progress);
      await synthesize(
        { corpusDirectory, outputDirectory, provider: 'llama-cpp', model: choice.settings.model, limitUnits, seed },
        { model: stack.model, paths, progress, usage: () => stack.report() },
      );
      mode = 'embedded';
      note = `No earlier outputs were found and no Ollama model is configured (${ollama.reason}), so a small synthesis run (${limitUnits} units per kind) was made with the embedded model. ${choice.note} Outputs are in \`${outputDirectory}\`.`;
    } else {
      mode = 'deterministic';
      note =
        `No synthesis outputs were found in \`${outputDirectory}\` and no model could be used: ${ollama.reason}. ` +
        'Only the parts that need no model are shown below (generation units and the document split). To see generated ' +
        'items, run `ecg-llm synthesize --provider ollama --model <name> --out ' +
        `${outputDirectory}\` (or set \`OLLAMA_HOST\` and \`ECG_LLM_SYNTHESIS_MODEL\` and run this notebook again).`;
    }
  }
  const outputs = mode === 'deterministic' ? null : await readSynthesisOutputs(outputDirectory);
  const withinDocumentLeakage =
    outputs && outputs.qa.length + outputs.mc.length > 0
      ? assembleDatasets(
          {
            units: outputs.units,
            qa: outputs.qa.map(({ split: _split, ...item }) => item),
            mc: outputs.mc.map(({ split: _split, ...item }) => item),
            failures: [],
          },
          { seed: typeof outputs.manifest?.seed === 'number' ? outputs.manifest.seed : seed, splitMode: 'within-document' },
        ).leakage
      : null;
  return { mode, note, outputDirectory, documents, fixedUnits, legacyUnits, documentSplits, outputs, withinDocumentLeakage };
}
