import type { BackgroundPace } from '../core/background-pace.js';
import { decidePace, describePaceCause, type PaceCause } from '../core/load-pace-policy.js';
import type { LoadReading } from '../core/resource-readings.js';

/** The load readings a pace follows (a `ResourceMonitor`). */
export interface LoadReadings {
  latest(): LoadReading | null;
  loadHistory(): readonly LoadReading[];
  onReading(listener: (reading: LoadReading) => void): () => void;
}

/** How much background work is slowed now, and why. */
export interface PaceState {
  /** The pause a step asking now would wait (ms). */
  delayMs: number;
  /** 0 (idle) to 1 (at the machine's limits). */
  pressure: number;
  cause: PaceCause | null;
  /** The cause in words ("CPU at 92%"); null when nothing slows the work. */
  reason: string | null;
  /** Since when the readings have slowed background work without a break (epoch ms); null: they do not. */
  slowedSince: number | null;
  /** Steps waiting for their turn now, and steps that have had to wait since the start. */
  waiting: number;
  delayedSteps: number;
}

/**
 * The background pace of the latest load reading (see `decidePace`): a step asked for waits the
 * pause the reading calls for, and goes at once when a newer reading calls for less (the load
 * dropped). Before any reading nothing waits.
 */
export class LoadPace implements BackgroundPace {
  private waiting = 0;
  private delayedSteps = 0;

  constructor(
    private readonly readings: LoadReadings,
    private readonly now: () => number = Date.now,
  ) {}

  nextStep(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const { delayMs } = decidePace(this.readings.latest());
    if (delayMs === 0) return Promise.resolve();
    this.delayedSteps += 1;
    this.waiting += 1;
    const askedAt = this.now();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let isDone = false;
      const finish = (err?: Error) => {
        if (isDone) return;
        isDone = true;
        clearTimeout(timer);
        stopFollowing();
        signal?.removeEventListener('abort', aborted);
        this.waiting -= 1;
        if (err === undefined) resolve();
        else reject(err);
      };
      const aborted = () => finish(signal!.reason as Error);
      const wait = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(), ms);
        timer.unref();
      };
      // A newer reading may shorten the wait (never lengthen it: the step was promised its turn).
      let due = askedAt + delayMs;
      const stopFollowing = this.readings.onReading((reading) => {
        const next = askedAt + decidePace(reading).delayMs;
        if (next >= due) return;
        due = next;
        const left = due - this.now();
        if (left <= 0) finish();
        else wait(left);
      });
      signal?.addEventListener('abort', aborted, { once: true });
      wait(delayMs);
    });
  }

  state(): PaceState {
    const latest = this.readings.latest();
    const decision = decidePace(latest);
    return {
      delayMs: decision.delayMs,
      pressure: decision.pressure,
      cause: decision.cause,
      reason: latest && decision.cause ? describePaceCause(latest, decision.cause) : null,
      slowedSince: this.slowedSince(),
      waiting: this.waiting,
      delayedSteps: this.delayedSteps,
    };
  }

  private slowedSince(): number | null {
    const history = this.readings.loadHistory();
    let since: number | null = null;
    for (let i = history.length - 1; i >= 0 && decidePace(history[i]!).delayMs > 0; i--)
      since = history[i]!.at;
    return since;
  }
}
