import { Agent } from 'node:http';
import type { LiveEvent } from '../src/core/live-event.js';
import { ANALYTICS_STREAMS } from './analytics-dataset.js';
import { AnalyticsEventGenerator } from './analytics-event-generator.js';
import { postWithKey } from './server-process.js';

/**
 * The pusher of the analytics group's reads under load, in a process of its own (forked by
 * `startIngestLoad`): building bodies and answering pushes would otherwise share the event loop
 * that times the reads, and its pauses would land in their figures.
 */

/** The ingest rate the loaded pass must show the server takes, in events/s. */
export const LOAD_TARGET_EVENTS_PER_S = 20_000;
/**
 * The rate the pusher sends at: a little above the target, so that a server keeping up shows it
 * (paced at the target exactly, the stored rate over a window falls a batch short half the time).
 */
const PACE_EVENTS_PER_S = LOAD_TARGET_EVENTS_PER_S * 1.05;

const PER_BATCH = 1000;
const TICK_MS = 50;
/** Batches in flight at most; a pusher further behind than this drops the backlog rather than burst. */
const MAX_IN_FLIGHT = 4;
/** Events generated at a time per stream: ten minutes of a broadcast, re-stamped to now when sent. */
const POOL_EVENTS = 20_000;
const POOL_MS = 600_000;
const SEED = 23;

/** What the pusher has done so far. */
export interface LoadCounts {
  /** Events the server answered as stored. */
  stored: number;
  /** Pushes answered with anything but 200, or not answered. */
  failed: number;
  /** The pusher's `performance.now()` at the reading (compare only readings of one pusher). */
  at: number;
  /** The last failure, if any. */
  lastError: string;
}

export type LoadRequest =
  { type: 'start'; url: string; key: string; viewers: number } | { type: 'counts' } | { type: 'stop' };
export type LoadAnswer = { type: 'counts' | 'stopped'; counts: LoadCounts };

/**
 * Events shaped like the data set's (same generator, same viewer pool) on its streams, each
 * batch stamped with the current time and given ids of its own so none is a duplicate.
 */
class LoadEvents {
  private readonly generator: AnalyticsEventGenerator;
  private pool: LiveEvent[] = [];
  private streamIndex = 0;
  private sent = 0;

  constructor(viewers: number) {
    this.generator = new AnalyticsEventGenerator(viewers, SEED);
  }

  nextBody(): string {
    const now = Date.now();
    const lines: string[] = [];
    for (let i = 0; i < PER_BATCH; i += 1) {
      if (this.pool.length === 0) this.refill();
      this.sent += 1;
      lines.push(JSON.stringify({ ...this.pool.pop()!, at: now, id: `load-${this.sent}` }));
    }
    return `${lines.join('\n')}\n`;
  }

  private refill(): void {
    const stream = ANALYTICS_STREAMS[this.streamIndex % ANALYTICS_STREAMS.length]!;
    this.streamIndex += 1;
    const plan = { stream, startAt: 0, durationMs: POOL_MS, events: POOL_EVENTS };
    this.pool = this.generator.session(plan).reverse();
  }
}

/**
 * Pushes NDJSON batches of `PER_BATCH` events every `TICK_MS`, paced to the target with at most
 * `MAX_IN_FLIGHT` batches in flight; failed pushes are counted, not thrown.
 */
function runPusher(start: Extract<LoadRequest, { type: 'start' }>): {
  counts: () => LoadCounts;
  stop: () => Promise<void>;
} {
  const events = new LoadEvents(start.viewers);
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  const inFlight = new Set<Promise<void>>();
  let stored = 0;
  let failed = 0;
  let lastError = '';
  const began = performance.now();
  let batchesSent = 0;

  const push = async (body: string): Promise<void> => {
    try {
      const { status, text } = await postWithKey(agent, start.url, start.key, body);
      if (status === 200) stored += (JSON.parse(text) as { stored: number }).stored;
      else {
        failed += 1;
        lastError = `${status} ${text.slice(0, 200)}`;
      }
    } catch (err) {
      failed += 1;
      lastError = err instanceof Error ? err.message : String(err);
    }
  };

  const tick = () => {
    const batchesDue = Math.floor(((performance.now() - began) * PACE_EVENTS_PER_S) / 1000 / PER_BATCH);
    // Behind by more than the in-flight bound: let that backlog go instead of bursting to catch up.
    if (batchesDue - batchesSent > MAX_IN_FLIGHT) batchesSent = batchesDue - MAX_IN_FLIGHT;
    while (batchesSent < batchesDue && inFlight.size < MAX_IN_FLIGHT) {
      batchesSent += 1;
      const p = push(events.nextBody()).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };
  const timer = setInterval(tick, TICK_MS);
  return {
    counts: () => ({ stored, failed, at: performance.now(), lastError }),
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
      agent.destroy();
    },
  };
}

function runChild(): void {
  const send = (m: LoadAnswer) => process.send!(m);
  let pusher: ReturnType<typeof runPusher> | null = null;
  process.on('message', (m: LoadRequest) => {
    if (m.type === 'start') pusher = runPusher(m);
    else if (m.type === 'counts' && pusher) send({ type: 'counts', counts: pusher.counts() });
    else if (m.type === 'stop' && pusher) {
      const running = pusher;
      void running.stop().then(() => {
        send({ type: 'stopped', counts: running.counts() });
        process.disconnect();
      });
    }
  });
}

if (process.argv.includes('--analytics-load') && process.send) runChild();
