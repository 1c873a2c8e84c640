import type { LiveEvent } from '../src/core/live-event.js';
import { BENCH_STREAMS, toNdjsonBodies } from './event-generator.js';
import { median, printFigure, progress } from './report.js';
import { adminHeaders, cpuSeconds, spawnServer, type Runner, type ServerProcess } from './server-process.js';
import { elapsedMs, makeTempDir, runConcurrently } from './workers.js';

type Sync = 'full' | 'normal';

const PER_BODY = 1000;
const CLIENTS = 4;
const TARGET_EVENTS_PER_S = 60_000;
/** The most an ingest key may cost, in % of the throughput of the same ingest without authentication. */
const TARGET_KEY_OVERHEAD_PCT = 5;
/** Bodies sent both ways to a separate profile before timing, so the figures are the server's steady state. */
const WARMUP_BODIES = 10;
const WARMUP_PROFILE = 'warmup';

/** How the bench pushes: with an `ingest` key to the real server, or without credentials to the baseline. */
type Way = 'key' | 'none';

/** The server of a run: the real app, the baseline beside it, and an admin's login to set things up. */
interface BenchServer {
  process: ServerProcess;
  baselineUrl: string;
  admin: Record<string, string>;
}

async function expectStatus(res: Response, status: number, what: string): Promise<string> {
  const text = await res.text();
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status}: ${text.slice(0, 500)}`);
  return text;
}

/** Sets up a profile through the real app as the admin; returns a new `ingest` key of it. */
async function createProfile(server: BenchServer, profile: string): Promise<string> {
  const send = (path: string, body: object) =>
    fetch(`${server.process.url}/api${path}`, {
      method: 'POST',
      headers: { ...server.admin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await expectStatus(
    await send('/profiles', { id: profile, name: `Bench ${profile}` }),
    201,
    `create profile ${profile}`,
  );
  for (const s of BENCH_STREAMS) {
    const body = { id: s.id, platform: 'custom', channel: s.id, enabled: true };
    await expectStatus(await send(`/profiles/${profile}/streams`, body), 201, `create stream ${s.id}`);
  }
  const key = await send(`/profiles/${profile}/keys`, { name: 'bench', scopes: ['ingest'] });
  return (JSON.parse(await expectStatus(key, 201, 'create an ingest key')) as { key: string }).key;
}

/** Where and with what headers a way pushes (`key`: the ingest key it sends, if it sends one). */
function target(
  server: BenchServer,
  way: Way,
  key: string,
): { url: string; headers: Record<string, string> } {
  const ndjson = { 'content-type': 'application/x-ndjson' };
  return way === 'key'
    ? { url: server.process.url, headers: { ...ndjson, authorization: `Bearer ${key}` } }
    : { url: server.baselineUrl, headers: ndjson };
}

/** POSTs the bodies with `CLIENTS` concurrent clients; returns the events the answers say were stored. */
async function postAll(
  to: { url: string; headers: Record<string, string> },
  profile: string,
  bodies: readonly string[],
): Promise<number> {
  let stored = 0;
  await runConcurrently(bodies, CLIENTS, async (body, i) => {
    const res = await fetch(`${to.url}/api/profiles/${profile}/events`, {
      method: 'POST',
      headers: to.headers,
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
async function checkLogLength(server: BenchServer, profile: string, total: number): Promise<void> {
  let pushed = 0;
  let triggers = 0;
  for (let after = 0; ;) {
    const res = await fetch(
      `${server.process.url}/api/profiles/${profile}/events?after=${after}&limit=10000`,
      {
        headers: server.admin,
      },
    );
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

async function startBenchServer(temp: string, sync: Sync, prefer?: Runner): Promise<BenchServer> {
  const child = await spawnServer(
    {
      STREAMPULSE_DATA_DIR: temp,
      STREAMPULSE_HOST: '127.0.0.1',
      STREAMPULSE_PORT: '0',
      STREAMPULSE_DEMO: 'off',
      STREAMPULSE_SQLITE_SYNC: sync,
      STREAMPULSE_LOG_LEVEL: 'warn',
    },
    prefer,
    'ingest-serve-child.ts',
  );
  const { baselineUrl } = child.announced;
  if (typeof baselineUrl !== 'string') throw new Error('the bench server announced no baseline');
  return { process: child, baselineUrl, admin: adminHeaders(child) };
}

interface PairResult {
  key: number;
  none: number;
  /** The median over pairs of slices of (1 - key / none), in %. */
  overheadPct: number;
  /** The server's CPU time (all its threads) for the keyed events over that for the others, less 1, in %. */
  cpuOverheadPct: number;
  runner: Runner;
}

/** What each way took, slice by slice. */
interface SliceTimes {
  ms: Record<Way, number[]>;
  /** Seconds of the server's CPU time (all its threads). */
  cpu: Record<Way, number>;
}

type Targets = Record<Way, { url: string; headers: Record<string, string> }>;

/**
 * Pushes all `bodies` both ways, each to the profile named after it, in alternating slices of one
 * body per client (key, none, none, key, key, ...); checks that each way's log holds them all.
 */
async function pushInSlices(server: BenchServer, to: Targets, bodies: readonly string[], total: number) {
  const times: SliceTimes = { ms: { key: [], none: [] }, cpu: { key: 0, none: 0 } };
  const stored: Record<Way, number> = { key: 0, none: 0 };
  const { pid } = server.process;
  for (let slice = 0; slice * CLIENTS < bodies.length; slice++) {
    const part = bodies.slice(slice * CLIENTS, (slice + 1) * CLIENTS);
    for (const way of slice % 2 === 0 ? (['key', 'none'] as const) : (['none', 'key'] as const)) {
      const [start, cpuStart] = [performance.now(), cpuSeconds(pid)];
      stored[way] += await postAll(to[way], way, part);
      times.ms[way].push(elapsedMs(start));
      times.cpu[way] += cpuSeconds(pid) - cpuStart;
    }
  }
  for (const way of ['key', 'none'] as const) {
    if (stored[way] !== total) throw new Error(`${way}: the server stored ${stored[way]} of ${total} events`);
    await checkLogLength(server, way, total);
  }
  return times;
}

/**
 * Both ways on one server process, each pushing all `events` to a fresh profile of its own, in
 * alternating slices (see pushInSlices). Load from outside the bench comes and goes within a
 * second here, and slices this short expose both ways to it alike (whole runs in turn did not:
 * one way's run would land in a busy spell, the other's in a quiet one). Each way's rate is its
 * events over the sum of its slices' times; the overhead is the median over the pairs of slices,
 * which a burst of outside load in one slice does not move.
 */
async function measurePair(events: readonly LiveEvent[], sync: Sync, prefer?: Runner): Promise<PairResult> {
  const temp = makeTempDir('streampulse-bench-http-');
  let server: BenchServer | null = null;
  try {
    server = await startBenchServer(temp.dir, sync, prefer);
    progress(
      `ingest: http server (${server.process.runner}) at ${server.process.url}, baseline at ${server.baselineUrl}, synchronous=${sync}`,
    );
    const bodies = toNdjsonBodies(events, PER_BODY);
    const warmupKey = await createProfile(server, WARMUP_PROFILE);
    // Each way its own bodies: the same ones twice would be duplicates the second time.
    await postAll(target(server, 'key', warmupKey), WARMUP_PROFILE, bodies.slice(0, WARMUP_BODIES));
    const later = bodies.slice(WARMUP_BODIES, 2 * WARMUP_BODIES);
    await postAll(target(server, 'none', warmupKey), WARMUP_PROFILE, later);
    const to: Targets = {
      key: target(server, 'key', await createProfile(server, 'key')),
      none: target(server, 'none', await createProfile(server, 'none')),
    };
    progress(
      `ingest: ${events.length} events as ${bodies.length} NDJSON bodies each way, ${CLIENTS} clients, in alternating slices of ${CLIENTS} bodies`,
    );
    const { ms, cpu } = await pushInSlices(server, to, bodies, events.length);
    const rate = (way: Way) => (events.length / sum(ms[way])) * 1000;
    const result: PairResult = {
      key: rate('key'),
      none: rate('none'),
      overheadPct: median(ms.key.map((key, i) => (1 - ms.none[i]! / key) * 100)),
      cpuOverheadPct: (cpu.key / cpu.none - 1) * 100,
      runner: server.process.runner,
    };
    progress(
      `ingest:   with a key ${Math.round(result.key)} events/s, without authentication ${Math.round(result.none)}; ` +
        `the key's overhead ${result.overheadPct.toFixed(1)}% (median of ${ms.key.length} pairs of slices); ` +
        `server CPU ${cpu.key.toFixed(2)} s with a key, ${cpu.none.toFixed(2)} s without`,
    );
    return result;
  } finally {
    await server?.process.stop();
    temp.remove();
  }
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Prints the pair's figures; returns whether the keyed figure met its throughput target. */
function printPair(result: PairResult, sync: Sync): boolean {
  const suffix = sync === 'full' ? '' : '_normal';
  const tags = { sync, runner: result.runner };
  printFigure({
    name: `http_ndjson_no_auth_events_per_s${suffix}`,
    value: result.none,
    unit: 'events/s',
    tags: { ...tags, auth: 'none' },
  });
  printFigure({
    name: `http_ingest_key_overhead_pct${suffix}`,
    value: result.overheadPct,
    unit: '%',
    target: { op: '<=', bound: TARGET_KEY_OVERHEAD_PCT, of: 'value' },
    tags,
  });
  printFigure({
    name: `http_ingest_key_cpu_overhead_pct${suffix}`,
    value: result.cpuOverheadPct,
    unit: '%',
    tags,
  });
  return printFigure({
    name: `http_ndjson_events_per_s${suffix}`,
    value: result.key,
    unit: 'events/s',
    ceiling: result.none,
    target: { op: '>=', bound: TARGET_EVENTS_PER_S, of: 'value' },
    tags: { ...tags, auth: 'ingest_key' },
  });
}

/**
 * `http_ndjson_events_per_s`: pushed with an `ingest` key, beside the same ingest without
 * authentication and the overhead of the key, with the server default (full); the `normal`
 * figures too if it misses its target.
 */
export async function measureHttpIngest(events: readonly LiveEvent[], prefer?: Runner): Promise<void> {
  if (printPair(await measurePair(events, 'full', prefer), 'full')) return;
  printPair(await measurePair(events, 'normal', prefer), 'normal');
}
