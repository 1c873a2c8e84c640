import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ObsLinkError } from './obs-link.port.js';
import { ObsTimeoutError, waitBounded } from './obs-wait.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A promise the test settles by hand. */
function pending<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('waitBounded', () => {
  test('gives what the work gives in time, and leaves no timer behind', async () => {
    const work = pending<number>();
    const waiting = waitBounded(work.promise, 1_000, new AbortController().signal, 'too slow');
    work.resolve(42);
    await expect(waiting).resolves.toBe(42);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('passes on the work failing, as an error', async () => {
    const work = pending<number>();
    const waiting = waitBounded(work.promise, 1_000, new AbortController().signal, 'too slow');
    work.reject('not an error');
    await expect(waiting).rejects.toThrow('not an error');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('gives up after the timeout, worth trying again', async () => {
    const work = pending<number>();
    const caught = waitBounded(work.promise, 1_000, new AbortController().signal, 'too slow').catch(
      (err: unknown) => err,
    );
    await vi.advanceTimersByTimeAsync(999);
    work.resolve(1);
    expect(await caught).toBe(1);
    const slow = waitBounded(pending<number>().promise, 1_000, new AbortController().signal, 'too slow');
    const failed = slow.catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(1_000);
    const err = await failed;
    expect(err).toBeInstanceOf(ObsTimeoutError);
    expect(err).toMatchObject({ message: 'too slow', retry: true });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('ends at once when the link closes, before or during the wait', async () => {
    const closing = new AbortController();
    const during = waitBounded(pending<number>().promise, 1_000, closing.signal, 'too slow');
    closing.abort();
    await expect(during).rejects.toThrow('the link to OBS closed');
    expect(vi.getTimerCount()).toBe(0);
    const after = waitBounded(pending<number>().promise, 1_000, closing.signal, 'too slow');
    await expect(after).rejects.toBeInstanceOf(ObsLinkError);
    expect(vi.getTimerCount()).toBe(0);
  });
});
