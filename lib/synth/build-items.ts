/**
 * Turns the items of one model reply into dataset items: each raw item is checked on its own (schema, the
 * multiple-choice rules), gets its supporting span and support score, quality flags, a stable id and — for
 * multiple choice — options shuffled with a random source forked by its id. A raw item that fails a check
 * becomes a failure record with its raw JSON and the reason; the other items of the reply are kept.
 */
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

function sourceOf(unit: GenerationUnit, span: { start: number; end: number }): QaItem['source'] {
  return { documentId: unit.documentId, chunkId: unit.id, sectionPath: unit.sectionPath, span, pages: unit.pages };
}

/** Builds Q&A items from the raw items of a reply. */
export function buildQaItems(rawItems: readonly unknown[], context: BuildItemsContext): BuiltItems<QaItem> {
  const { unit, generator } = context;
  const result: BuiltItems<QaItem> = { items: [], failures: [] };
  rawItems.forEach((raw, index) => {
    const parsed = qaDraftSchema.safeParse(raw);
    if (!parsed.success) {
      result.failures.push(itemFailure('qa', unit, index, raw, `schema: ${schemaReason(parsed.error.issues)}`));
      return;
    }
    const { question, answer } = parsed.data;
    const support = locateSupportingSpan(unit, { question, answer }, { checkable: unit.language !== 'de' });
    result.items.push(
      qaItemSchema.parse({
        id: itemId('qa', unit.id, generator, index, question),
        question,
        answer,
        source: sourceOf(unit, support.span),
        generator,
        flags: [...support.flags, ...itemFlags([question, answer])],
        ...(support.score === null ? {} : { supportScore: support.score }),
      }),
    );
  });
  return result;
}

/** Builds multiple-choice items (checked, shuffled) from the raw items of a reply. */
export function buildMcItems(rawItems: readonly unknown[], context: BuildItemsContext): BuiltItems<McItem> {
  const { unit, generator } = context;
  const result: BuiltItems<McItem> = { items: [], failures: [] };
  rawItems.forEach((raw, index) => {
    const parsed = mcDraftSchema.safeParse(raw);
    if (!parsed.success) {
      result.failures.push(itemFailure('mc', unit, index, raw, `schema: ${schemaReason(parsed.error.issues)}`));
      return;
    }
    const checked = checkMultipleChoice(parsed.data);
    if (!checked.ok) {
      result.failures.push(itemFailure('mc', unit, index, raw, checked.error));
      return;
    }
    const id = itemId('mc', unit.id, generator, index, checked.value.question);
    const shuffled = shuffleOptions(checked.value, context.random, id);
    const correct = checked.value.options[checked.value.correctIndex] as string;
    const support = locateSupportingSpan(unit, { question: checked.value.question, answer: correct }, { checkable: unit.language !== 'de' });
    result.items.push(
      mcItemSchema.parse({
        id,
        question: checked.value.question,
        options: shuffled.options,
        answer: shuffled.answer,
        source: sourceOf(unit, support.span),
        generator,
        flags: [...support.flags, ...itemFlags([checked.value.question, ...checked.value.options])],
        ...(support.score === null ? {} : { supportScore: support.score }),
        generatedAnswer: shuffled.generatedAnswer,
      }),
    );
  });
  return result;
}
