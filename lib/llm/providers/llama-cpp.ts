/**
 * The embedded provider `llama-cpp`: a GGUF model run inside this Node process by node-llama-cpp (llama.cpp's
 * prebuilt CPU binaries; a GPU is used when the machine has one and `gpu` is not `false`). No server, no key.
 *
 * - **Model**: `settings.model` is a GGUF path, an `hf:<owner>/<repo>/<file>.gguf` reference, or the name of a
 *   pinned entry of the model-file registry (`lib/llm/model-files.ts`, e.g. `default`); files are downloaded
 *   into the workspace cache once and verified by sha256 (see {@link ensureModelFile}).
 * - **Chat** uses the model's own chat template (the GGUF's `tokenizer.chat_template`, resolved by
 *   node-llama-cpp to a chat wrapper). Structured output (`responseFormat`) is a JSON-schema grammar that
 *   constrains decoding, so the reply always parses.
 * - **Log-probabilities** (`topLogprobs`): each output token's log-probability and the top-k alternatives,
 *   computed from the model's full next-token logits (log-softmax over the whole vocabulary, before any
 *   temperature or truncation). With `topLogprobs` the provider samples the tokens itself: greedy at
 *   temperature 0 (the default), else seeded sampling from softmax(logits / temperature) with nucleus `topP`.
 * - **LoRA**: `adapter` (a GGUF LoRA file, what the finetuning stage exports) and `adapterScale`; the adapter's
 *   sha256 is part of {@link LlamaCppChatModel.describe}, hence of the response-cache key.
 * - **Resources**: one loaded model (and one context per adapter/context-size/threads combination) is shared by
 *   every chat model of the process and disposed on exit; calls on one context run one at a time.
 *   `threads` defaults to min(physical cores, 4). On small virtual machines (2 vCPUs shared with other work)
 *   fewer threads are often *faster*: llama.cpp's threads spin-wait for each other, so oversubscribed threads
 *   slow every token down; try `threads: 1` there. `contextSize` defaults to 4096 tokens (or the model's
 *   training context if smaller).
 * - **Errors**: a missing file is a {@link NotFoundError}; a file that is not a loadable GGUF an
 *   {@link InputFileError}; a prompt longer than the context a {@link ContextTooSmallError}; a model or context
 *   that does not fit in memory a {@link ModelTooLargeError}. Aborting the call's signal stops generation
 *   between two tokens.
 *
 * Temperature defaults to 0 (greedy decoding, deterministic for a given binary and thread count); `seed` makes
 * sampling at a temperature above 0 repeatable.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename } from 'node:path';
import type {
  ChatWrapper,
  ChatHistoryItem,
  Llama,
  LlamaChat as LlamaChatType,
  LlamaContext,
  LlamaContextSequence,
  LlamaGrammar,
  LlamaModel,
  Token,
} from 'node-llama-cpp';
import { InputFileError, InvalidArgumentError, NotFoundError, WorkspaceError } from '../../core/errors.js';
import { createRandom } from '../../core/random.js';
import type { ModelReference } from '../../schemas/run-manifest.js';
import type { ChatCallOptions, ChatModel, ChatRequest, ChatResponse, TokenLogprob } from '../chat-model.js';
import { ensureModelFile, type ModelFileOptions } from '../model-files.js';
import type { ChatModelSettings, ModelListing, ProviderDefinition } from './provider-definition.js';

/** The prompt (plus room for at least one output token) does not fit into the context window. */
export class ContextTooSmallError extends WorkspaceError {
  constructor(model: string, promptTokens: number, contextSize: number) {
    super(
      'CONTEXT_TOO_SMALL',
      `llama-cpp model ${model}: the prompt has ${promptTokens} tokens but the context holds ${contextSize}; ` +
        'shorten the prompt (fewer or shorter retrieved passages) or raise the provider setting "contextSize".',
      { model, promptTokens, contextSize },
    );
  }
}

