import { describe, expect, it } from 'vitest';
import { Pcg32, createRandom } from '../../lib/core/random.js';

describe('Pcg32', () => {
  it('reproduces the reference pcg32-demo output for initstate 42, initseq 54', () => {
    // Expected values: the "32bit:" line of round 1 printed by pcg32-demo.c from pcg-c-basic-0.9
    // (https://www.pcg-random.org/download.html), which seeds with pcg32_srandom_r(&rng, 42u, 54u).
    const generator = new Pcg32(42n, 54n);
    const outputs = Array.from({ length: 6 }, () => generator.nextUint32());
    expect(outputs).toEqual([0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]);
  });
});

describe('SeededRandom', () => {
  it('gives the same shuffle for the same seed and a different one for another seed', () => {
    const items = Array.from({ length: 20 }, (_, index) => index);
    expect(createRandom(42).shuffle(items)).toEqual(createRandom(42).shuffle(items));
    expect(createRandom(42).shuffle(items)).not.toEqual(createRandom(43).shuffle(items));
    expect([...createRandom(42).shuffle(items)].sort((a, b) => a - b)).toEqual(items);
  });

  it('forks streams that do not depend on draws made from the parent', () => {
    const a = createRandom('seed');
    const b = createRandom('seed');
    b.next();
    b.next();
    expect(a.fork('bootstrap').next()).toBe(b.fork('bootstrap').next());
    expect(a.fork('x').next()).not.toBe(a.fork('y').next());
  });

  it('draws integers without bias: chi-square goodness of fit over 60,000 draws of a die', () => {
    const rng = createRandom(2024);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let draw = 0; draw < 60_000; draw++) counts[rng.integer(6)]! += 1;
    const chiSquare = counts.reduce((sum, count) => sum + (count - 10_000) ** 2 / 10_000, 0);
    // 99.9th percentile of chi-square with 5 df is 20.515 (scipy.stats.chi2.ppf(0.999, 5) = 20.515006).
    expect(chiSquare).toBeLessThan(20.515);
    const uniform = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniform)).toBeLessThan(1);
  });

  it('rejects invalid seeds and bounds with the argument name', () => {
    expect(() => createRandom(-1)).toThrow(/seed/);
    expect(() => createRandom(1).integer(0)).toThrow(/maxExclusive/);
    expect(() => createRandom(1).sample([1, 2], 3)).toThrow(/"k"/);
  });
});
