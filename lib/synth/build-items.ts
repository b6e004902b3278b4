/**
 * Turns the items of one model reply into dataset items: each raw item is checked on its own (schema, the
 * multiple-choice rules), gets its supporting span and support score, quality flags, a stable id and — for
 * multiple choice — options shuffled with a random source forked by its id. A raw item that fails a check
 * becomes a failure record with its raw JSON and the reason; the other items of the reply are kept.
 */
import type { z } from 'zod';
import { hashCanonical } from '../core/canonical-json.js';
import type { SeededRandom } from '../core/random.js';
import { formatIssuePath } from '../core/validate.js';
import { mcItemSchema, qaItemSchema, type ItemGenerator, type McItem, type QaItem } from '../schemas/synthesis.js';
import type { FailureRecord } from './failure-record.js';
import type { GenerationUnit } from './generation-unit.js';
import { itemFlags } from './item-flags.js';
import { checkMultipleChoice, shuffleOptions } from './multiple-choice.js';
import { mcDraftSchema, qaDraftSchema, type ItemKind } from './reply-schemas.js';
import { locateSupportingSpan } from './supporting-span.js';

export interface BuildItemsContext {
  unit: GenerationUnit;
  /** Provider, exact model id and digest, prompt version and hash, run id. */
  generator: ItemGenerator;
  /** The run's seeded random source; each MC item forks its own stream from it by item id. */
  random: SeededRandom;
}

export interface BuiltItems<Item> {
  items: Item[];
  failures: FailureRecord[];
}

/** The stable id of an item: kind prefix + 16 hex digits of SHA-256 of (unit, model, prompt, position, question). */
export function itemId(kind: ItemKind, unitId: string, generator: ItemGenerator, index: number, question: string): string {
  const hash = hashCanonical({
    unitId,
    provider: generator.provider,
    model: generator.model,
    promptHash: generator.promptHash ?? generator.promptVersion,
    index,
    question,
  });
  return `${kind}-${hash.slice(0, 16)}`;
}

function rawJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function itemFailure(kind: ItemKind, unit: GenerationUnit, index: number, raw: unknown, reason: string): FailureRecord {
  return { scope: 'item', itemKind: kind, stage: 'validate', unitId: unit.id, documentId: unit.documentId, itemIndex: index, reason, raw: rawJson(raw) };
}

function schemaReason(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((issue) => `${formatIssuePath(issue.path) || 'item'}: ${issue.message}`).join('; ');
}

/** Provenance, flags and support score of an item whose answer (MC: correct option) is `answer`. */
function checkedFields(unit: GenerationUnit, question: string, answer: string, texts: readonly string[]) {
  const support = locateSupportingSpan(unit, { question, answer }, { checkable: unit.language !== 'de' });
  return {
    source: { documentId: unit.documentId, chunkId: unit.id, sectionPath: unit.sectionPath, span: support.span, pages: unit.pages },
    flags: [...support.flags, ...itemFlags(texts)],
    ...(support.score === null ? {} : { supportScore: support.score }),
  };
}

/**
 * Parses each raw item with `schema` and hands the valid ones to `build`; an item failing the schema, or
 * refused by `build` with a reason string, becomes a failure record.
 */
function buildEach<Draft, Item>(
  kind: ItemKind,
  rawItems: readonly unknown[],
  schema: z.ZodType<Draft>,
  unit: GenerationUnit,
  build: (draft: Draft, index: number) => Item | string,
): BuiltItems<Item> {
  const result: BuiltItems<Item> = { items: [], failures: [] };
  rawItems.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    const built = parsed.success ? build(parsed.data, index) : `schema: ${schemaReason(parsed.error.issues)}`;
    if (typeof built === 'string') result.failures.push(itemFailure(kind, unit, index, raw, built));
    else result.items.push(built);
  });
  return result;
}

/** Builds Q&A items from the raw items of a reply. */
export function buildQaItems(rawItems: readonly unknown[], context: BuildItemsContext): BuiltItems<QaItem> {
  const { unit, generator } = context;
  return buildEach('qa', rawItems, qaDraftSchema, unit, ({ question, answer }, index) =>
    qaItemSchema.parse({
      id: itemId('qa', unit.id, generator, index, question),
      question,
      answer,
      generator,
      ...checkedFields(unit, question, answer, [question, answer]),
    }),
  );
}

/** Builds multiple-choice items (checked, shuffled) from the raw items of a reply. */
export function buildMcItems(rawItems: readonly unknown[], context: BuildItemsContext): BuiltItems<McItem> {
  const { unit, generator } = context;
  return buildEach('mc', rawItems, mcDraftSchema, unit, (draft, index) => {
    const checked = checkMultipleChoice(draft);
    if (!checked.ok) return checked.error;
    const { question, options, correctIndex } = checked.value;
    const id = itemId('mc', unit.id, generator, index, question);
    const shuffled = shuffleOptions(checked.value, context.random, id);
    return mcItemSchema.parse({
      id,
      question,
      options: shuffled.options,
      answer: shuffled.answer,
      generator,
      ...checkedFields(unit, question, options[correctIndex] as string, [question, ...options]),
      generatedAnswer: shuffled.generatedAnswer,
    });
  });
}
