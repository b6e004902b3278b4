/**
 * `ecg-llm corpus`: ingest, clean, split and profile a corpus folder (default: the demo corpus).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultBoilerplateSet } from '../../corpus/boilerplate-titles.js';
import type { SplitterConfig } from '../../corpus/chunk-documents.js';
import { PAPER_QA_TOKEN_BUDGET } from '../../corpus/chunk-documents.js';
import { demoCorpusInput, runCorpusStage } from '../../corpus/run-corpus-stage.js';
import { choiceOption, integerOption, optionalString, UsageError, type Command } from '../command.js';

const SPLITTERS = ['chars', 'tokens', 'sections', 'legacy-sections'] as const;
const CLEANING = ['default', 'legacy', 'none'] as const;

export const corpusCommand: Command = {
  name: 'corpus',
  summary: 'ingest PDFs, MinerU output and markdown; clean, split into chunks and profile',
  description: `
Reads every document of --input (recursively): MinerU output folders (<name>.md with <name>_content_list.json),
PDFs (text layer) and markdown files; parts of one book (<stem>_pages_<s>-<e>, <stem>.partN) are merged, the page
the authors' 300-page windows duplicated is dropped. Writes documents.jsonl, chunks.jsonl, cleaning-report.jsonl
and profile.json to --out (default: the run folder runs/<run-id>/) and a run manifest.

Splitters: chars (the paper's RAG setting, LangChain recursive splitting, 1024/100 characters), tokens (the same
by cl100k tokens, default 512/64), sections (heading-sections grouped under --token-budget cl100k tokens, for
generation), legacy-sections (the authors' halving scheme). A document that cannot be read stops the run with
its file named, unless --skip-unreadable is given. PDFs are read through their text layer; convert scanned books
(no text layer) with MinerU first and give its output folder (README, "Bringing your own literature").

Examples:
  ecg-llm corpus
  ecg-llm corpus --input ~/ecg-books --out corpus-out --splitter tokens --chunk-size 256 --chunk-overlap 32
  ecg-llm corpus --cleaning legacy --splitter legacy-sections --token-budget 50000`,
  options: {
    input: { type: 'string', valueName: 'DIR', description: 'corpus folder (default: the demo corpus)' },
    out: { type: 'string', valueName: 'DIR', description: 'output folder (default: the run folder)' },
    splitter: { type: 'string', valueName: 'KIND', description: `${SPLITTERS.join(' | ')}`, default: 'chars' },
    'chunk-size': { type: 'string', valueName: 'N', description: 'chunk size: characters (chars) or tokens (tokens); default 1024 / 512' },
    'chunk-overlap': { type: 'string', valueName: 'N', description: 'overlap between chunks; default 100 / 64' },
    'token-budget': { type: 'string', valueName: 'N', description: `token budget of sections / legacy-sections (default ${PAPER_QA_TOKEN_BUDGET})` },
    cleaning: { type: 'string', valueName: 'MODE', description: `${CLEANING.join(' | ')}`, default: 'default' },
    boilerplate: { type: 'string', valueName: 'SET', description: "section titles removed by cleaning: authors (their 75) | extended (+ funding, conflicts, data availability, further reading) (default: authors with --cleaning legacy, else extended)" },
    'keep-abstracts': { type: 'boolean', description: 'keep Abstract/Keywords sections (the authors removed them)' },
    'skip-unreadable': { type: 'boolean', description: 'report and skip unreadable documents instead of failing' },
  },
  async run(arguments_, context) {
    const path = 'ecg-llm corpus';
    const splitterKind = choiceOption(arguments_, 'splitter', path, SPLITTERS, 'chars');
    const cleaning = choiceOption(arguments_, 'cleaning', path, CLEANING, 'default');
    const tokens = splitterKind === 'tokens';
    let splitter: SplitterConfig;
    if (splitterKind === 'chars' || splitterKind === 'tokens') {
      const chunkSize = integerOption(arguments_, 'chunk-size', path, { min: 1, fallback: tokens ? 512 : 1024 })!;
      const chunkOverlap = integerOption(arguments_, 'chunk-overlap', path, { min: 0, fallback: tokens ? 64 : 100 })!;
      if (chunkOverlap >= chunkSize) throw new UsageError(path, `--chunk-overlap (${chunkOverlap}) must be smaller than --chunk-size (${chunkSize})`);
      splitter = { kind: tokens ? 'recursive-token' : 'recursive-character', chunkSize, chunkOverlap };
    } else {
      const tokenBudget = integerOption(arguments_, 'token-budget', path, { min: 1, fallback: PAPER_QA_TOKEN_BUDGET })!;
      splitter = { kind: splitterKind === 'sections' ? 'section-groups' : 'legacy-section-groups', tokenBudget };
    }
    const input = optionalString(arguments_, 'input');
    if (input) {
      const info = await stat(resolve(input)).catch(() => undefined);
      if (!info) throw new UsageError(path, `--input: no such folder: ${resolve(input)}`);
      if (!info.isDirectory()) throw new UsageError(path, `--input must be a folder of documents, got the file ${resolve(input)}`);
    }
    const output = optionalString(arguments_, 'out');
    const result = await runCorpusStage({
      input: input ? resolve(input) : demoCorpusInput(context.paths),
      ...(output ? { output: resolve(output) } : {}),
      splitter,
      cleaning,
      removeAbstractAndKeywords: arguments_.options['keep-abstracts'] !== true,
      boilerplate: choiceOption(arguments_, 'boilerplate', path, ['authors', 'extended'] as const, defaultBoilerplateSet(cleaning)),
      skipUnreadable: arguments_.options['skip-unreadable'] === true,
      paths: context.paths,
      progress: context.progress,
      command: context.argv,
    });
    const profile = result.profile;
    const languages = Object.entries(profile.byLanguage).map(([language, count]) => `${language} ${count}`).join(', ');
    context.stdout.write(
      `corpus: ${profile.documents} documents (${languages}), ${profile.words} words, ${profile.pages} pages, ` +
        `${profile.chunks} chunks (${profile.splitter}), cleaning ${profile.cleaning}: ${profile.removedSections} removals, ` +
        `${profile.removedCharacters} characters\n`,
    );
    for (const skipped of result.skipped) context.stdout.write(`skipped ${skipped.path}: ${skipped.reason}\n`);
    context.stdout.write(`output: ${result.outputDirectory}\nrun: ${result.runDirectory}\n`);
    return 0;
  },
};
