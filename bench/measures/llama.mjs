/**
 * The embedded model (provider `llama-cpp`, lib/llm/providers/llama-cpp.ts, node-llama-cpp) on the tiny generated
 * GGUF (scripts/make-tiny-gguf.mjs; random weights, meaningless text): tokens per second through a model stack, and
 * the time per call against node-llama-cpp used directly (a context + sequence evaluating the same ChatML prompt and
 * generating the same number of tokens greedily) in the same run. One thread, as the workspace runs the tiny model.
 */
import { dist, median, row } from '../bench-lib.mjs';

export const description = 'embedded llama-cpp model: tokens/s and overhead per call vs node-llama-cpp directly (tiny GGUF)';

export async function run({ quick, log }) {
  const { resolveWorkspacePaths } = await dist('core/paths.js');
  const { ensureTinyChatModel } = await dist('llm/default-chat-model.js');
  const { createModelStack } = await dist('llm/model-stack.js');
  const { disposeEmbeddedModels } = await dist('llm/providers/llama-cpp.js');
  const modelPath = await ensureTinyChatModel(resolveWorkspacePaths());
  const calls = quick ? 10 : 30;
  const maxTokens = 64;
  const question = (index) => [{ role: 'user', content: `What is the QRS complex? (${index})` }];
  const stack = createModelStack({ provider: 'llama-cpp', model: modelPath, threads: 1, cache: { mode: 'off' } });
  await stack.model.chat({ messages: question(-1), maxTokens, temperature: 0 });
  const stackTimes = [];
  const tokensPerCall = [];
  for (let index = 0; index < calls; index++) {
    const start = performance.now();
    const reply = await stack.model.chat({ messages: question(index), maxTokens, temperature: 0 });
    stackTimes.push(performance.now() - start);
    tokensPerCall.push(reply.usage.outputTokens);
  }
  await disposeEmbeddedModels();
  // The provider alone (no model stack), to tell the stack's share from the provider's.
  const { LlamaCppChatModel } = await dist('llm/providers/llama-cpp.js');
  const provider = new LlamaCppChatModel({ model: modelPath, threads: 1 });
  await provider.chat({ messages: question(-1), maxTokens, temperature: 0 });
  const providerTimes = [];
  for (let index = 0; index < calls; index++) {
    const start = performance.now();
    await provider.chat({ messages: question(index), maxTokens, temperature: 0 });
    providerTimes.push(performance.now() - start);
  }
  await disposeEmbeddedModels();

  // Bare node-llama-cpp: the ChatML prompt tokenised by the model, evaluated, then `generated` tokens drawn greedily.
  const { getLlama } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 4096, threads: 1 });
  const bareTimes = [];
  try {
    for (let index = -1; index < calls; index++) {
      const generate = tokensPerCall[Math.max(index, 0)];
      const prompt = `<s><|im_start|>user\n${question(index)[0].content}<|im_end|>\n<|im_start|>assistant\n`;
      const start = performance.now();
      const sequence = context.getSequence();
      let produced = 0;
      for await (const token of sequence.evaluate(model.tokenize(prompt, true), { temperature: 0 })) {
        void token;
        if (++produced >= generate) break;
      }
      sequence.dispose();
      if (index >= 0) bareTimes.push(performance.now() - start);
    }
  } finally {
    await context.dispose();
    await model.dispose();
  }
  const stackMs = median(stackTimes);
  const bareMs = median(bareTimes);
  const tokens = median(tokensPerCall);
  log(`   ${calls} calls of ${tokens} tokens: stack ${stackMs.toFixed(1)} ms/call (${((tokens / stackMs) * 1000).toFixed(0)} tokens/s), bare ${bareMs.toFixed(1)} ms`);
  return {
    rows: [
      row({ measure: 'embedded LLM', name: `llama-cpp tiny GGUF via model stack, ${tokens} tokens per call, 1 thread`, unit: 'tokens/s', value: (tokens / stackMs) * 1000, higherIsBetter: true, anchor: { name: 'node-llama-cpp directly, same prompt and token count', value: (tokens / bareMs) * 1000, unit: 'tokens/s' } }),
      row({ measure: 'embedded LLM', name: 'time per call (model stack: template, limits, usage)', unit: 'ms', value: stackMs, higherIsBetter: false, anchor: { name: 'node-llama-cpp directly', value: bareMs, unit: 'ms' } }),
      row({ measure: 'embedded LLM', name: 'time per call, LlamaCppChatModel alone (no stack)', unit: 'ms', value: median(providerTimes), higherIsBetter: false, anchor: { name: 'node-llama-cpp directly', value: bareMs, unit: 'ms' } }),
    ],
  };
}
