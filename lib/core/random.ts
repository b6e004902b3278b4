/**
 * Seeded pseudo-random numbers. Every function in the workspace that draws random numbers takes a
 * {@link RandomSource}, so a run with the same seed gives the same answer on every machine.
 *
 * Generator: PCG32 (`pcg32_random_r`, XSH-RR output over a 64-bit LCG), M. E. O'Neill, "PCG: A Family of
 * Simple Fast Space-Efficient Statistically Good Algorithms for Random Number Generation", HMC-CS-2014-0905,
 * and the reference code at https://www.pcg-random.org/download.html. The 64-bit state is held as two
 * 32-bit halves so that no BigInt arithmetic runs per draw.
 *
 * @example
 * const rng = createRandom(42);
 * rng.shuffle(['a', 'b', 'c']);       // the same order for seed 42, always
 * const child = rng.fork('bootstrap'); // an independent stream, unaffected by draws made from rng
 */
import { createHash } from 'node:crypto';
import { InvalidArgumentError } from './errors.js';

/** The minimal interface random functions need: uniform doubles in [0, 1). */
export interface RandomSource {
  /** A uniformly distributed double in [0, 1) with 53 random bits. */
  next(): number;
  /** A uniformly distributed integer in [0, maxExclusive), without modulo bias. */
  integer(maxExclusive: number): number;
}

// 6364136223846793005 = 0x5851F42D_4C957F2D, the PCG default multiplier.
const MULTIPLIER_HIGH = 0x5851f42d;
const MULTIPLIER_LOW = 0x4c957f2d;
const MULTIPLIER_LOW_0 = MULTIPLIER_LOW & 0xffff;
const MULTIPLIER_LOW_1 = MULTIPLIER_LOW >>> 16;

function splitUint64(value: bigint): [number, number] {
  const masked = BigInt.asUintN(64, value);
  return [Number(masked >> 32n), Number(masked & 0xffffffffn)];
}

/**
 * PCG32 with an explicit stream, seeded exactly like the reference `pcg32_srandom_r(rng, initstate, initseq)`.
 */
export class Pcg32 {
  private stateHigh = 0;
  private stateLow = 0;
  private readonly incrementHigh: number;
  private readonly incrementLow: number;

  constructor(initState: bigint, initSequence: bigint) {
    // increment = (initseq << 1) | 1
    [this.incrementHigh, this.incrementLow] = splitUint64((BigInt.asUintN(64, initSequence) << 1n) | 1n);
    this.step();
    const [addHigh, addLow] = splitUint64(initState);
    const low = this.stateLow + addLow;
    this.stateLow = low >>> 0;
    this.stateHigh = (this.stateHigh + addHigh + (low > 0xffffffff ? 1 : 0)) >>> 0;
    this.step();
  }

  // The 64-bit LCG step, state = state * MULTIPLIER + increment (mod 2^64), on 32-bit halves without allocating:
  // the high half of stateLow * MULTIPLIER_LOW comes from four 16 x 16-bit partial products.
  private step(): void {
    const stateLow = this.stateLow;
    const a0 = stateLow & 0xffff;
    const a1 = stateLow >>> 16;
    const p00 = a0 * MULTIPLIER_LOW_0;
    const p01 = a0 * MULTIPLIER_LOW_1;
    const p10 = a1 * MULTIPLIER_LOW_0;
    const middle = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    const productHigh = a1 * MULTIPLIER_LOW_1 + (p01 >>> 16) + (p10 >>> 16) + (middle >>> 16);
    const productLow = (((middle & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
    const low = productLow + this.incrementLow;
    this.stateHigh = (productHigh + Math.imul(this.stateHigh, MULTIPLIER_LOW) + Math.imul(stateLow, MULTIPLIER_HIGH) + this.incrementHigh + (low > 0xffffffff ? 1 : 0)) >>> 0;
    this.stateLow = low >>> 0;
  }

  /** The next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const oldHigh = this.stateHigh;
    const oldLow = this.stateLow;
    this.step();
    // xorshifted = ((old >> 18) ^ old) >> 27, truncated to 32 bits
    const xorHigh = oldHigh ^ (oldHigh >>> 18);
    const xorLow = oldLow ^ ((oldLow >>> 18) | (oldHigh << 14));
    const xorshifted = ((xorLow >>> 27) | (xorHigh << 5)) >>> 0;
    const rotation = oldHigh >>> 27;
    return ((xorshifted >>> rotation) | (xorshifted << (-rotation & 31))) >>> 0;
  }

  /**
   * Fills `target` with uniformly distributed integers in [0, bound) — exactly the numbers that `target.length`
   * calls of `pcg32_boundedrand_r(bound)` return, in order (rejection of the values below 2^32 mod bound).
   * `bound` must be an integer in [1, 2^32).
   */
  fillBounded(bound: number, target: Uint32Array): Uint32Array {
    // nextUint32 and step, inlined with the state in local variables (this loop is the bootstrap's hot path).
    const threshold = (0x100000000 - bound) % bound;
    const incrementHigh = this.incrementHigh;
    const incrementLow = this.incrementLow;
    let high = this.stateHigh;
    let low = this.stateLow;
    const length = target.length;
    for (let index = 0; index < length; ) {
      const xorHigh = high ^ (high >>> 18);
      const xorLow = low ^ ((low >>> 18) | (high << 14));
      const xorshifted = ((xorLow >>> 27) | (xorHigh << 5)) >>> 0;
      const rotation = high >>> 27;
      const value = ((xorshifted >>> rotation) | (xorshifted << (-rotation & 31))) >>> 0;
      const a0 = low & 0xffff;
      const a1 = low >>> 16;
      const p00 = a0 * MULTIPLIER_LOW_0;
      const p01 = a0 * MULTIPLIER_LOW_1;
      const p10 = a1 * MULTIPLIER_LOW_0;
      const middle = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
      const productHigh = a1 * MULTIPLIER_LOW_1 + (p01 >>> 16) + (p10 >>> 16) + (middle >>> 16);
      const sumLow = ((((middle & 0xffff) << 16) | (p00 & 0xffff)) >>> 0) + incrementLow;
      high = (productHigh + Math.imul(high, MULTIPLIER_LOW) + Math.imul(low, MULTIPLIER_HIGH) + incrementHigh + (sumLow > 0xffffffff ? 1 : 0)) >>> 0;
      low = sumLow >>> 0;
      // value mod bound; floor(value / bound) is exact in doubles for value < 2^53 (the rounding error of the
      // quotient is below the 1/bound gap to the next integer), and avoids a floating-point remainder.
      if (value >= threshold) target[index++] = value - Math.floor(value / bound) * bound;
    }
    this.stateHigh = high;
    this.stateLow = low;
    return target;
  }
}

/** Turns a user seed (integer or text) into 64 bits of generator state, deterministically. */
function seedToBigInt(seed: number | string): bigint {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new InvalidArgumentError('seed', `must be a non-negative safe integer or a string, got ${seed}`);
    }
    return BigInt(seed);
  }
  return createHash('sha256').update(seed, 'utf8').digest().readBigUInt64BE(0);
}

function streamToBigInt(stream: string): bigint {
  return createHash('sha256').update(`stream:${stream}`, 'utf8').digest().readBigUInt64BE(0);
}

/** A seeded random source with the helpers the workspace needs (shuffle, sample, normal draws, forks). */
export class SeededRandom implements RandomSource {
  readonly seed: number | string;
  readonly stream: string;
  private readonly generator: Pcg32;

