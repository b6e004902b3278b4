/**
 * Structured output: a zod schema becomes the provider's native constraint (Ollama `format`, Anthropic
 * `output_config.format`, OpenAI `response_format: json_schema`), the reply is parsed and validated against the
 * same schema, and a reply that fails gets ONE repair turn that shows the model what was wrong. What still
 * fails is returned as a {@link StructuredOutputFailure} carrying every raw reply text — never dropped, never
 * thrown away (the authors' pipeline logged and skipped such items; see docs/authors-pipeline.md §2.1, §7.2).
 *
 * @example
 * const answerSchema = z.object({ answer: z.enum(['A', 'B', 'C', 'D']) });
 * const result = await generateStructured(model, { messages, temperature: 0 }, answerSchema, { name: 'answer' });
 * if (result.ok) use(result.value.value);
 * else records.append({ id, failure: result.error }); // rawText, issues, attempts
 */
import { z } from 'zod';
import { InvalidArgumentError, ServiceError, describeError } from '../core/errors.js';
import type { ProgressFactory } from '../core/progress.js';
import { err, ok, type Result } from '../core/result.js';
import { formatIssuePath } from '../core/validate.js';
import { chatMany, type BatchRequestItem } from './batch.js';
import type { BatchLedger } from './batch-ledger.js';
import type { ChatCallOptions, ChatModel, ChatRequest, ChatResponse, ResponseFormat } from './chat-model.js';

/** One thing wrong with a reply: where (a JSON path, empty for the whole reply) and what. */
export interface OutputIssue {
  path: string;
  message: string;
}

/** A reply that could not be turned into a valid value, kept with everything needed to inspect it. */
export interface StructuredOutputFailure {
  /** `invalid-output`: replies came back but none was valid; `service-error`: the provider failed (after retries). */
  kind: 'invalid-output' | 'service-error';
  /** The last reply text, or null when no reply came back. */
  rawText: string | null;
  /** Every reply text received, in order (first attempt, then the repair turn). */
  rawTexts: string[];
  /** What was wrong with the last reply (JSON syntax or schema issues). Empty for service errors. */
  issues: OutputIssue[];
  /** Model calls made for this item. */
  attempts: number;
  /** The service error, serialised (no secrets), for `service-error`. */
  error?: ReturnType<typeof describeError>;
  /** The replies received. */
  responses: ChatResponse[];
}

/** A valid value with the reply it came from. */
export interface StructuredOutput<T> {
  value: T;
  /** The reply the value was parsed from. */
  response: ChatResponse;
  /** Model calls made (1, or 2 when the repair turn was needed). */
  attempts: number;
  /** Every reply received, in order. */
  responses: ChatResponse[];
}

export interface StructuredOptions {
  /** Schema name given to providers that need one (`^[a-zA-Z0-9_-]{1,64}$`, default `response`). */
  name?: string;
  /** Give an invalid reply one repair turn (default true). */
  repair?: boolean;
  /** Builds the repair instruction from the issues (default: a plain statement of the issues). */
  repairPrompt?: (issues: OutputIssue[]) => string;
  signal?: AbortSignal;
}

/** A provider-ready copy of a JSON schema: the `$schema` dialect marker is dropped (it constrains nothing). */
export function providerJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/** The {@link ResponseFormat} for a zod schema (JSON Schema draft 2020-12 via `z.toJSONSchema`). */
export function responseFormatFor(schema: z.ZodType, name = 'response'): ResponseFormat {
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) throw new InvalidArgumentError('name', `must match ^[a-zA-Z0-9_-]{1,64}$, got "${name}"`);
  return { name, jsonSchema: z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown> };
}

/**
 * The JSON text inside a reply: reasoning blocks (`<think>…</think>`) and markdown code fences are removed, and
 * if the rest is not JSON, the span from the first `{`/`[` to the last `}`/`]` is tried.
 */
export function extractJsonText(text: string): string {
  let body = text.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  const fenced = /^```[a-zA-Z]*\s*\n?([\s\S]*?)\n?```$/.exec(body);
  if (fenced) body = (fenced[1] ?? '').trim();
  return body;
}

