import { describe, expect, it } from 'vitest';
import { compareHumanRatingSystems, describeHumanRatingSystem } from '../../lib/data/human-rating-system.js';

// The twelve system strings of the authors' CSVs, verbatim (authors-pipeline.md §5.6).
const SYSTEMS = [
  'Claude 3.7 Sonnet',
  'LLama 3.1 8B',
  'LLama 3.1 70B',
  'LLama 3.1 8B + RAG',
  'LLama 3.1 70B + RAG',
  'Finetuned 8B: r=64, alpha=16',
  'Finetuned 8B: r=256, alpha=128',
  'Finetuned 8B: r=256, alpha=256',
  'Finetuned 8B: r=256, alpha=512',
  'Finetuned 70B: r=256, alpha=128',
  'Finetuned 70B: r=256, alpha=256',
  'Finetuned 70B: r=256, alpha=512',
];

describe('describeHumanRatingSystem', () => {
  it('labels every system of the CSVs and keeps the verbatim string', () => {
    expect(SYSTEMS.map((system) => describeHumanRatingSystem(system).label)).toEqual([
      'Claude 3.7 Sonnet',
      'Llama 3.1 8B',
      'Llama 3.1 70B',
      'Llama 3.1 8B + RAG',
      'Llama 3.1 70B + RAG',
      'Finetuned 8B (r=64, α=16)',
      'Finetuned 8B (r=256, α=128)',
      'Finetuned 8B (r=256, α=256)',
      'Finetuned 8B (r=256, α=512)',
      'Finetuned 70B (r=256, α=128)',
      'Finetuned 70B (r=256, α=256)',
      'Finetuned 70B (r=256, α=512)',
    ]);
    expect(describeHumanRatingSystem('Finetuned 70B: r=256, alpha=512')).toEqual({
      system: 'Finetuned 70B: r=256, alpha=512',
      label: 'Finetuned 70B (r=256, α=512)',
      kind: 'finetuned',
      sizeBillions: 70,
      loraRank: 256,
      loraAlpha: 512,
    });
  });

  it('keeps unknown strings as they are (white space collapsed)', () => {
    expect(describeHumanRatingSystem('  GPT-4o   mini ')).toMatchObject({ label: 'GPT-4o mini', kind: 'other', sizeBillions: null });
  });
});

describe('compareHumanRatingSystems', () => {
  it('orders the 8B family, then the 70B family (base, RAG, finetuned by rank and alpha), then Claude', () => {
    expect([...SYSTEMS].reverse().sort(compareHumanRatingSystems)).toEqual([
      'LLama 3.1 8B',
      'LLama 3.1 8B + RAG',
      'Finetuned 8B: r=64, alpha=16',
      'Finetuned 8B: r=256, alpha=128',
      'Finetuned 8B: r=256, alpha=256',
      'Finetuned 8B: r=256, alpha=512',
      'LLama 3.1 70B',
      'LLama 3.1 70B + RAG',
      'Finetuned 70B: r=256, alpha=128',
      'Finetuned 70B: r=256, alpha=256',
      'Finetuned 70B: r=256, alpha=512',
      'Claude 3.7 Sonnet',
    ]);
  });
});
