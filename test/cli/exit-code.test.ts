import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../lib/cli/exit-code.js';
import { UsageError } from '../../lib/cli/command.js';
import {
  ConfigurationError,
  ERROR_CODES,
  InputFileError,
  InterruptedError,
  InvalidArgumentError,
  isErrorCode,
  NotFoundError,
  ServiceError,
  WorkspaceError,
} from '../../lib/core/errors.js';

describe('exitCodeFor', () => {
  // The exit codes are the README's: 2 only when the command line was wrong; 128 + signal number for a signal
  // (POSIX shells: SIGINT is 2, SIGTERM is 15, so 130 and 143); 1 for every other failure.
  it('exits 2 only for usage errors, whatever the message says', () => {
    expect(exitCodeFor(new UsageError('ecg-llm', 'unknown command "x"'))).toBe(2);
    // A message that reads like a usage error does not make one (issue 9: codes, not strings).
    expect(exitCodeFor(new NotFoundError('Chroma collection', '"demo" at http://127.0.0.1:8000', 'Run `ecg-llm rag index` first'))).toBe(1);
    expect(exitCodeFor(new InvalidArgumentError('collection', 'Unknown option --x; the command line was wrong'))).toBe(1);
    expect(exitCodeFor(new ConfigurationError('provider', 'unknown provider'))).toBe(1);
    expect(exitCodeFor(new InputFileError({ file: 'q.csv', line: 3 }, 'bad'))).toBe(1);
    expect(exitCodeFor(new ServiceError('Chroma', 'down'))).toBe(1);
    expect(exitCodeFor(new Error('usage'))).toBe(1);
    expect(exitCodeFor('a string')).toBe(1);
  });

  it('maps an interruption to 128 + the signal number', () => {
    expect(exitCodeFor(new InterruptedError('SIGINT'))).toBe(130);
    expect(exitCodeFor(new InterruptedError('SIGTERM'))).toBe(143);
    expect(exitCodeFor(new InterruptedError())).toBe(130);
  });

  it('works from a closed list of codes that every workspace error uses', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    const errors: WorkspaceError[] = [
      new UsageError('ecg-llm', 'x'),
      new NotFoundError('file', 'x'),
      new InvalidArgumentError('x', 'y'),
      new ConfigurationError('x', 'y'),
      new InputFileError({ file: 'x' }, 'y'),
      new ServiceError('x', 'y'),
      new InterruptedError(),
    ];
    for (const error of errors) expect(isErrorCode(error.code), error.name).toBe(true);
    expect(isErrorCode('SOMETHING_ELSE')).toBe(false);
  });
});