/** The model, or the context requested for it, does not fit into the memory of this machine. */
export class ModelTooLargeError extends WorkspaceError {
  constructor(model: string, contextSize: number, reason: string, options?: { cause?: unknown }) {
    super(
      'MODEL_TOO_LARGE',
      `llama-cpp model ${model} with a context of ${contextSize} tokens does not fit into memory (${reason}); ` +
        'use a smaller "contextSize", a smaller (more quantized) model, or a machine with more memory.',
      { model, contextSize, reason },
      options,
    );
  }
}

const DEFAULT_CONTEXT_SIZE = 4096;
const MAXIMUM_DEFAULT_THREADS = 4;

/** Physical CPU cores (Linux: distinct core ids in /proc/cpuinfo; elsewhere the logical count). */
export async function physicalCoreCount(): Promise<number> {
  const logical = Math.max(1, cpus().length);
  try {
    const text = await readFile('/proc/cpuinfo', 'utf8');
    const cores = new Set<string>();
    let physicalId = '0';
    for (const line of text.split('\n')) {
      const [key, value] = line.split(':').map((part) => part?.trim());
      if (key === 'physical id') physicalId = value ?? '0';
      if (key === 'core id') cores.add(`${physicalId}:${value}`);
    }
    return cores.size > 0 ? Math.min(cores.size, logical) : logical;
  } catch {
    return logical;
  }
}

/** The default thread count: min(physical cores, 4). */
export async function defaultThreadCount(): Promise<number> {
  return Math.min(await physicalCoreCount(), MAXIMUM_DEFAULT_THREADS);
}

const fileHashes = new Map<string, Promise<string>>();

/** sha256 of a file, remembered per path, size and modification time for the life of the process. */
export async function fileSha256(path: string): Promise<string> {
  const info = await stat(path);
  const key = `${path}\0${info.size}\0${info.mtimeMs}`;
  let hash = fileHashes.get(key);
  if (!hash) {
    hash = new Promise<string>((resolve, reject) => {
      const digest = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => digest.update(chunk))
        .on('error', reject)
        .on('end', () => resolve(digest.digest('hex')));
    });
    fileHashes.set(key, hash);
    hash.catch(() => fileHashes.delete(key));
  }
  return hash;
}

type NodeLlamaCpp = typeof import('node-llama-cpp');

let libraryPromise: Promise<NodeLlamaCpp> | undefined;
const llamaInstances = new Map<string, Promise<Llama>>();
const loadedModels = new Map<string, Promise<LlamaModel>>();
const contexts = new Map<string, Promise<SharedContext>>();
let exitHookInstalled = false;

/** node-llama-cpp, imported on first use (its native binary is loaded only when a model is). */
function library(): Promise<NodeLlamaCpp> {
  libraryPromise ??= import('node-llama-cpp');
  return libraryPromise;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('beforeExit', () => {
    void disposeEmbeddedModels();
  });
}

async function loadLlama(gpu: boolean): Promise<Llama> {
  const key = gpu ? 'auto' : 'cpu';
  let instance = llamaInstances.get(key);
  if (!instance) {
    instance = library().then(({ getLlama }) => getLlama({ gpu: gpu ? 'auto' : false, build: 'never', progressLogs: false, logLevel: 'error' as never }));
    llamaInstances.set(key, instance);
    instance.catch(() => llamaInstances.delete(key));
  }
  return instance;
}

/** A context with one sequence, shared by all chat models with the same model file, adapter, size and threads. */
interface SharedContext {
  context: LlamaContext;
  sequence: LlamaContextSequence;
  /**
   * The model's chat wrapper, resolved once: node-llama-cpp's automatic resolution renders and checks the model's
   * Jinja chat template on sample conversations, which took ~0.5 s per call when left to each `LlamaChat`.
   */
  chatWrapper: ChatWrapper;
  /** The tail of the queue of calls on this sequence. */
  queue: Promise<unknown>;
}

/** Frees every model and context this process loaded (called automatically before the process exits). */
export async function disposeEmbeddedModels(): Promise<void> {
  const contextList = [...contexts.values()];
  const modelList = [...loadedModels.values()];
  contexts.clear();
  loadedModels.clear();
  for (const shared of contextList) await shared.then((entry) => entry.context.dispose()).catch(() => undefined);
  for (const model of modelList) await model.then((entry) => entry.dispose()).catch(() => undefined);
}

