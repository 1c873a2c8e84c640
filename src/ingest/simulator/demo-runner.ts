import type { Logger } from 'pino';
import { UnavailableError } from '../../core/errors.js';
import type { LiveEvent } from '../../core/live-event.js';
import { deriveSeed } from './seeded-random.js';
import { StreamSimulator } from './stream-simulator.js';

/** The slice of `Pipeline` the demo needs: submit one profile's events, resolve once stored. */
export interface EventSubmitter {
  submit(profile: string, events: readonly LiveEvent[]): Promise<unknown>;
}

export interface DemoRunnerOptions {
  pipeline: EventSubmitter;
  /** Profile the events are written to; it must exist. */
  profile: string;
  /** Streams (slugs) to simulate, each with its own sequence derived from `seed`. */
  streams: readonly string[];
  seed: number;
  /** Time between ticks (default 1000). */
  tickMs?: number;
  now: () => number;
  logger: Logger;
}

/** Events kept for the next tick while the pipeline is full; beyond this the oldest are dropped. */
const MAX_CARRIED_EVENTS = 5000;

/**
 * Runs one `StreamSimulator` per stream in real time and submits each tick's events of all
 * streams in one call. Simulated time follows `now()`, so a late tick catches up. A failed submit
 * is logged and the loop goes on: after INGEST_QUEUE_FULL the events are kept for the next tick,
 * which waits `retryAfterSeconds`; after any other error they are dropped.
 */
export class DemoRunner {
  private readonly log: Logger;
  private readonly tickMs: number;
  private simulators: StreamSimulator[] = [];
  private carried: LiveEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private isStarted = false;
  /** Bumped by start and stop, so a tick of an earlier run never schedules into a later one. */
  private generation = 0;

  constructor(private readonly options: DemoRunnerOptions) {
    this.log = options.logger.child({ module: 'ingest.simulator' });
    this.tickMs = options.tickMs ?? 1000;
    if (!(this.tickMs > 0)) throw new RangeError(`tickMs must be > 0, got ${this.tickMs}`);
  }

  /** Starts the simulation at `now()`. Calling it while running does nothing. */
  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    this.generation += 1;
    const startAt = this.options.now();
    const { seed, profile, streams } = this.options;
    this.simulators = streams.map(
      (stream) => new StreamSimulator({ seed: deriveSeed(seed, stream), stream, startAt }),
    );
    this.carried = [];
    this.log.info({ profile, streams, seed }, 'demo simulator started');
    this.schedule(this.tickMs);
  }

  /** Stops ticking and waits for a submit in flight to settle. */
  async stop(): Promise<void> {
    if (!this.isStarted) return;
    this.isStarted = false;
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.log.info({ profile: this.options.profile }, 'demo simulator stopped');
  }

  private schedule(delayMs: number): void {
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick(generation).finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  /** One tick; never rejects, and schedules the next one unless stopped. */
  private async tick(generation: number): Promise<void> {
    let delayMs = this.tickMs;
    let events: LiveEvent[] = this.carried;
    this.carried = [];
    try {
      const now = this.options.now();
      events = [...events, ...this.simulators.flatMap((sim) => sim.next(Math.max(0, now - sim.now)))];
      if (events.length > 0) await this.options.pipeline.submit(this.options.profile, events);
    } catch (err) {
      if (err instanceof UnavailableError && err.code === 'INGEST_QUEUE_FULL') {
        this.carried = events.slice(-MAX_CARRIED_EVENTS);
        delayMs = Math.max(delayMs, err.retryAfterSeconds * 1000);
        this.log.warn(
          { err, carried: this.carried.length, dropped: events.length - this.carried.length },
          'demo submit deferred: queue full',
        );
      } else {
        this.log.warn({ err, dropped: events.length }, 'demo submit failed; events dropped');
      }
    }
    if (generation === this.generation) this.schedule(delayMs);
  }
}
