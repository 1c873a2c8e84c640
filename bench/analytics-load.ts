import type { LiveEvent } from '../src/core/live-event.js';
import { ANALYTICS_PROFILE, ANALYTICS_STREAMS, type AnalyticsDataset } from './analytics-dataset.js';
import { AnalyticsEventGenerator } from './analytics-event-generator.js';
import { progress } from './report.js';
import { adminHeaders, type ServerProcess } from './server-process.js';

/** The ingest rate the loaded pass aims at, in events/s. */
export const LOAD_TARGET_EVENTS_PER_S = 20_000;

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
  /** `performance.now()` of the reading. */
  at: number;
}

/** A running pusher: `counts` reads it; `stop` (idempotent) ends it once its pushes in flight are answered. */
export interface IngestLoad {
  counts(): LoadCounts;
  stop(): Promise<LoadCounts>;
}

/** Creates an `ingest` key of the analytics profile through the API, as the admin. */
export async function createIngestKey(server: ServerProcess): Promise<string> {
  const res = await fetch(`${server.url}/api/profiles/${ANALYTICS_PROFILE}/keys`, {
    method: 'POST',
    headers: { ...adminHeaders(server), 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-load', scopes: ['ingest'] }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`create an ingest key: ${res.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { key: string }).key;
}

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
 * Starts pushing NDJSON batches of `PER_BATCH` events to the analytics profile with `key`, every
 * `TICK_MS`, paced to `LOAD_TARGET_EVENTS_PER_S` with at most `MAX_IN_FLIGHT` batches in flight.
 * Failed pushes are counted, not thrown: the reads under load go on.
 */
export function startIngestLoad(server: ServerProcess, dataset: AnalyticsDataset, key: string): IngestLoad {
  const events = new LoadEvents(dataset.viewers);
  const url = `${server.url}/api/profiles/${ANALYTICS_PROFILE}/events`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' };
  const inFlight = new Set<Promise<void>>();
  const counts: LoadCounts = { stored: 0, failed: 0, at: performance.now() };
  let lastError = '';
  const start = performance.now();
  let batchesDue = 0;
  let batchesSent = 0;

  const push = async (body: string): Promise<void> => {
    try {
      const res = await fetch(url, { method: 'POST', headers, body });
      const text = await res.text();
      if (res.status === 200) counts.stored += (JSON.parse(text) as { stored: number }).stored;
      else {
        counts.failed += 1;
        lastError = `${res.status} ${text.slice(0, 200)}`;
      }
    } catch (err) {
      counts.failed += 1;
      lastError = err instanceof Error ? err.message : String(err);
    }
  };

  const tick = () => {
    batchesDue = Math.floor(((performance.now() - start) * LOAD_TARGET_EVENTS_PER_S) / 1000 / PER_BATCH);
    // Behind by more than the in-flight bound: let that backlog go instead of bursting to catch up.
    if (batchesDue - batchesSent > MAX_IN_FLIGHT) batchesSent = batchesDue - MAX_IN_FLIGHT;
    while (batchesSent < batchesDue && inFlight.size < MAX_IN_FLIGHT) {
      batchesSent += 1;
      const p = push(events.nextBody()).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };
  const timer = setInterval(tick, TICK_MS);

  let stopped: Promise<LoadCounts> | null = null;
  const stop = async (): Promise<LoadCounts> => {
    clearInterval(timer);
    await Promise.all(inFlight);
    if (counts.failed > 0) progress(`analytics: ${counts.failed} failed pushes, the last: ${lastError}`);
    return { ...counts, at: performance.now() };
  };
  return {
    counts: () => ({ ...counts, at: performance.now() }),
    stop: () => (stopped ??= stop()),
  };
}
