import { ObsLinkError } from './obs-link.port.js';

/** A request OBS did not answer in time. */
export class ObsTimeoutError extends ObsLinkError {
  override name = 'ObsTimeoutError';
}

/**
 * Waits for `work` at most `timeoutMs`, then rejects with an `ObsTimeoutError(timeoutMessage)`;
 * rejects at once when `signal` aborts (the link closed). No timer or listener outlives the wait.
 */
export function waitBounded<T>(
  work: Promise<T>,
  timeoutMs: number,
  signal: AbortSignal,
  timeoutMessage: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const closed = () => {
      clearTimeout(timer);
      reject(new ObsLinkError('the link to OBS closed', true));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', closed);
      reject(new ObsTimeoutError(timeoutMessage, true));
    }, timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', closed);
    };
    if (signal.aborted) closed();
    else signal.addEventListener('abort', closed, { once: true });
    // The work settling after the wait ended is of no interest (and must not go unhandled).
    work.then(
      (value) => (settle(), resolve(value)),
      (err: unknown) => (settle(), reject(err instanceof Error ? err : new Error(String(err)))),
    );
  });
}