  constructor(seed: number | string, stream = 'main') {
    this.seed = seed;
    this.stream = stream;
    this.generator = new Pcg32(seedToBigInt(seed), streamToBigInt(stream));
  }

  nextUint32(): number {
    return this.generator.nextUint32();
  }

  next(): number {
    const high = this.generator.nextUint32() >>> 5; // 27 bits
    const low = this.generator.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  integer(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 0x100000000) {
      throw new InvalidArgumentError('maxExclusive', `must be an integer in [1, 2^32], got ${maxExclusive}`);
    }
    if (maxExclusive === 0x100000000) return this.generator.nextUint32();
    // pcg32_boundedrand_r: reject the values below 2^32 mod bound so every residue is equally likely.
    const threshold = (0x100000000 - maxExclusive) % maxExclusive;
    for (;;) {
      const value = this.generator.nextUint32();
      if (value >= threshold) return value % maxExclusive;
    }
  }

  /**
   * Fills `target` with uniform integers in [0, maxExclusive): the same numbers, in the same order, as
   * `target.length` calls of {@link integer}, without a call per draw.
   */
  fillIntegers(maxExclusive: number, target: Uint32Array): Uint32Array {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 0x100000000) {
      throw new InvalidArgumentError('maxExclusive', `must be an integer in [1, 2^32], got ${maxExclusive}`);
    }
    if (maxExclusive === 0x100000000) {
      for (let index = 0; index < target.length; index++) target[index] = this.generator.nextUint32();
      return target;
    }
    return this.generator.fillBounded(maxExclusive, target);
  }

  /** A standard normal draw (Box-Muller, using two uniforms per call). */
  normal(mean = 0, standardDeviation = 1): number {
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A new array with the items in random order (Fisher-Yates, Durstenfeld's version). */
  shuffle<T>(items: readonly T[]): T[] {
    const result = items.slice();
    for (let index = result.length - 1; index > 0; index--) {
      const other = this.integer(index + 1);
      const swap = result[index] as T;
      result[index] = result[other] as T;
      result[other] = swap;
    }
    return result;
  }

  /** k distinct items chosen uniformly without replacement, in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    if (!Number.isInteger(k) || k < 0 || k > items.length) {
      throw new InvalidArgumentError('k', `must be an integer in [0, ${items.length}], got ${k}`);
    }
    return this.shuffle(items).slice(0, k);
  }

  /** One item chosen uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new InvalidArgumentError('items', 'cannot choose from an empty array');
    return items[this.integer(items.length)] as T;
  }

  /**
   * An independent generator for a named sub-task. It depends only on this generator's seed, stream and the
   * label, not on how many numbers were drawn before, so adding a sub-task never changes another's numbers.
   */
  fork(label: string): SeededRandom {
    return new SeededRandom(this.seed, `${this.stream}/${label}`);
  }
}

/** Creates the workspace's seeded random source. */
export function createRandom(seed: number | string, stream = 'main'): SeededRandom {
  return new SeededRandom(seed, stream);
}

/**
 * Fills `target` with uniform integers in [0, maxExclusive) drawn from `random`: the same numbers, in the same
 * order, as `target.length` calls of `random.integer(maxExclusive)` — in bulk when the source offers it
 * ({@link SeededRandom.fillIntegers}), one call at a time otherwise.
 */
export function fillIntegers(random: RandomSource, maxExclusive: number, target: Uint32Array): Uint32Array {
  const bulk = (random as Partial<Pick<SeededRandom, 'fillIntegers'>>).fillIntegers;
  if (typeof bulk === 'function') return bulk.call(random, maxExclusive, target);
  for (let index = 0; index < target.length; index++) target[index] = random.integer(maxExclusive);
  return target;
}
