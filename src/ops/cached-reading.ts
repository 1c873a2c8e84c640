/** What a reading waits for at most before it answers with the value it had (ms). */
const DEFAULT_WAIT_MS = 2_000;

export interface CachedReadingOptions {
  /** A value this young is answered as it is, without reading again (ms). */
  maxAgeMs: number;
  /** How long a caller waits for a fresh value before it gets the last one (ms). */
  waitMs?: number;
  now?: () => number;
}

/**
 * A value that is costly to read (file sizes, a query), read at most once per `maxAgeMs` however
 * often it is asked for: callers meanwhile share the value, or the one read in flight. A caller
 * waits at most `waitMs` for a new value, then gets the previous one (null before any), so a slow
 * disk or database never holds a scrape. A read that fails is thrown to the callers waiting on it;
 * the next call reads again.
 */
export class CachedReading<T> {
  private value: { at: number; data: T } | null = null;
  private reading: Promise<T> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: CachedReadingOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The value, read again if it is older than `maxAgeMs`; null when none arrived in time yet. */
  async get(): Promise<T | null> {
    if (this.value && this.now() - this.value.at < this.options.maxAgeMs) return this.value.data;
    this.reading ??= this.read().then(
      (data) => {
        this.value = { at: this.now(), data };
        this.reading = null;
        return data;
      },
      (err: unknown) => {
        this.reading = null;
        throw err;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T | null>((resolve) => {
      timer = setTimeout(() => resolve(this.value?.data ?? null), this.options.waitMs ?? DEFAULT_WAIT_MS);
    });
    try {
      return await Promise.race([this.reading, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