/** Settings of the embedded provider (besides `model`). */
export interface LlamaCppSettings {
  /** Context window in tokens (default 4096, at most the model's training context). */
  contextSize?: number;
  /** CPU threads (default min(physical cores, 4)). */
  threads?: number;
  /** A LoRA adapter in GGUF: a path or an `hf:` reference. */
  adapter?: string;
  /** The adapter's scale (default 1). */
  adapterScale?: number;
  /** Use a GPU when there is one (default true); `false` forces the CPU. */
  gpu?: boolean;
}

interface ResolvedFiles {
  modelPath: string;
  modelSha256: string;
  adapterPath?: string;
  adapterSha256?: string;
}

/** Maps node-llama-cpp's stop reasons to the interface's finish reasons. */
function finishReason(stopReason: string | undefined): ChatResponse['finishReason'] {
  if (stopReason === 'maxTokens') return 'length';
  if (stopReason === 'abort') return 'other';
  return 'stop';
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return Boolean(signal?.aborted) || (error instanceof Error && error.name === 'AbortError');
}

/** A GGUF model run in this process through node-llama-cpp. */
export class LlamaCppChatModel implements ChatModel {
  readonly provider = 'llama-cpp';
  readonly model: string;
  private readonly settings: LlamaCppSettings;
  private readonly fileOptions: ModelFileOptions;
  private filesPromise: Promise<ResolvedFiles> | undefined;
  private sharedPromise: Promise<{ llama: Llama; model: LlamaModel; shared: SharedContext; contextSize: number }> | undefined;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();

  constructor(settings: Omit<ChatModelSettings, 'provider'>) {
    // Above about a million tokens llama.cpp's memory estimate for the context runs for minutes instead of failing.
    if (settings.contextSize !== undefined && (!Number.isInteger(settings.contextSize) || settings.contextSize < 16 || settings.contextSize > 1_048_576)) {
      throw new InvalidArgumentError('contextSize', `must be an integer from 16 to 1,048,576 tokens, got ${settings.contextSize}`);
    }
    if (settings.threads !== undefined && (!Number.isInteger(settings.threads) || settings.threads < 1)) {
      throw new InvalidArgumentError('threads', `must be a positive integer, got ${settings.threads}`);
    }
    if (settings.adapterScale !== undefined && !Number.isFinite(settings.adapterScale)) {
      throw new InvalidArgumentError('adapterScale', `must be a finite number, got ${settings.adapterScale}`);
    }
    this.model = settings.model;
    this.settings = {
      contextSize: settings.contextSize,
      threads: settings.threads,
      adapter: settings.adapter,
      adapterScale: settings.adapterScale,
      gpu: settings.gpu,
    };
    this.fileOptions = { environment: settings.environment, progress: settings.progress, paths: settings.paths };
  }

  /** The model file (and adapter), downloaded and verified if needed, with their sha256. */
  files(): Promise<ResolvedFiles> {
    this.filesPromise ??= (async () => {
      const modelFile = await ensureModelFile(this.model, this.fileOptions);
      const adapterFile = this.settings.adapter ? await ensureModelFile(this.settings.adapter, this.fileOptions) : undefined;
      return {
        modelPath: modelFile.path,
        modelSha256: modelFile.sha256 ?? (await fileSha256(modelFile.path)),
        ...(adapterFile ? { adapterPath: adapterFile.path, adapterSha256: adapterFile.sha256 ?? (await fileSha256(adapterFile.path)) } : {}),
      };
    })();
    this.filesPromise.catch(() => {
      this.filesPromise = undefined;
    });
    return this.filesPromise;
  }

  async describe(): Promise<ModelReference> {
    const files = await this.files();
    return {
      role: 'chat',
      provider: this.provider,
      id: this.model,
      digest: `sha256:${files.modelSha256}`,
      parameters: {
        file: basename(files.modelPath),
        ...(files.adapterPath
          ? { adapter: { file: basename(files.adapterPath), sha256: files.adapterSha256, scale: this.settings.adapterScale ?? 1 } }
          : {}),
      },
    };
  }

