/**
 * Typed errors shared by every stage. Each error carries structured fields (`details`) so that a CLI, a
 * notebook or a test can react to *what* went wrong without parsing the message, and a stable `code`.
 *
 * Messages name the place of the problem (file, line, column, field or argument) in words a user can act on.
 */

/** Where in an input a problem was found. Every field is optional; give as many as are known. */
export interface InputLocation {
  /** Path of the file, as the user gave it or relative to the workspace. */
  file?: string;
  /** 1-based line number. */
  line?: number;
  /** 1-based column number (a character column, or a CSV field number where that is clearer). */
  column?: number;
  /** The field, column name or JSON path that is wrong. */
  field?: string;
}

/** Formats a location as `file:line:column (field)`, leaving out what is unknown. */
export function formatLocation(location: InputLocation): string {
  let text = location.file ?? '';
  if (location.line !== undefined) text += `${text ? ':' : 'line '}${location.line}`;
  if (location.column !== undefined) text += `${text ? ':' : 'column '}${location.column}`;
  if (location.field !== undefined) text += text ? ` (field "${location.field}")` : `field "${location.field}"`;
  return text;
}

/**
 * The closed set of error codes. Every {@link WorkspaceError} carries one of them, so that a caller (the CLI's exit
 * code, a notebook, a test) reacts to the code or the class, never to the wording of a message. A new kind of error
 * adds its code here, in this one list.
 */
