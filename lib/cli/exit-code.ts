/**
 * The process exit code for an error, decided by its class and code (never by its message): 2 only for a
 * {@link UsageError} (code `USAGE`: the command line was wrong), 128 + the signal's number for a run interrupted
 * by a signal (130 for SIGINT, 143 for SIGTERM), 1 for everything else (the work failed: a missing file or
 * collection, a malformed input, an unreachable service, a wrong argument a library function rejected).
 *
 * @example
 * exitCodeFor(new UsageError('ecg-llm', 'unknown command "x"')); // 2
 * exitCodeFor(new NotFoundError('Chroma collection', 'demo'));   // 1
 */
import { constants } from 'node:os';
import { WorkspaceError, type ErrorCode } from '../core/errors.js';

/** Exit codes other than 1, by error code. */
const EXIT_CODE_BY_ERROR_CODE: Partial<Record<ErrorCode, number>> = {
  USAGE: 2,
};

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof WorkspaceError)) return 1;
  if (error.code === 'INTERRUPTED') {
    const signal = error.details.signal;
    const number = typeof signal === 'string' ? (constants.signals as Record<string, number>)[signal] : undefined;
    return number === undefined ? 130 : 128 + number;
  }
  return EXIT_CODE_BY_ERROR_CODE[error.code] ?? 1;
}