  /** Loads the model and its context on first use (shared with other chat models of the process). */
  private loaded(): Promise<{ llama: Llama; model: LlamaModel; shared: SharedContext; contextSize: number }> {
    this.sharedPromise ??= (async () => {
      const files = await this.files();
      const llama = await loadLlama(this.settings.gpu !== false);
      const model = await this.loadModel(llama, files.modelPath);
      const contextSize = Math.min(this.settings.contextSize ?? DEFAULT_CONTEXT_SIZE, this.settings.contextSize ? Number.MAX_SAFE_INTEGER : model.trainContextSize);
      const threads = this.settings.threads ?? (await defaultThreadCount());
      const scale = this.settings.adapterScale ?? 1;
      const key = [files.modelPath, files.adapterPath ?? '', scale, contextSize, threads].join('\0');
      let shared = contexts.get(key);
      if (!shared) {
        shared = (async (): Promise<SharedContext> => {
          try {
            const context = await model.createContext({
              contextSize,
              threads,
              sequences: 1,
              failedCreationRemedy: false,
              ...(files.adapterPath ? { lora: { adapters: [{ filePath: files.adapterPath, scale }] } } : {}),
            });
            const { resolveChatWrapper } = await library();
            const chatWrapper = resolveChatWrapper(model) as ChatWrapper;
            return { context, sequence: context.getSequence(), chatWrapper, queue: Promise.resolve() };
          } catch (error) {
            throw this.loadFailure(error, files.adapterPath ?? files.modelPath, contextSize);
          }
        })();
        contexts.set(key, shared);
        shared.catch(() => contexts.delete(key));
      }
      return { llama, model, shared: await shared, contextSize };
    })();
    this.sharedPromise.catch(() => {
      this.sharedPromise = undefined;
    });
    return this.sharedPromise;
  }

  private async loadModel(llama: Llama, path: string): Promise<LlamaModel> {
    let model = loadedModels.get(path);
    if (!model) {
      model = (async () => {
        const { readGgufFileInfo } = await library();
        // Read the header first: llama.cpp aborts the whole process on some malformed files instead of failing.
        try {
          await readGgufFileInfo(path, { readTensorInfo: true });
        } catch (error) {
          throw new InputFileError({ file: path }, `not a readable GGUF model file (${error instanceof Error ? error.message : String(error)})`, {}, { cause: error });
        }
        try {
          return await llama.loadModel({ modelPath: path });
        } catch (error) {
          throw this.loadFailure(error, path, this.settings.contextSize ?? DEFAULT_CONTEXT_SIZE);
        }
      })();
      loadedModels.set(path, model);
      model.catch(() => loadedModels.delete(path));
      installExitHook();
    }
    return model;
  }

