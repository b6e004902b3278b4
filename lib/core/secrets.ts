/**
 * Keeps secrets out of everything the workspace writes. API keys are read from the environment by the
 * providers only; as a second line of defence every manifest, log line and error detail passes through
 * {@link redactSecrets} before it is written.
 */

const SECRET_KEY_PATTERN = /(api[-_]?key|apikey|secret|password|passwd|authorization|credential|cookie)/i;
// `token`, `HF_TOKEN`, `authToken` are secrets; `maxTokens`, `inputTokens`, `tokenCount` are not.
const TOKEN_KEY_PATTERN = /token$/i;
const TOKEN_COUNT_PATTERN = /(max|min|num|count|input|output|total|cache|cached|prompt|completion)[-_]?tokens?$/i;

/** True when an object key or variable name names a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_KEY_PATTERN.test(name) || (TOKEN_KEY_PATTERN.test(name) && !TOKEN_COUNT_PATTERN.test(name));
}
// Shapes of well-known credentials: Anthropic, OpenAI, Hugging Face, GitHub, AWS, bearer headers.
const SECRET_VALUE_PATTERNS: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\bhf_[A-Za-z0-9]{16,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bBearer\s+[A-Za-z0-9._~+/-]{12,}=*/gi,
];

export const REDACTED = '[redacted]';

// Query or fragment parameters that carry a credential besides the secret-looking names (`api_key`, `token`, ...).
const SECRET_PARAMETER_PATTERN = /^(key|sig|signature|auth|pass|pwd|code|x-amz-signature|x-amz-credential|x-goog-signature)$/i;

function redactParameters(parameters: string): string {
  return parameters
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      let name = pair.slice(0, equals);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a malformed escape: judge the raw name
      }
      return isSecretName(name) || SECRET_PARAMETER_PATTERN.test(name) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * A URL fit to print or record: the user name and password (`user:pass@`) become `[redacted]@`, and the values of
 * query or fragment parameters that carry credentials (`?token=`, `api_key=`, `key=`, `sig=`, `password=`, ...)
 * become `[redacted]`. Everything else (scheme, host, port, path, harmless parameters) stays as given, so the URL
 * still says where the workspace connected. Text that is not a URL is returned unchanged.
 *
 * @example
 * redactUrl('http://user:pass@gpu-box:8000/v1?api_key=abc&x=1'); // 'http://[redacted]@gpu-box:8000/v1?api_key=[redacted]&x=1'
 */
export function redactUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/i.exec(url);
  if (!match) return url;
  const [, scheme, authority = '', path = '', query, fragment] = match;
  const at = authority.lastIndexOf('@');
  const host = at < 0 ? authority : `${REDACTED}@${authority.slice(at + 1)}`;
  const redactedQuery = query === undefined ? '' : `?${redactParameters(query.slice(1))}`;
  const redactedFragment = fragment === undefined ? '' : `#${redactParameters(fragment.slice(1))}`;
  return `${scheme}${host}${path}${redactedQuery}${redactedFragment}`;
}

// A URL inside free text: scheme://, then everything up to white space, a quote or an angle bracket.
const URL_IN_TEXT_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** Replaces credential-shaped substrings in a text, including credentials inside URLs ({@link redactUrl}). Also
 * removes the values of any `extraSecrets`. */
export function redactText(text: string, extraSecrets: readonly string[] = []): string {
  let result = text.replace(URL_IN_TEXT_PATTERN, (url) => redactUrl(url));
  for (const secret of extraSecrets) {
    if (secret.length >= 6) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_VALUE_PATTERNS) result = result.replace(pattern, REDACTED);
  return result;
}

/**
 * A deep copy of `value` in which members whose key looks like a secret (`apiKey`, `token`, ...) and strings
 * that look like credentials are replaced by `[redacted]`.
 */
export function redactSecrets<T>(value: T, extraSecrets: readonly string[] = []): T {
  const visit = (item: unknown, key: string | undefined): unknown => {
    if (key !== undefined && isSecretName(key) && item !== null && item !== undefined && item !== '') {
      return typeof item === 'string' || typeof item === 'number' ? REDACTED : visit(item, undefined);
    }
    if (typeof item === 'string') return redactText(item, extraSecrets);
    if (Array.isArray(item)) return item.map((element) => visit(element, undefined));
    if (item && typeof item === 'object' && Object.getPrototypeOf(item) === Object.prototype) {
      return Object.fromEntries(Object.entries(item).map(([name, member]) => [name, visit(member, name)]));
    }
    return item;
  };
  return visit(value, undefined) as T;
}

/** The values of environment variables that hold secrets, so they can be scrubbed from any text. */
export function environmentSecrets(environment: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(environment)
    .filter(([name, value]) => isSecretName(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string);
}