export const ERROR_CODES = [
  'USAGE',
  'INVALID_ARGUMENT',
  'INPUT_FILE',
  'CHECKSUM_MISMATCH',
  'CONFIGURATION',
  'SERVICE',
  'NOT_FOUND',
  'DUPLICATE_RECORD',
  'INTERRUPTED',
  'JOURNAL_CLOSED',
  'NOTEBOOK_CELL',
  'CACHE_MISS',
  'ONNX_EXPORT_MISSING',
  'EMBEDDING_MISMATCH',
  'CONTEXT_TOO_SMALL',
  'MODEL_TOO_LARGE',
  'TRAINING_JOB_FAILED',
  'TRAINING_JOB_LOST',
  'TIMEOUT',
  'STORAGE',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** True when `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Base class of every error the workspace throws on purpose. */
export class WorkspaceError extends Error {
  /** A stable machine-readable code from {@link ERROR_CODES}, e.g. `INVALID_ARGUMENT`. */
  readonly code: ErrorCode;
  /** Structured fields describing the problem; never contains secrets. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  /** A JSON-safe description, used in run manifests and CLI output. */
  toJSON(): { name: string; code: ErrorCode; message: string; details: Readonly<Record<string, unknown>> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** A function was called with an argument it cannot work with (empty array, NaN, unequal lengths...). */
export class InvalidArgumentError extends WorkspaceError {
  readonly argument: string;
  constructor(argument: string, reason: string, details: Record<string, unknown> = {}) {
    super('INVALID_ARGUMENT', `Invalid argument "${argument}": ${reason}`, { argument, reason, ...details });
    this.argument = argument;
  }
}

/** An input file (CSV, JSONL, markdown, PDF, config) is malformed or does not match its schema. */
export class InputFileError extends WorkspaceError {
  readonly location: InputLocation;
  readonly reason: string;
  constructor(location: InputLocation, reason: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    const where = formatLocation(location);
    super('INPUT_FILE', where ? `${where}: ${reason}` : reason, { ...location, reason, ...details }, options);
    this.location = location;
    this.reason = reason;
  }
}

/** A downloaded or mirrored file does not have the checksum its manifest promises. */
export class ChecksumMismatchError extends WorkspaceError {
  readonly file: string;
  readonly expected: string;
  readonly actual: string;
  /** `hint`: what the user can do about it, appended to the message (e.g. the command that restores the file). */
  constructor(file: string, expected: string, actual: string, algorithm = 'sha256', hint?: string) {
    super(
      'CHECKSUM_MISMATCH',
      `${file}: ${algorithm} checksum mismatch: expected ${expected}, got ${actual}. The file is corrupt or not the ` +
        `published version; it was not used.${hint ? ` ${hint}` : ''}`,
      { file, expected, actual, algorithm, ...(hint ? { hint } : {}) },
    );
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A configuration value or environment variable is missing or invalid. */
export class ConfigurationError extends WorkspaceError {
  readonly key: string;
  constructor(key: string, reason: string, details: Record<string, unknown> = {}) {
    super('CONFIGURATION', `Configuration "${key}": ${reason}`, { key, reason, ...details });
    this.key = key;
  }
}

/** An external service (LLM provider, Chroma, a download host) failed or could not be reached. */
export class ServiceError extends WorkspaceError {
  readonly service: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** How many attempts were made before this error was thrown (set by the retry layer). */
  readonly attempts: number | undefined;
  constructor(
    service: string,
    reason: string,
    fields: { status?: number; retryable?: boolean; url?: string; retryAfterMs?: number; attempts?: number } = {},
    options?: { cause?: unknown },
  ) {
    const status = fields.status === undefined ? '' : ` (HTTP ${fields.status})`;
    super('SERVICE', `${service}${status}: ${reason}`, { service, reason, ...fields }, options);
    this.service = service;
    this.status = fields.status;
    this.retryable = fields.retryable ?? false;
    this.attempts = fields.attempts;
  }
}

/** A requested thing (file, run, dataset, model) does not exist. */
export class NotFoundError extends WorkspaceError {
  readonly kind: string;
  readonly item: string;
  constructor(kind: string, item: string, hint?: string) {
    super('NOT_FOUND', `${kind} not found: ${item}${hint ? `. ${hint}` : ''}`, { kind, item, ...(hint ? { hint } : {}) });
    this.kind = kind;
    this.item = item;
  }
}

/** Two records with one id were about to be written to one record file. Nothing is written. */
export class DuplicateRecordError extends WorkspaceError {
  readonly file: string;
  readonly id: string;
  constructor(file: string, id: string, details: Record<string, unknown> = {}) {
    super('DUPLICATE_RECORD', `${file}: two records with id "${id}"; every record written must have its own id`, { file, id, ...details });
    this.file = file;
    this.id = id;
  }
}

/**
 * The work was stopped by a signal (Ctrl-C / SIGINT, SIGTERM) or by an aborted `AbortSignal`, e.g. the notebook's
 * Interrupt button. `signal` names the signal when one is known.
 */
export class InterruptedError extends WorkspaceError {
  readonly signal: NodeJS.Signals | undefined;
  constructor(signal?: NodeJS.Signals, details: Record<string, unknown> = {}) {
    super('INTERRUPTED', signal ? `interrupted by ${signal}` : 'interrupted', { ...(signal ? { signal } : {}), ...details });
    this.signal = signal;
  }
}

const FILE_ACCESS_REASONS: Readonly<Record<string, string>> = {
  EISDIR: 'is a folder, not a file',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: operation not permitted',
  ELOOP: 'cannot be read: too many levels of symbolic links',
  ENAMETOOLONG: 'cannot be read: the path is too long',
};

/**
 * The typed error for a Node.js file-system error that occurred while reading `path`, so that the message always
 * names the path: a missing file (`ENOENT`, or `ENOTDIR`: a parent of the path is not a folder) is a
 * {@link NotFoundError}; a folder where a file was expected, a file without read permission or a link loop is an
 * {@link InputFileError} with the system error code in `details.code`. Any other value is returned unchanged.
 *
 * @example
 * try { await readFile(path, 'utf8'); } catch (error) { throw fileAccessError(path, error); }
 */
export function fileAccessError(path: string, error: unknown, kind = 'file'): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new NotFoundError(kind, path);
  const reason = code === undefined ? undefined : FILE_ACCESS_REASONS[code];
  if (reason !== undefined) return new InputFileError({ file: path }, reason, { code }, { cause: error });
  return error;
}

/** Serialises any thrown value for a manifest or a log, without stack traces of foreign errors' secrets. */
export function describeError(error: unknown): { name: string; code?: string; message: string; details?: unknown } {
  if (error instanceof WorkspaceError) return error.toJSON();
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
