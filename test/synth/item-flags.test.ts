import { describe, expect, it } from 'vitest';
import { germanWordShare, itemFlags, refersToSource } from '../../lib/synth/item-flags.js';

describe('itemFlags', () => {
  it('flags references to the source, figures and tables', () => {
    expect(refersToSource('According to the study, what is the sensitivity?')).toBe(true);
    expect(refersToSource('What does Figure 3 show?')).toBe(true);
    expect(refersToSource('Which criterion is given in the passage?')).toBe(true);
    expect(refersToSource('What is the normal QRS axis in adults?')).toBe(false);
    expect(itemFlags(['What does Table 2 list?', 'Normal values.'])).toEqual(['refers-to-source']);
  });

  it('flags items written mostly in German', () => {
    // 'Was ist die normale Dauer der PQ-Zeit' → words: was ist die normale dauer der pq zeit; German function
    // words: ist, die, der = 3 of 8.
    expect(germanWordShare('Was ist die normale Dauer der PQ-Zeit')).toBeCloseTo(3 / 8, 12);
    expect(itemFlags(['Was ist die normale Dauer der PQ-Zeit?', '120 bis 200 ms'])).toEqual(['possibly-not-english']);
    expect(itemFlags(['What is the normal PR interval?', '120 to 200 ms.'])).toEqual([]);
  });
});
