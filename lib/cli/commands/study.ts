/**
 * `ecg-llm study`: the whole study on the demo corpus with the embedded model (see lib/study/run-study.ts).
 *
 *   ecg-llm study                          profile demo: the pinned embedded LLM (downloaded once)
 *   ecg-llm study --profile tiny           the generated test model: every step real, numbers meaningless
 *   ecg-llm study --adapter lora.gguf      adds the `finetuned` system
 *   ecg-llm study --qa-items 20            Q&A items per dataset (default: tiny 3, demo 5, paper all)
 *   ecg-llm study --profile paper --provider ollama --model llama3.1:8b
 */
import { runStudy, STUDY_PROFILES, type StudyProfile } from '../../study/run-study.js';
import { choiceOption, integerOption, optionalString, type Command } from '../command.js';

const PATH = 'ecg-llm study';

export const studyCommand: Command = {
  name: 'study',
  summary: 'run the whole study on the demo corpus (embedded model; resumable; one HTML report)',
  description:
    'Corpus → synthesis → document-level splits → multiple-choice evaluation (Wilson intervals, McNemar + Holm) and Q&A evaluation (BLEU, ROUGE, LLM judge; bootstrap intervals, permutation tests + Holm) → results/study/<profile>/study-report.html and study-manifest.json. ' +
    'Killed and started again, it continues where it stopped; every model reply is cached, so a rerun makes no model calls.',
  options: {
    profile: { type: 'string', valueName: 'NAME', description: `profile: ${STUDY_PROFILES.join(', ')}`, default: 'demo' },
    adapter: { type: 'string', valueName: 'GGUF', description: 'a LoRA adapter (GGUF path or hf: reference): adds the finetuned system' },
    provider: { type: 'string', valueName: 'NAME', description: 'paper profile: the provider (ollama, anthropic, openai, llama-cpp)' },
    model: { type: 'string', valueName: 'ID', description: 'paper profile: the model' },
    host: { type: 'string', valueName: 'URL', description: 'Ollama server (default OLLAMA_HOST)' },
    'qa-items': { type: 'string', valueName: 'N', description: 'Q&A items per dataset (default: tiny 3, demo 5, paper all)' },
    out: { type: 'string', valueName: 'DIR', description: 'output folder (default results/study/<profile>)' },
  },
  async run(arguments_, context) {
    const profile = choiceOption(arguments_, 'profile', PATH, STUDY_PROFILES as StudyProfile[], 'demo');
    const qaItems = integerOption(arguments_, 'qa-items', PATH, { min: 1 });
    const result = await runStudy({
      ...(qaItems !== undefined ? { qaItems } : {}),
      profile,
      paths: context.paths,
      environment: context.environment,
      progress: context.progress,
      log: (line) => context.stdout.write(`${line}\n`),
      ...(optionalString(arguments_, 'adapter') ? { adapter: optionalString(arguments_, 'adapter') as string } : {}),
      ...(optionalString(arguments_, 'provider') ? { provider: optionalString(arguments_, 'provider') as string } : {}),
      ...(optionalString(arguments_, 'model') ? { model: optionalString(arguments_, 'model') as string } : {}),
      ...(optionalString(arguments_, 'host') ? { host: optionalString(arguments_, 'host') as string } : {}),
      ...(optionalString(arguments_, 'out') ? { outputDirectory: optionalString(arguments_, 'out') as string } : {}),
    });
    for (const row of result.summary) {
      context.stdout.write(`${row.system} on ${row.dataset}: ${row.correct}/${row.n} correct (accuracy ${row.accuracy.toFixed(3)}, Wilson 95% ${row.wilson95[0].toFixed(3)}–${row.wilson95[1].toFixed(3)})\n`);
    }
    for (const row of result.qaSummary) {
      if (row.metric !== 'rougeL' && row.metric !== 'judge_score') continue;
      const interval = row.bootstrap95 ? ` (bootstrap 95% ${row.bootstrap95[0].toFixed(3)}–${row.bootstrap95[1].toFixed(3)})` : '';
      context.stdout.write(`${row.system} on ${row.dataset}: ${row.metric} ${row.mean === null ? 'n/a' : row.mean.toFixed(3)} over ${row.n} items${interval}\n`);
    }
    for (const row of result.judge) {
      if (row.unparseable > 0) context.stdout.write(`judge on ${row.system} / ${row.dataset}: ${row.unparseable} of ${row.verdicts} verdicts unparseable\n`);
    }
    context.stdout.write(`model calls: ${result.modelCalls.calls} (cached: ${result.modelCalls.cached})\n`);
    context.stdout.write(`report: ${result.report}\nmanifest: ${result.manifest}\n`);
    return 0;
  },
};
