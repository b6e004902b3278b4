import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../lib/core/errors.js';
import { serveAdapter } from '../../lib/finetune/serve-adapter.js';
import type { CollectedAdapter } from '../../lib/finetune/training-job.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const collected: CollectedAdapter = {
  runId: 'finetune-20261202-040000-abcdef',
  baseModel: 'meta-llama/Llama-3.1-70B-Instruct',
  directory: '/runs/x/output/adapter',
  sha256: 'd'.repeat(64),
  ggufFile: '/runs/x/output/adapter/adapter.gguf',
  files: [],
};

describe('serveAdapter', () => {
  it('writes an Ollama Modelfile FROM the base model with the GGUF ADAPTER', async () => {
    const directory = await temporaryDirectory();
    const serving = await serveAdapter(collected, { target: 'ollama', directory });
    // Ollama Modelfile reference (docs/modelfile.md): FROM <model>, ADAPTER <path to safetensors folder or GGUF>.
    expect(await readFile(join(directory, 'Modelfile'), 'utf8')).toBe(
      `# Adapter of run ${collected.runId} (sha256 ${collected.sha256}) on ${collected.baseModel}\nFROM llama3.1:70b-instruct-fp16\nADAPTER /runs/x/output/adapter/adapter.gguf\n`,
    );
    expect(serving.name).toBe('ecg-llm-abcdef-dddddddd');
    expect(serving.identity).toEqual({ sha256: collected.sha256, baseModel: collected.baseModel });
  });

  it('gives vLLM the adapter folder as a LoRA module with a rank limit of at least r', async () => {
    const serving = await serveAdapter(collected, { target: 'vllm', directory: await temporaryDirectory(), name: 'ecg', loraRank: 64 });
    expect(serving.command).toEqual(['vllm', 'serve', 'meta-llama/Llama-3.1-70B-Instruct', '--enable-lora', '--lora-modules', 'ecg=/runs/x/output/adapter', '--max-lora-rank', '64']);
  });

  it('names the GGUF for llama-cpp, and refuses what it cannot serve', async () => {
    const directory = await temporaryDirectory();
    expect((await serveAdapter(collected, { target: 'llama-cpp', directory })).ggufFile).toBe(collected.ggufFile);
    const { ggufFile: _gguf, ...withoutGguf } = collected;
    await expect(serveAdapter(withoutGguf, { target: 'llama-cpp', directory })).rejects.toThrow(NotFoundError);
    await expect(serveAdapter({ ...collected, baseModel: 'mistralai/Mistral-7B' }, { target: 'ollama', directory })).rejects.toThrow(InvalidArgumentError);
  });
});
