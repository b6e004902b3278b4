/**
 * `ecg-llm study`: the whole study on the demo corpus with the embedded model (see lib/study/run-study.ts).
 *
 *   ecg-llm study                          profile demo: the pinned embedded LLM (downloaded once)
 *   ecg-llm study --profile tiny           the generated test model: every step real, numbers meaningless
 *   ecg-llm study --adapter lora.gguf      adds the `finetuned` system
 *   ecg-llm study --profile paper --provider ollama --model llama3.1:8b
 */
import { runStudy, STUDY_PROFILES, type StudyProfile } from '../../study/run-study.js';
import { choiceOption, optionalString, type Command } from '../command.js';

const PATH = 'ecg-llm study';

export const studyCommand: Command = {
  name: 'study',
  summary: 'run the whole study on the demo corpus (embedded model; resumable; one HTML report)',
  description:
    'Corpus → synthesis → document-level splits → multiple-choice evaluation (Wilson intervals, McNemar + Holm) → results/study/<profile>/study-report.html and study-manifest.json. ' +
    'Killed and started again, it continues where it stopped; every model reply is cached, so a rerun makes no model calls.',
  options: {
    profile: { type: 'string', valueName: 'NAME', description: `profile: ${STUDY_PROFILES.join(', ')}`, default: 'demo' },
    adapter: { type: 'string', valueName: 'GGUF', description: 'a LoRA adapter (GGUF path or hf: reference): adds the finetuned system' },
    provider: { type: 'string', valueName: 'NAME', description: 'paper profile: the provider (ollama, anthropic, openai, llama-cpp)' },
    model: { type: 'string', valueName: 'ID', description: 'paper profile: the model' },
    host: { type: 'string', valueName: 'URL', description: 'Ollama server (default OLLAMA_HOST)' },
    out: { type: 'string', valueName: 'DIR', description: 'output folder (default results/study/<profile>)' },
  },
  async run(arguments_, context) {
    const profile = choiceOption(arguments_, 'profile', PATH, STUDY_PROFILES as StudyProfile[], 'demo');
    const result = await runStudy({
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
    context.stdout.write(`model calls: ${result.modelCalls.calls} (cached: ${result.modelCalls.cached})\n`);
    context.stdout.write(`report: ${result.report}\nmanifest: ${result.manifest}\n`);
    return 0;
  },
};
