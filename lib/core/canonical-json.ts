/**
 * Canonical JSON and content hashes. Two values that are equal as JSON data produce the same text and the
 * same hash, whatever the order of their object keys — so hashes can key caches, name runs and identify
 * documents.
 *
 * Serialisation follows the JSON Canonicalization Scheme, RFC 8785: object keys sorted by UTF-16 code units,
 * no insignificant whitespace, numbers in ECMAScript `Number.prototype.toString` form, strings escaped as
 * `JSON.stringify` does. Values JSON cannot represent (undefined, functions, NaN, Infinity, BigInt, symbols)
 * are rejected instead of silently dropped; `undefined` object members are omitted, as in JSON.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * hashCanonical({ b: 1, a: 2 }) === hashCanonical({ a: 2, b: 1 }); // true
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { InvalidArgumentError } from './errors.js';

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidArgumentError(path, `cannot canonicalise the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => serialise(item === undefined ? null : item, `${path}[${index}]`)).join(',')}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new InvalidArgumentError(path, `cannot canonicalise an instance of ${prototype?.constructor?.name ?? 'unknown'}`);
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
      return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${serialise(member, `${path}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new InvalidArgumentError(path, `cannot canonicalise a value of type ${typeof value}`);
  }
}

/** The canonical JSON text of a value (RFC 8785). */
export function canonicalJson(value: unknown): string {
  return serialise(value, 'value');
}

/** Hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  // crypto.hash (Node >= 20.12) is the one-shot form: no Hash object per call, which matters on the cache's hot path.
  return oneShotHash ? oneShotHash('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

const oneShotHash = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/** Hex SHA-256 of the canonical JSON of a value. */
export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
