import { requireOpenUnitInterval } from './require-open-unit-interval.js';

/**
 * Reads an optional confidence level: `undefined` gives 0.95; otherwise it must lie strictly between 0 and 1,
 * or {@link InvalidArgumentError} names `argument`.
 *
 * @example
 * confidenceLevelOption(undefined, 'options.level'); // 0.95
 */
export function confidenceLevelOption(value: number | undefined, argument: string): number {
  return value === undefined ? 0.95 : requireOpenUnitInterval(value, argument);
}
