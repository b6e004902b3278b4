/**
 * Serving a collected adapter back for the evaluation stage, three ways:
 * - **Ollama**: a Modelfile `FROM <base> / ADAPTER <adapter>` and `ollama create <name> -f Modelfile`
 *   (https://github.com/ollama/ollama/blob/main/docs/modelfile.md: ADAPTER takes a safetensors adapter folder or
 *   a GGUF LoRA adapter; the base model must be the one the adapter was trained on).
 * - **vLLM**: `vllm serve <base> --enable-lora --lora-modules <name>=<folder> --max-lora-rank <r>`
 *   (https://docs.vllm.ai/en/latest/features/lora.html; `--max-lora-rank` must be at least the adapter's r).
 * - **llama-cpp** (the embedded runtime): the GGUF copy of the adapter with the base model's GGUF.
 * The served system's identity is {@link adapterIdentity}: adapter sha256 + base model.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.js';
import { InvalidArgumentError, NotFoundError } from '../core/errors.js';
import { adapterIdentity, type CollectedAdapter } from './training-job.js';

export type AdapterServingTarget = 'ollama' | 'vllm' | 'llama-cpp';

/** The Ollama models of the Llama 3.1 Instruct bases (https://ollama.com/library/llama3.1/tags), unquantised. */
export const OLLAMA_BASE_MODELS: Readonly<Record<string, string>> = {
  'meta-llama/Llama-3.1-8B-Instruct': 'llama3.1:8b-instruct-fp16',
  'meta-llama/Llama-3.1-70B-Instruct': 'llama3.1:70b-instruct-fp16',
};

export interface AdapterServing {
  target: AdapterServingTarget;
  /** The name the served model answers to. */
  name: string;
  identity: { sha256: string; baseModel: string };
  /** Files written (the Modelfile for Ollama). */
  files: string[];
  /** The command that serves it, as argv. */
  command: string[];
  /** For llama-cpp: the adapter GGUF to load beside the base model. */
  ggufFile?: string;
}

/** What serves `collected` on `target`; writes the Ollama Modelfile into `directory`. */
export async function serveAdapter(
  collected: CollectedAdapter,
  options: { target: AdapterServingTarget; directory: string; name?: string; ollamaBaseModel?: string; loraRank?: number },
): Promise<AdapterServing> {
  const name = options.name ?? `ecg-llm-${collected.runId.slice(-6)}-${collected.sha256.slice(0, 8)}`;
  const identity = adapterIdentity(collected);
  switch (options.target) {
    case 'ollama': {
      const base = options.ollamaBaseModel ?? OLLAMA_BASE_MODELS[collected.baseModel];
      if (!base) throw new InvalidArgumentError('ollamaBaseModel', `no Ollama model is known for ${collected.baseModel}; give the Ollama name of that base model`);
      const modelfile = join(options.directory, 'Modelfile');
      const adapter = collected.ggufFile ?? collected.directory;
      await writeFileAtomic(
        modelfile,
        `# Adapter of run ${collected.runId} (sha256 ${collected.sha256}) on ${collected.baseModel}\nFROM ${base}\nADAPTER ${adapter}\n`,
      );
      return { target: 'ollama', name, identity, files: [modelfile], command: ['ollama', 'create', name, '-f', modelfile] };
    }
    case 'vllm': {
      const rank = options.loraRank ?? 16;
      return {
        target: 'vllm',
        name,
        identity,
        files: [],
        command: ['vllm', 'serve', collected.baseModel, '--enable-lora', '--lora-modules', `${name}=${collected.directory}`, '--max-lora-rank', String(rank)],
      };
    }
    case 'llama-cpp': {
      if (!collected.ggufFile) throw new NotFoundError('GGUF adapter', join(collected.directory, 'adapter.gguf'), 'the trainer wrote no GGUF copy');
      return { target: 'llama-cpp', name, identity, files: [], ggufFile: collected.ggufFile, command: ['llama-server', '--model', '<base model GGUF>', '--lora', collected.ggufFile] };
    }
    default:
      throw new InvalidArgumentError('target', `must be ollama, vllm or llama-cpp; got "${String(options.target)}"`);
  }
}
