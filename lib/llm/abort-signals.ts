/**
 * Combining abort signals: a call is cancelled when the caller aborts OR a timeout fires. Uses the platform's
 * `AbortSignal.any` (Node >= 20.3), which the bundled DOM typings do not declare.
 */

type SignalStatics = { any?: (signals: AbortSignal[]) => AbortSignal };

/** A signal that aborts (with that signal's reason) as soon as any of the given signals aborts. */
export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length === 1) return present[0] as AbortSignal;
  const platformAny = (AbortSignal as unknown as SignalStatics).any;
  if (platformAny) return platformAny(present);
  const controller = new AbortController();
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** Waits `ms` milliseconds; rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
