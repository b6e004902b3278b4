import { describe, expect, it } from 'vitest';
import { canonicalJson, hashCanonical, sha256Hex } from '../../lib/core/canonical-json.js';
import { InvalidArgumentError } from '../../lib/core/errors.js';

describe('canonicalJson', () => {
  it('serialises the RFC 8785 section 3.2.2 sample exactly as the RFC prints it', () => {
    // Input and expected output: RFC 8785 (JSON Canonicalization Scheme), section 3.2.2/3.2.3.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3 example order)', () => {
    const input = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // Integer-like keys are re-ordered by JSON.parse itself, so compare the text order instead.
    const text = canonicalJson(input);
    const order = ['\\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((key) => text.indexOf(`"${key}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(keys).toHaveLength(7);
  });

  it('is independent of key order and omits undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: undefined } })).toBe('{"a":{"d":[1,2]},"b":1}');
    expect(hashCanonical({ x: 1, y: 2 })).toBe(hashCanonical({ y: 2, x: 1 }));
  });

  it('rejects values JSON cannot represent, naming where they are', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(InvalidArgumentError);
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/value\.a\[1\]/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson(new Map())).toThrow(/Map/);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector for "abc"', () => {
    // FIPS 180-2, Appendix B.1.
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
