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

  it('draws bounded integers as pcg32_boundedrand_r: the Coins and Rolls of pcg32-demo round 1', () => {
    // Expected: the "Coins:" (65 x pcg32_boundedrand_r(2), 'H' for 1) and "Rolls:" (33 x pcg32_boundedrand_r(6) + 1)
    // lines of round 1 of pcg32-demo.c (pcg-c-basic-0.9), printed after the six 32-bit outputs above; the same lines
    // are in imneme/pcg-c test-high/expected/check-pcg32.out.
    const generator = new Pcg32(42n, 54n);
    for (let draw = 0; draw < 6; draw++) generator.nextUint32();
    const coins = Array.from(generator.fillBounded(2, new Uint32Array(65)), (value) => (value ? 'H' : 'T')).join('');
    expect(coins).toBe('HHTTTHTHHHTHTTTHHHHHTTTHHHTHTHTHTTHTTTHHHHHHTTTTHHTTTTTHTTTTTTTHT');
    const rolls = Array.from(generator.fillBounded(6, new Uint32Array(33)), (value) => value + 1).join(' ');
    expect(rolls).toBe('3 4 1 1 2 2 3 2 4 3 2 4 3 3 5 2 3 1 3 1 5 1 4 1 5 6 4 6 6 2 6 3 3');
  });
});

describe('SeededRandom', () => {
  it('gives the same shuffle for the same seed and a different one for another seed', () => {
    const items = Array.from({ length: 20 }, (_, index) => index);
    expect(createRandom(42).shuffle(items)).toEqual(createRandom(42).shuffle(items));
    expect(createRandom(42).shuffle(items)).not.toEqual(createRandom(43).shuffle(items));
    expect([...createRandom(42).shuffle(items)].sort((a, b) => a - b)).toEqual(items);
  });

  it('fillIntegers gives exactly the numbers of as many integer() calls, for small, large and 2^32 bounds', () => {
    for (const bound of [1, 2, 6, 1000, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32]) {
      const one = createRandom('fill', String(bound));
      const bulk = createRandom('fill', String(bound));
      const expected = Array.from({ length: 5000 }, () => one.integer(bound));
      expect(Array.from(bulk.fillIntegers(bound, new Uint32Array(5000)))).toEqual(expected);
      // ... and both leave the generator in the same state.
      expect(bulk.nextUint32()).toBe(one.nextUint32());
    }
    expect(() => createRandom(1).fillIntegers(0, new Uint32Array(1))).toThrow(/maxExclusive/);
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
