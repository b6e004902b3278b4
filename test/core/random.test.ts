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
