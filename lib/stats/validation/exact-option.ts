import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Reads the `exact` option of the rank tests: `undefined` means `'auto'`; otherwise it must be `'auto'`, `true`
 * or `false`, or {@link InvalidArgumentError} names `options.exact`.
 *
 * @example
 * exactOption(undefined); // 'auto'
 */
export function exactOption(value: unknown): 'auto' | boolean {
  if (value === undefined || value === 'auto') return 'auto';
  if (typeof value === 'boolean') return value;
  throw new InvalidArgumentError('options.exact', `must be 'auto', true or false, got ${String(value)}`);
}