/** Parses and validates a reply text against a schema. */
export function parseStructuredReply<Schema extends z.ZodType>(text: string, schema: Schema): Result<z.infer<Schema>, OutputIssue[]> {
  const body = extractJsonText(text);
  let value: unknown;
  let parsed = false;
  let syntaxMessage = '';
  try {
    value = JSON.parse(body);
    parsed = true;
  } catch (error) {
    syntaxMessage = (error as Error).message;
    const start = body.search(/[[{]/);
    const end = Math.max(body.lastIndexOf('}'), body.lastIndexOf(']'));
    if (start >= 0 && end > start) {
      try {
        value = JSON.parse(body.slice(start, end + 1));
        parsed = true;
      } catch {
        // keep the first syntax message
      }
    }
  }
  if (!parsed) return err([{ path: '', message: `not valid JSON: ${syntaxMessage}` }]);
  const result = schema.safeParse(value);
  if (result.success) return ok(result.data);
  return err(result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })));
}

/** The default repair instruction. */
export function defaultRepairPrompt(issues: OutputIssue[]): string {
  const lines = issues.slice(0, 20).map((issue) => `- ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
  if (issues.length > 20) lines.push(`- ... and ${issues.length - 20} more`);
  return `Your previous reply could not be used because it does not match the required JSON schema:\n${lines.join('\n')}\nReply again with only the corrected JSON object and no other text.`;
}

function repairRequest(request: ChatRequest, rawText: string, issues: OutputIssue[], options: StructuredOptions): ChatRequest {
  const prompt = (options.repairPrompt ?? defaultRepairPrompt)(issues);
  return { ...request, messages: [...request.messages, { role: 'assistant', content: rawText }, { role: 'user', content: prompt }] };
}

function serviceFailure(error: ServiceError, responses: ChatResponse[], attempts: number): StructuredOutputFailure {
  const last = responses[responses.length - 1];
  return {
    kind: 'service-error',
    rawText: last?.text ?? null,
    rawTexts: responses.map((response) => response.text),
    issues: [],
    attempts,
    error: describeError(error),
    responses,
  };
}

/**
 * Asks for a reply that satisfies `schema`, validates it, and repairs it once if needed. Provider failures that
 * survive the retry layer (ServiceError) become `service-error` failure records; an abort or a configuration
 * error is thrown.
 */
export async function generateStructured<Schema extends z.ZodType>(
  model: ChatModel,
  request: ChatRequest,
  schema: Schema,
  options: StructuredOptions = {},
): Promise<Result<StructuredOutput<z.infer<Schema>>, StructuredOutputFailure>> {
  const constrained: ChatRequest = { ...request, responseFormat: responseFormatFor(schema, options.name) };
  const callOptions: ChatCallOptions = options.signal ? { signal: options.signal } : {};
  const responses: ChatResponse[] = [];
  const attempt = async (current: ChatRequest): Promise<ChatResponse | ServiceError> => {
    try {
      const response = await model.chat(current, callOptions);
      responses.push(response);
      return response;
    } catch (error) {
      if (error instanceof ServiceError && !options.signal?.aborted) return error;
      throw error;
    }
  };
  const first = await attempt(constrained);
  if (first instanceof ServiceError) return err(serviceFailure(first, responses, 1));
  let parsed = parseStructuredReply(first.text, schema);
  if (parsed.ok) return ok({ value: parsed.value, response: first, attempts: 1, responses });
  if (options.repair === false) {
    return err({ kind: 'invalid-output', rawText: first.text, rawTexts: [first.text], issues: parsed.error, attempts: 1, responses });
  }
  const second = await attempt(repairRequest(constrained, first.text, parsed.error, options));
  if (second instanceof ServiceError) return err(serviceFailure(second, responses, 2));
  parsed = parseStructuredReply(second.text, schema);
  if (parsed.ok) return ok({ value: parsed.value, response: second, attempts: 2, responses });
  return err({ kind: 'invalid-output', rawText: second.text, rawTexts: responses.map((response) => response.text), issues: parsed.error, attempts: 2, responses });
}

export interface StructuredManyOptions extends StructuredOptions {
  /** Use the provider's batch API (e.g. Anthropic Message Batches, half price) for both rounds. */
  useBatchApi?: boolean;
  progress?: ProgressFactory;
  /** Progress label (default `structured generation`). */
  label?: string;
  /** Requests in flight at once without the batch API (default 4). */
  concurrency?: number;
  /** With the batch API: where submitted batches are remembered, so a restarted job collects them. */
  batchLedger?: BatchLedger;
}

/** The outcome of one item of {@link generateStructuredMany}. */
export interface StructuredItemResult<T> {
  id: string;
  result: Result<StructuredOutput<T>, StructuredOutputFailure>;
}

/**
 * {@link generateStructured} for many items: all first attempts run together (as one provider batch when
 * `useBatchApi` is set), then all repair turns together. One result per item, in order.
 */
export async function generateStructuredMany<Schema extends z.ZodType>(
  model: ChatModel,
  items: BatchRequestItem[],
  schema: Schema,
  options: StructuredManyOptions = {},
): Promise<Array<StructuredItemResult<z.infer<Schema>>>> {
  const format = responseFormatFor(schema, options.name);
  const constrained = items.map((item) => ({ id: item.id, request: { ...item.request, responseFormat: format } }));
  const shared = {
    ...(options.useBatchApi !== undefined ? { useBatchApi: options.useBatchApi } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.batchLedger ? { batchLedger: options.batchLedger } : {}),
  };
  const label = options.label ?? 'structured generation';
  const firstRound = await chatMany(model, constrained, { ...shared, label });
  const outcomes = new Map<string, StructuredItemResult<z.infer<Schema>>>();
  const repairs: Array<{ item: BatchRequestItem; first: ChatResponse; issues: OutputIssue[] }> = [];
  firstRound.forEach((entry, index) => {
    const item = constrained[index] as BatchRequestItem;
    if (!entry.result.ok) {
      const error = entry.result.error;
      outcomes.set(item.id, { id: item.id, result: err(serviceFailure(error instanceof ServiceError ? error : new ServiceError(model.provider, String(error)), [], 1)) });
      return;
    }
    const response = entry.result.value;
    const parsed = parseStructuredReply(response.text, schema);
    if (parsed.ok) outcomes.set(item.id, { id: item.id, result: ok({ value: parsed.value, response, attempts: 1, responses: [response] }) });
    else if (options.repair === false) {
      outcomes.set(item.id, { id: item.id, result: err({ kind: 'invalid-output', rawText: response.text, rawTexts: [response.text], issues: parsed.error, attempts: 1, responses: [response] }) });
    } else repairs.push({ item, first: response, issues: parsed.error });
  });
  if (repairs.length > 0) {
    const secondRound = await chatMany(
      model,
      repairs.map(({ item, first, issues }) => ({ id: item.id, request: repairRequest(item.request, first.text, issues, options) })),
      { ...shared, label: `${label} (repair)` },
    );
    secondRound.forEach((entry, index) => {
      const { item, first } = repairs[index] as (typeof repairs)[number];
      if (!entry.result.ok) {
        const error = entry.result.error;
        outcomes.set(item.id, { id: item.id, result: err(serviceFailure(error instanceof ServiceError ? error : new ServiceError(model.provider, String(error)), [first], 2)) });
        return;
      }
      const response = entry.result.value;
      const parsed = parseStructuredReply(response.text, schema);
      outcomes.set(
        item.id,
        parsed.ok
          ? { id: item.id, result: ok({ value: parsed.value, response, attempts: 2, responses: [first, response] }) }
          : { id: item.id, result: err({ kind: 'invalid-output', rawText: response.text, rawTexts: [first.text, response.text], issues: parsed.error, attempts: 2, responses: [first, response] }) },
      );
    });
  }
  return items.map((item) => outcomes.get(item.id) as StructuredItemResult<z.infer<Schema>>);
}
