import type { LiveEvent } from '../src/core/live-event.js';
import { BENCH_STREAMS, toNdjsonBodies } from './event-generator.js';
import { printFigure, progress } from './report.js';
import { spawnServer, type Runner, type ServerProcess } from './server-process.js';
import { elapsedMs, makeTempDir, runConcurrently } from './workers.js';

type Sync = 'full' | 'normal';

const PER_BODY = 1000;
const CLIENTS = 4;
const TARGET_EVENTS_PER_S = 60_000;
/** Bodies sent to a separate profile before timing, so the figure is the server's steady state. */
const WARMUP_BODIES = 10;
const PROFILE = 'bench';
const WARMUP_PROFILE = 'warmup';

async function expectStatus(res: Response, status: number, what: string): Promise<string> {
  const text = await res.text();
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status}: ${text.slice(0, 500)}`);
  return text;
}

async function createProfile(url: string, profile: string): Promise<void> {
  const json = { 'content-type': 'application/json' };
  const res = await fetch(`${url}/api/profiles`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ id: profile, name: `Bench ${profile}` }),
  });
  await expectStatus(res, 201, `create profile ${profile}`);
  for (const s of BENCH_STREAMS) {
    const body = JSON.stringify({ id: s.id, platform: 'custom', channel: s.id, enabled: true });
    const stream = await fetch(`${url}/api/profiles/${profile}/streams`, {
      method: 'POST',
      headers: json,
      body,
    });
    await expectStatus(stream, 201, `create stream ${s.id}`);
  }
}

/** POSTs the bodies with `CLIENTS` concurrent clients; returns the events the answers say were stored. */
async function postAll(url: string, profile: string, bodies: readonly string[]): Promise<number> {
  let stored = 0;
  await runConcurrently(bodies, CLIENTS, async (body, i) => {
    const res = await fetch(`${url}/api/profiles/${profile}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    const answer = JSON.parse(await expectStatus(res, 200, `batch ${i}`)) as {
      stored: number;
      duplicates: number;
    };
    if (answer.duplicates !== 0) throw new Error(`batch ${i}: ${answer.duplicates} duplicates`);
    stored += answer.stored;
  });
  return stored;
}

/**
 * The log must hold exactly `total` pushed events. Spike triggers the server detected on the way
 * are events too; they are counted apart.
 */
async function checkLogLength(url: string, profile: string, total: number): Promise<void> {
  let pushed = 0;
  let triggers = 0;
  for (let after = 0; ;) {
    const res = await fetch(`${url}/api/profiles/${profile}/events?after=${after}&limit=10000`);
    const page = JSON.parse(await expectStatus(res, 200, 'read the log')) as {
      events: { seq: number; kind: string }[];
      next: number | null;
    };
    for (const e of page.events) {
      if (e.kind === 'trigger') triggers += 1;
      else pushed += 1;
    }
    if (page.next === null) break;
    after = page.next;
  }
  if (pushed !== total)
    throw new Error(`the log holds ${pushed} pushed events (and ${triggers} triggers), expected ${total}`);
}

async function measureOnce(
  events: readonly LiveEvent[],
  sync: Sync,
  prefer?: Runner,
): Promise<{ rate: number; runner: Runner }> {
  const temp = makeTempDir('streampulse-bench-http-');
  let server: ServerProcess | null = null;
  try {
    server = await spawnServer(
      {
        STREAMPULSE_DATA_DIR: temp.dir,
        STREAMPULSE_HOST: '127.0.0.1',
        STREAMPULSE_PORT: '0',
        STREAMPULSE_DEMO: 'off',
        STREAMPULSE_SQLITE_SYNC: sync,
        STREAMPULSE_LOG_LEVEL: 'warn',
      },
      prefer,
    );
    progress(`ingest: http server (${server.runner}) at ${server.url}, synchronous=${sync}`);
    await createProfile(server.url, WARMUP_PROFILE);
    await createProfile(server.url, PROFILE);
    const bodies = toNdjsonBodies(events, PER_BODY);
    await postAll(server.url, WARMUP_PROFILE, bodies.slice(0, WARMUP_BODIES));
    progress(`ingest: posting ${events.length} events as ${bodies.length} NDJSON bodies, ${CLIENTS} clients`);
    const start = performance.now();
    const stored = await postAll(server.url, PROFILE, bodies);
    const ms = elapsedMs(start);
    if (stored !== events.length) throw new Error(`the server stored ${stored} of ${events.length} events`);
    await checkLogLength(server.url, PROFILE, events.length);
    return { rate: (events.length / ms) * 1000, runner: server.runner };
  } finally {
    await server?.stop();
    temp.remove();
  }
}

/** `http_ndjson_events_per_s` with the server default (full); the `normal` figure too if it misses. */
export async function measureHttpIngest(events: readonly LiveEvent[], prefer?: Runner): Promise<void> {
  const target = { op: '>=', bound: TARGET_EVENTS_PER_S, of: 'value' } as const;
  const full = await measureOnce(events, 'full', prefer);
  const met = printFigure({
    name: 'http_ndjson_events_per_s',
    value: full.rate,
    unit: 'events/s',
    target,
    tags: { sync: 'full', runner: full.runner },
  });
  if (met) return;
  const normal = await measureOnce(events, 'normal', prefer);
  printFigure({
    name: 'http_ndjson_events_per_s_normal',
    value: normal.rate,
    unit: 'events/s',
    target,
    tags: { sync: 'normal', runner: normal.runner },
  });
}
