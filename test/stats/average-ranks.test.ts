import { describe, expect, it } from 'vitest';
import { averageRanks } from '../../lib/stats/average-ranks.js';
import { expectInvalidArgument } from './expect-close.js';

describe('averageRanks', () => {
  it('gives the midranks of scipy.stats.rankdata and the tie-group sizes', () => {
    // test/reference/stats_reference_values.py [ranks]: scipy.stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
    const { ranks, tieGroupSizes } = averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    expect(ranks).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
    // Values 1 (twice), 3 (twice) and 5 (three times), in increasing order of value.
    expect(tieGroupSizes).toEqual([2, 2, 3]);
    // Σ(t³ − t) = 6 + 6 + 24, by hand.
    expect(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]).tieSum).toBe(36);
  });

  it('has no tie groups for distinct values and rejects empty or non-finite input', () => {
    expect(averageRanks([0.3, -1, 2])).toEqual({ ranks: [2, 1, 3], tieGroupSizes: [], tieSum: 0 });
    expectInvalidArgument(() => averageRanks([]), 'values');
    expectInvalidArgument(() => averageRanks([1, Number.NaN]), 'values');
    expectInvalidArgument(() => averageRanks([1, Infinity]), 'values');
  });
});