  private loadFailure(error: unknown, path: string, contextSize: number): unknown {
    if (error instanceof WorkspaceError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const name = error instanceof Error ? error.name : '';
    if (name === 'InsufficientMemoryError' || /memory|too large|failed to allocate/i.test(message)) {
      return new ModelTooLargeError(this.model, contextSize, message, { cause: error });
    }
    return new InputFileError({ file: path }, `llama.cpp could not load it: ${message}`, {}, { cause: error });
  }

  private grammar(llama: Llama, schema: Record<string, unknown>): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema(schema as never) as Promise<LlamaGrammar>;
      this.grammars.set(key, grammar);
      grammar.catch(() => this.grammars.delete(key));
    }
    return grammar;
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    if (request.messages.length === 0) throw new InvalidArgumentError('messages', 'must contain at least one message');
    if (options.signal?.aborted) throw options.signal.reason;
    if (request.topLogprobs !== undefined && request.responseFormat) {
      throw new InvalidArgumentError('topLogprobs', 'the llama-cpp provider gives log-probabilities only without responseFormat');
    }
    const loaded = await this.loaded();
    const run = loaded.shared.queue.then(() => this.generate(loaded, request, options));
    loaded.shared.queue = run.catch(() => undefined);
    return run;
  }

  private history(request: ChatRequest): ChatHistoryItem[] {
    const items: ChatHistoryItem[] = request.messages.map((message): ChatHistoryItem => {
      if (message.role === 'system') return { type: 'system', text: message.content };
      if (message.role === 'user') return { type: 'user', text: message.content };
      return { type: 'model', response: [message.content] };
    });
    const last = request.messages.at(-1);
    // The model answers after the last message; a trailing assistant message is continued.
    if (last?.role !== 'assistant') items.push({ type: 'model', response: [] });
    return items;
  }

  private async generate(
    loaded: { llama: Llama; model: LlamaModel; shared: SharedContext; contextSize: number },
    request: ChatRequest,
    options: ChatCallOptions,
  ): Promise<ChatResponse> {
    const { LlamaChat } = await library();
    const { model, shared, contextSize } = loaded;
    const chat: LlamaChatType = new LlamaChat({ contextSequence: shared.sequence, autoDisposeSequence: false, chatWrapper: shared.chatWrapper });
    try {
      const history = this.history(request);
      const { contextText } = chat.chatWrapper.generateContextState({ chatHistory: history });
      const promptTokens = contextText.tokenize(model.tokenizer);
      if (promptTokens.length >= contextSize) throw new ContextTooSmallError(this.model, promptTokens.length, contextSize);
      const room = contextSize - promptTokens.length;
      const maxTokens = Math.min(request.maxTokens ?? room, room);
      if (request.topLogprobs !== undefined) return await this.generateWithLogprobs(model, shared.sequence, promptTokens, maxTokens, request, options);
      const grammar = request.responseFormat ? await this.grammar(loaded.llama, request.responseFormat.jsonSchema) : undefined;
      let outputTokens = 0;
      const result = await chat.generateResponse(history, {
        maxTokens,
        temperature: request.temperature ?? 0,
        ...(request.topP !== undefined ? { topP: request.topP } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(grammar ? { grammar } : {}),
        ...(request.stop?.length ? { customStopTriggers: request.stop } : {}),
        repeatPenalty: false,
        signal: options.signal,
        contextShift: { strategy: 'eraseFirstResponseAndKeepFirstSystem' },
        onToken: (tokens) => {
          outputTokens += tokens.length;
        },
        ...(options.onDelta ? { onTextChunk: (text: string) => options.onDelta?.({ text, outputTokens }) } : {}),
      });
      return {
        text: result.response,
        model: this.model,
        finishReason: finishReason(result.metadata.stopReason),
        usage: { inputTokens: promptTokens.length, outputTokens },
      };
    } catch (error) {
      if (isAbort(error, options.signal)) throw options.signal?.reason ?? error;
      throw error;
    } finally {
      chat.dispose({ disposeSequence: false });
    }
  }

  /**
   * Generation token by token from the full next-token logits, so each token's log-probability and the top-k
   * alternatives are exact log-softmax values over the whole vocabulary.
   */
  private async generateWithLogprobs(
    model: LlamaModel,
    sequence: LlamaContextSequence,
    promptTokens: Token[],
    maxTokens: number,
    request: ChatRequest,
    options: ChatCallOptions,
  ): Promise<ChatResponse> {
    const topCount = Math.max(0, Math.floor(request.topLogprobs ?? 0));
    const temperature = request.temperature ?? 0;
    const random = createRandom(request.seed ?? 0);
    await sequence.clearHistory();
    const generated: Token[] = [];
    const logprobs: TokenLogprob[] = [];
    let text = '';
    let reason: ChatResponse['finishReason'] = 'length';
    // node-llama-cpp 3.21 reports the next-token distribution as llama.cpp's softmax over the whole vocabulary
    // (`probabilities`, no sampling options applied); its natural logarithm is the log-softmax of the logits.
    const wantDistribution = { generateNext: { probabilities: true } } as const;
    let input: Parameters<LlamaContextSequence['controlledEvaluate']>[0] = [
      ...promptTokens.slice(0, -1),
      [promptTokens[promptTokens.length - 1] as Token, wantDistribution],
    ];
    while (generated.length < maxTokens) {
      if (options.signal?.aborted) throw options.signal.reason;
      const results = await sequence.controlledEvaluate(input);
      const probabilities = results.at(-1)?.next?.probabilities;
      if (!probabilities || probabilities.size === 0) break;
      // Log-probabilities serve as logits: softmax(log p) = p, so sampling and greedy choice are unchanged.
      const entries: Array<[Token, number]> = [...probabilities.entries()].map(([candidate, probability]) => [candidate, Math.log(probability)]);
      const logits = new Map(entries);
      const logNormaliser = 0;
      const token = temperature > 0 ? sampleToken(entries, temperature, request.topP ?? 1, random) : argmaxToken(entries);
      if (model.isEogToken(token)) {
        reason = 'stop';
        break;
      }
      // Each piece is detokenised after the tokens before it (prompt included), so an SPM word-start token keeps its space.
      const before = [...promptTokens, ...generated].slice(-4);
      const piece = (candidate: Token): string => model.detokenize([candidate], false, before);
      const sorted = topCount > 0 ? [...entries].sort((a, b) => b[1] - a[1]).slice(0, topCount) : [];
      logprobs.push({
        token: piece(token),
        logprob: (logits.get(token) ?? -Infinity) - logNormaliser,
        ...(topCount > 0 ? { top: sorted.map(([candidate, value]) => ({ token: piece(candidate), logprob: value - logNormaliser })) } : {}),
      });
      generated.push(token);
      const nextText = model.detokenize(generated, false);
      const delta = nextText.slice(text.length);
      text = nextText;
      if (delta) options.onDelta?.({ text: delta, outputTokens: generated.length });
      const stopAt = firstStop(text, request.stop);
      if (stopAt !== undefined) {
        text = text.slice(0, stopAt);
        reason = 'stop';
        break;
      }
      input = [[token, wantDistribution]];
    }
    return {
      text,
      model: this.model,
      finishReason: reason,
      usage: { inputTokens: promptTokens.length, outputTokens: generated.length },
      logprobs,
    };
  }

  /** The registry entries and GGUF files this provider can run (the file registry; no server to ask). */
  async listModels(): Promise<ModelListing[]> {
    const { listModelFiles } = await import('../model-files.js');
    return listModelFiles(this.fileOptions);
  }
}

