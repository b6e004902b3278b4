import { expect } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors.js';

/**
 * Asserts `|actual − expected| <= max(relative · |expected|, absolute)`. The default relative tolerance 1e-9 is
 * the agreement required where the reference is exact; tests that loosen it say why beside the call.
 */
export function expectClose(actual: number, expected: number, relative = 1e-9, absolute = 0): void {
  const allowed = Math.max(relative * Math.abs(expected), absolute);
  const error = Math.abs(actual - expected);
  if (Number.isNaN(actual) || !(error <= allowed || actual === expected)) {
    expect.fail(`expected ${actual} to be within ${allowed} of ${expected} (difference ${error})`);
  }
}

/** Asserts that every element of `actual` is close to the matching one of `expected` (same length). */
export function expectAllClose(actual: readonly number[], expected: readonly number[], relative = 1e-9, absolute = 0): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, index) => expectClose(value, expected[index] as number, relative, absolute));
}

/** Asserts that `call` throws an {@link InvalidArgumentError} naming `argument`. */
export function expectInvalidArgument(call: () => unknown, argument: string): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidArgumentError);
  expect((thrown as InvalidArgumentError).argument).toBe(argument);
}
