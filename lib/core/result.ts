/**
 * A value or an error, for operations where failure is an expected outcome that callers handle item by item
 * (a model reply that fails validation, one unreadable file among many) rather than an exception.
 *
 * @example
 * const parsed = tryParse(text);
 * if (!parsed.ok) failures.push(parsed.error); else items.push(parsed.value);
 */
export type Result<T, E = Error> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** A successful result. */
export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

/** A failed result. */
export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

/** Runs `fn` and captures a thrown error as a failed result. */
export async function settle<T>(fn: () => Promise<T> | T): Promise<Result<T, unknown>> {
  try {
    return ok(await fn());
  } catch (error) {
    return err(error);
  }
}
