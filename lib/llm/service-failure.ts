/**
 * How the providers turn what went wrong on the wire into a {@link ServiceError} the retry layer can act on:
 * which HTTP statuses are worth retrying, how long the server asked us to wait (`Retry-After` in seconds or as
 * an HTTP-date, `retry-after-ms`), and which transport failures (connection reset or refused, a socket closed
 * mid-reply, a truncated body) are transient. Every message is scrubbed of secrets before it leaves here.
 */
import { ServiceError } from '../core/errors.js';
import { environmentSecrets, redactText } from '../core/secrets.js';

/**
 * True for statuses a client should retry: 408 Request Timeout, 409 Conflict, 429 Too Many Requests and every
 * 5xx (including Anthropic's 529 Overloaded). 400, 401, 403, 404, 422 and other 4xx are the caller's mistake
 * and are not retried.
 */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Parses a `Retry-After` value (RFC 9110 §10.2.3): either a non-negative number of seconds or an HTTP-date.
 * Returns milliseconds to wait (0 for a date in the past), or undefined when the value is absent or invalid.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // The three HTTP-date forms (IMF-fixdate, RFC 850, asctime) all begin with a day name.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined | null;

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** The wait a response asks for: `retry-after-ms` (milliseconds) or `retry-after` (seconds or HTTP-date). */
export function retryAfterFromHeaders(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const milliseconds = headerValue(headers, 'retry-after-ms');
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Math.round(Number(milliseconds));
  return parseRetryAfter(headerValue(headers, 'retry-after'), now);
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** True when an error (or any error in its `cause` chain) is a transient transport failure. */
export function isTransientTransportFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const candidate = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && TRANSIENT_CODES.has(candidate.code)) return true;
    if (candidate.name === 'APIConnectionError' || candidate.name === 'APIConnectionTimeoutError') return true;
    if (typeof candidate.message === 'string' && /fetch failed|other side closed|socket hang up|terminated|network error/i.test(candidate.message)) {
      return true;
    }
    current = candidate.cause;
  }
  return false;
}

/** Scrubs a message of the given secrets and of every secret-named environment variable. */
export function scrubMessage(message: string, secrets: readonly (string | undefined)[] = []): string {
  return redactText(message, [...secrets.filter((secret): secret is string => typeof secret === 'string'), ...environmentSecrets()]);
}

/**
 * The cause to attach to a ServiceError: the original error, unless its message or stack mentions a secret (a
 * proxy that echoes the key back), in which case a scrubbed copy takes its place so no secret travels with
 * the error.
 */
export function safeCause(cause: unknown, secrets: readonly (string | undefined)[] = []): unknown {
  if (!(cause instanceof Error)) return cause;
  const text = `${cause.message}\n${cause.stack ?? ''}`;
  if (scrubMessage(text, secrets) === text) return cause;
  const copy = new Error(scrubMessage(cause.message, secrets));
  copy.name = cause.name;
  copy.stack = scrubMessage(cause.stack ?? '', secrets);
  return copy;
}

/** Removes `user:password@` from a URL so it can be shown or recorded. */
export function stripUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

export interface HttpFailure {
  /** Service name for the message, e.g. `ollama`. */
  service: string;
  status?: number;
  message: string;
  headers?: HeaderSource;
  url?: string;
  cause?: unknown;
  /** Secrets to scrub from the message (the provider's API key). */
  secrets?: readonly (string | undefined)[];
}

/** Builds the ServiceError for an HTTP error response. */
export function serviceErrorFromHttp(failure: HttpFailure): ServiceError {
  const retryAfterMs = retryAfterFromHeaders(failure.headers);
  return new ServiceError(
    failure.service,
    scrubMessage(failure.message, failure.secrets),
    {
      ...(failure.status === undefined ? {} : { status: failure.status }),
      retryable: isRetryableStatus(failure.status),
      ...(failure.url ? { url: stripUrlCredentials(failure.url) } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
    { cause: safeCause(failure.cause, failure.secrets) },
  );
}

/**
 * Converts anything a provider call threw into the error to surface: the abort reason when the caller's signal
 * fired (so the retry layer's own timeout error comes back unchanged), a {@link ServiceError} already made, or
 * a ServiceError for a transport failure (retryable), a malformed reply (retryable) or anything else (not).
 */
export function toServiceError(
  service: string,
  error: unknown,
  context: { signal?: AbortSignal; url?: string; secrets?: readonly (string | undefined)[] } = {},
): unknown {
  if (context.signal?.aborted) return context.signal.reason ?? error;
  if (error instanceof ServiceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const url = context.url ? { url: stripUrlCredentials(context.url) } : {};
  if (isTransientTransportFailure(error)) {
    const detail = describeCause(error);
    return new ServiceError(service, scrubMessage(`connection failed: ${message}${detail ? ` (${detail})` : ''}`, context.secrets), { retryable: true, ...url }, { cause: safeCause(error, context.secrets) });
  }
  if (error instanceof SyntaxError || /Unexpected end of JSON|is not valid JSON|JSON at position/i.test(message)) {
    return new ServiceError(service, scrubMessage(`malformed reply: ${message}`, context.secrets), { retryable: true, ...url }, { cause: safeCause(error, context.secrets) });
  }
  return new ServiceError(service, scrubMessage(message, context.secrets), { retryable: false, ...url }, { cause: safeCause(error, context.secrets) });
}

function describeCause(error: unknown): string | undefined {
  let current = (error as { cause?: unknown })?.cause;
  for (let depth = 0; depth < 4 && current; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string') return candidate.code;
    if (typeof candidate.message === 'string' && candidate.message) return candidate.message;
    current = candidate.cause;
  }
  return undefined;
}
