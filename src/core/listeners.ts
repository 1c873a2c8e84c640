/** Told when a listener throws or rejects, with what it was called with; the others run regardless. */
export type ListenerFailure<Args extends unknown[] = unknown[]> = (err: unknown, ...args: Args) => void;

/**
 * The listeners of one kind of change, called in the order they were added. Each is isolated: one
 * that throws, or returns a promise that rejects, is reported to `onFailure` and the ones after it
 * still run, so a failing consumer (a live push) never keeps the others (webhooks, spike checks)
 * from theirs.
 */
export class Listeners<Args extends unknown[]> {
  private readonly list: ((...args: Args) => unknown)[] = [];

  constructor(private readonly onFailure: ListenerFailure<Args>) {}

  add(listener: (...args: Args) => unknown): void {
    this.list.push(listener);
  }

  emit(...args: Args): void {
    for (const listener of this.list) {
      try {
        const out = listener(...args);
        if (out instanceof Promise) out.catch((err: unknown) => this.onFailure(err, ...args));
      } catch (err) {
        this.onFailure(err, ...args);
      }
    }
  }
}

/**
 * Work others must finish before something happens (a profile's data is deleted): run in the order
 * added, each awaited; the first that fails stops the rest and fails the caller.
 */
export class Hooks<Args extends unknown[]> {
  private readonly list: ((...args: Args) => Promise<void> | void)[] = [];

  add(hook: (...args: Args) => Promise<void> | void): void {
    this.list.push(hook);
  }

  async run(...args: Args): Promise<void> {
    for (const hook of this.list) await hook(...args);
  }
}
