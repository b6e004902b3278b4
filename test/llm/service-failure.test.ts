/**
 * Retry-After parsing and retryable statuses. Expected values follow RFC 9110 §10.2.3 (Retry-After is
 * delay-seconds or an HTTP-date) and the status classes named in the brief: 408, 409, 429 and 5xx retry;
 * 400, 401, 403, 404, 422 do not.
 */
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../lib/core/errors.js';
import { isRetryableStatus, parseRetryAfter, retryAfterFromHeaders, stripUrlCredentials, toServiceError } from '../../lib/llm/service-failure.js';

describe('parseRetryAfter', () => {
  it('reads delay-seconds, including fractions', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 1.5 ')).toBe(1500);
  });

  it('reads an HTTP-date relative to now, and clamps past dates to 0', () => {
    // RFC 9110's example date; 30 s after "now".
    const now = Date.parse('Wed, 21 Oct 2015 07:27:30 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or invalid values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
  });

  it('prefers retry-after-ms and reads plain objects and Headers', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterFromHeaders({ 'Retry-After': '2' })).toBe(2000);
    expect(retryAfterFromHeaders(undefined)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [529, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
  ])('HTTP %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});

describe('toServiceError', () => {
  it('classifies connection resets as retryable and other errors as not, scrubbing secrets', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    const converted = toServiceError('ollama', reset) as ServiceError;
    expect(converted).toBeInstanceOf(ServiceError);
    expect(converted.retryable).toBe(true);
    expect(converted.message).toContain('ECONNRESET');
    const secret = 'sk-ant-api03-supersecretvalue-123456';
    const other = toServiceError('anthropic', new Error(`weird failure with ${secret}`), { secrets: [secret] }) as ServiceError;
    expect(other.retryable).toBe(false);
    expect(other.message).not.toContain(secret);
  });

  it('returns the abort reason when the caller aborted', () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    expect(toServiceError('ollama', new Error('aborted'), { signal: controller.signal })).toBe(reason);
  });

  it('removes credentials from URLs', () => {
    expect(stripUrlCredentials('http://user:pw@gpu-box:11434/')).toBe('http://gpu-box:11434');
  });
});