function argmaxToken(entries: Array<[Token, number]>): Token {
  let best = entries[0] as [Token, number];
  for (const entry of entries) if (entry[1] > best[1]) best = entry;
  return best[0];
}

/** Samples from softmax(logits / temperature) restricted to the smallest set whose mass reaches topP. */
function sampleToken(entries: Array<[Token, number]>, temperature: number, topP: number, random: { next(): number }): Token {
  const scaled = entries.map(([token, value]) => [token, value / temperature] as [Token, number]).sort((a, b) => b[1] - a[1]);
  const maximum = scaled[0]?.[1] ?? 0;
  const weights = scaled.map(([, value]) => Math.exp(value - maximum));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let kept = scaled.length;
  let mass = 0;
  for (let index = 0; index < scaled.length; index++) {
    mass += (weights[index] as number) / total;
    if (mass >= topP) {
      kept = index + 1;
      break;
    }
  }
  const keptTotal = weights.slice(0, kept).reduce((sum, weight) => sum + weight, 0);
  let draw = random.next() * keptTotal;
  for (let index = 0; index < kept; index++) {
    draw -= weights[index] as number;
    if (draw <= 0) return (scaled[index] as [Token, number])[0];
  }
  return (scaled[kept - 1] as [Token, number])[0];
}

function firstStop(text: string, stops: string[] | undefined): number | undefined {
  let first: number | undefined;
  for (const stop of stops ?? []) {
    if (!stop) continue;
    const index = text.indexOf(stop);
    if (index >= 0 && (first === undefined || index < first)) first = index;
  }
  return first;
}

export const llamaCppProvider: ProviderDefinition = {
  name: 'llama-cpp',
  summary: 'a GGUF model embedded in this process (node-llama-cpp; no server): a path, hf:<owner>/<repo>/<file>.gguf or a pinned name such as "default"',
  create: (settings) => new LlamaCppChatModel(settings),
  listModels: (settings) => new LlamaCppChatModel({ ...settings, model: 'default' }).listModels(),
};
