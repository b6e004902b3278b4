import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/core/random.js';
import { mcItemSchema, qaItemSchema } from '../../lib/schemas/synthesis.js';
import { buildMcItems, buildQaItems, itemId } from '../../lib/synth/build-items.js';
import { chunkId } from '../../lib/corpus/chunk-documents.js';
import type { GenerationUnit } from '../../lib/synth/generation-unit.js';

const documentText =
  '# Atrial flutter\n\nTypical atrial flutter shows regular sawtooth flutter waves in leads II, III and aVF. ' +
  'The atrial rate is usually about 300 per minute, and 2:1 conduction gives a ventricular rate near 150 per minute.\n';
const start = documentText.indexOf('Typical');
const unit: GenerationUnit = {
  id: chunkId('doc-00000000000000aa', start, documentText.length, documentText.slice(start)),
  documentId: 'doc-00000000000000aa',
  index: 0,
  text: documentText.slice(start),
  span: { start, end: documentText.length },
  sectionPath: ['Atrial flutter'],
  pages: null,
  tokens: 40,
  splitter: 'recursive-token:cl100k_base:1500/0',
  language: 'en',
};
const generator = { provider: 'ollama', model: 'llama3.1:8b', modelDigest: 'sha256:abc', promptVersion: 'qa-v1', promptHash: 'a'.repeat(64), runId: 'run-1' };

describe('buildQaItems', () => {
  it('keeps valid items with provenance and reports invalid ones with their raw JSON', () => {
    const raw = [
      { question: 'What is the typical atrial rate in atrial flutter?', answer: 'About 300 per minute.' },
      { question: '', answer: 'x' },
      { question: 'What does the text say about lithium?', answer: 'Lithium toxicity causes sinus node dysfunction.' },
      'not an object',
    ];
    const built = buildQaItems(raw, { unit, generator, random: createRandom(1) });
    expect(built.items).toHaveLength(2);
    const [first, second] = built.items;
    expect(qaItemSchema.parse(first)).toEqual(first);
    expect(first?.id).toBe(itemId('qa', unit.id, generator, 0, 'What is the typical atrial rate in atrial flutter?'));
    expect(first?.source.documentId).toBe('doc-00000000000000aa');
    expect(first?.source.chunkId).toBe(unit.id);
    // The supporting sentence, in document offsets.
    const sentence = 'The atrial rate is usually about 300 per minute, and 2:1 conduction gives a ventricular rate near 150 per minute.';
    expect(documentText.slice(first?.source.span.start, first?.source.span.end)).toBe(sentence);
    expect(first?.flags).toEqual([]);
    expect(first?.supportScore).toBe(1);
    expect(first?.generator).toEqual(generator);
    // The third raw item refers to "the text" and its answer is not in the unit: flagged, not dropped.
    expect(second?.flags).toEqual(['answer-not-supported', 'refers-to-source']);
    expect(second?.source.span).toEqual(unit.span);
    expect(built.failures).toEqual([
      expect.objectContaining({ scope: 'item', itemKind: 'qa', stage: 'validate', unitId: unit.id, itemIndex: 1, raw: '{"question":"","answer":"x"}' }),
      expect.objectContaining({ itemIndex: 3, raw: '"not an object"' }),
    ]);
    expect(built.failures[0]?.reason).toMatch(/^schema: question: /);
  });
});

describe('buildMcItems', () => {
  const good = {
    question: 'Which leads best show the sawtooth waves of typical atrial flutter?',
    options: [
      { text: 'Leads I and aVL', is_correct: false },
      { text: 'Leads II, III and aVF', is_correct: true },
      { text: 'Leads V5 and V6', is_correct: false },
      { text: 'Lead aVR only', is_correct: false },
    ],
  };

  it('checks, shuffles with a per-item stream and records the generated letter', () => {
    const raw = [good, { ...good, options: good.options.slice(0, 3) }, { ...good, options: good.options.map((option) => ({ ...option, is_correct: true })) }];
    const built = buildMcItems(raw, { unit, generator: { ...generator, promptVersion: 'mc-v1' }, random: createRandom(7) });
    expect(built.items).toHaveLength(1);
    const item = mcItemSchema.parse(built.items[0]);
    expect(item.options[['A', 'B', 'C', 'D'].indexOf(item.answer)]).toBe('Leads II, III and aVF');
    expect(item.generatedAnswer).toBe('B');
    expect(built.failures.map((failure) => [failure.itemIndex, failure.reason])).toEqual([
      [1, 'expected exactly 4 options, got 3'],
      [2, 'expected exactly 1 correct option, got 4'],
    ]);
    // The same item alone gives the same order: the shuffle depends on the seed and the item id only.
    const alone = buildMcItems([good], { unit, generator: { ...generator, promptVersion: 'mc-v1' }, random: createRandom(7) });
    expect(alone.items[0]?.options).toEqual(item.options);
  });

  it('does not check support for German sources', () => {
    const german = { ...unit, language: 'de' as const };
    const built = buildMcItems([good], { unit: german, generator, random: createRandom(7) });
    expect(built.items[0]?.flags).toEqual(['support-not-checked']);
    expect(built.items[0]?.supportScore).toBeUndefined();
  });
});
