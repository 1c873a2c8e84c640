import { cpSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ANALYTICS_PROFILE, ensureAnalyticsDataset, type AnalyticsShape } from './analytics-dataset.js';
import { ensureAnalyticsPostgresDataset } from './analytics-postgres-dataset.js';
import { LOAD_TARGET_EVENTS_PER_S, startIngestLoad } from './analytics-load.js';
import { createRunDatabase } from './postgres-server.js';
import { printFigure, progress, quantile, timeSamples } from './report.js';
import type { GroupOptions } from './run.js';
import { adminHeaders, createIngestKey, httpGet, spawnServer, type ServerProcess } from './server-process.js';
import { makeTempDir } from './workers.js';

const DEFAULT_EVENTS = 10_000_000;
/**
 * Untimed calls before the timed ones: the figures are of a server that has run the read before.
 * On Node 22 the drivers' loops reach their steady speed only after 3-5 calls (the first take
 * 45-60 ms, then 20 ms), while the JIT compiles them.
 */
const WARMUPS = 10;
const SAMPLES = 30;
const TARGET_MS = 50;
const DAY_MS = 86_400_000;
const LEADERBOARD_CEILING = 'leaderboard_ceiling_ms';
/**
 * Load runs this long before the reads under load are timed: the reads are of a profile that is
 * live, not of the seconds in which its new broadcast opens (the first batches of a session write
 * its viewers' first rows on pages no read has touched yet).
 */
const LOAD_WARMUP_MS = 5000;
/**
 * Under load, the timed reads are this far apart, as a person clicking through the pages makes
 * them: a read then finds the events of the pause still to be written, where reads back to back
 * would each find only those of the read before.
 */
const LOAD_PAUSE_MS = 250;

/** One read the bench times: its figure's name and its path under the profile. */
interface Read {
  name: string;
  path: string;
  /** Whether its figures are measured against the leaderboard ceiling. */
  isLeaderboard?: boolean;
}

function eventsFromEnv(): number {
  const raw = process.env.BENCH_ANALYTICS_EVENTS;
  if (raw === undefined || raw === '') return DEFAULT_EVENTS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10_000)
    throw new Error(`BENCH_ANALYTICS_EVENTS must be a whole number >= 10000, not ${raw}`);
  return n;
}

async function getJson<T>(server: ServerProcess, url: string): Promise<T> {
  const answer = await httpGet(`${server.url}${url}`, adminHeaders(server));
  if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as T;
}

/** `SAMPLES` timings (ms) of `run` after `WARMUPS` untimed calls, `pauseMs` apart. */
function timeAll(run: () => unknown, pauseMs = 0): Promise<number[]> {
  return timeSamples(run, { warmups: WARMUPS, samples: SAMPLES, pauseMs });
}

/** The reads of the issue, with ids (a recent session, a top viewer) taken from the served profile. */
async function planReads(server: ServerProcess, dataset: AnalyticsShape): Promise<Read[]> {
  const base = `/api/profiles/${ANALYTICS_PROFILE}`;
  const sessions = await getJson<{ sessions: { id: number; ended_at?: number | null }[] }>(
    server,
    `${base}/sessions?limit=5`,
  );
  const session = sessions.sessions.find((s) => s.ended_at != null) ?? sessions.sessions[0];
  if (!session) throw new Error('the served profile has no sessions');
  const top = await getJson<{ viewers: { user_id: string }[] }>(server, `${base}/viewers?sort=coins&limit=1`);
  const viewer = top.viewers[0];
  if (!viewer) throw new Error('the served profile has no viewers');
  const from = new Date(dataset.anchor - dataset.days * DAY_MS).toISOString();
  const to = new Date(dataset.anchor).toISOString();
  const reads: Read[] = [
    { name: 'session_report_1m', path: `/sessions/${session.id}/report?resolution=1` },
    { name: 'session_report_15m', path: `/sessions/${session.id}/report?resolution=15` },
  ];
  for (const metric of ['coins', 'messages']) {
    for (const period of [`session:${session.id}`, 'last7d', 'last30d', 'all']) {
      const label = period.startsWith('session:') ? 'session' : period;
      reads.push({
        name: `leaderboard_${metric}_${label}`,
        path: `/leaderboards?metric=${metric}&period=${period}`,
        isLeaderboard: true,
      });
    }
  }
  reads.push(
    { name: 'drivers_session', path: `/sessions/${session.id}/drivers` },
    { name: 'drivers_30d', path: `/drivers?from=${from}&to=${to}` },
    { name: 'drivers_trend', path: '/drivers/trend' },
    { name: 'viewers_search', path: '/viewers?search=viewer_12' },
    { name: 'viewers_sort_coins', path: '/viewers?sort=coins' },
    { name: 'viewer_detail', path: `/viewers/${encodeURIComponent(viewer.user_id)}` },
    { name: 'sessions_list', path: '/sessions?limit=50' },
    { name: 'peak_times_30d', path: '/peak-times?period=last30d' },
  );
  return reads.map((r) => ({ ...r, path: `${base}${r.path}` }));
}

/**
 * The best a leaderboard read can do: the last30d coins top 10, already computed, read back from
 * a table in a scratch SQLite file and serialised, `SAMPLES` times.
 */
async function measureLeaderboardCeiling(server: ServerProcess, dir: string): Promise<number[]> {
  const answer = await getJson<{ entries: unknown[] }>(
    server,
    `/api/profiles/${ANALYTICS_PROFILE}/leaderboards?metric=coins&period=last30d`,
  );
  const rows = answer.entries;
  if (rows.length === 0) throw new Error('the last30d coins leaderboard is empty');
  const db = new Database(path.join(dir, 'ceiling.sqlite'));
  try {
    db.exec('CREATE TABLE leaderboard (rank INTEGER PRIMARY KEY, entry TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO leaderboard (rank, entry) VALUES (?, ?)');
    rows.forEach((row, i) => insert.run(i + 1, JSON.stringify(row)));
    const select = db.prepare<[], { entry: string }>('SELECT entry FROM leaderboard ORDER BY rank LIMIT 10');
    return await timeAll(() => {
      JSON.stringify({ entries: select.all().map((r) => JSON.parse(r.entry) as unknown) });
    });
  } finally {
    db.close();
  }
}

/** How a pass prints its figures: the run's tags, the leaderboard ceiling, a suffix to the names. */
interface Pass {
  tags: Record<string, string | number>;
  ceilingP95: number;
  suffix: string;
  /** The pause between two timed reads (ms). */
  pauseMs: number;
}

/** Whether the reads are timed a second time under ingest load (`BENCH_ANALYTICS_LOAD`, default on). */
function isLoadOn(): boolean {
  const raw = process.env.BENCH_ANALYTICS_LOAD ?? '';
  if (raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`BENCH_ANALYTICS_LOAD must be on or off, not ${raw}`);
}

/** Times every read and prints its p50 and p95, named `<read><suffix>_p50_ms` and `..._p95_ms`. */
async function measureReads(server: ServerProcess, reads: readonly Read[], pass: Pass): Promise<void> {
  for (const read of reads) {
    const samples = await timeAll(async () => {
      await getJson(server, read.path);
    }, pass.pauseMs);
    progress(`analytics: ${read.name}${pass.suffix} ${read.path}`);
    const target = { op: '<=', bound: TARGET_MS, of: 'value' } as const;
    const tags = read.isLeaderboard ? { ...pass.tags, ceiling_of: `${LEADERBOARD_CEILING}_p95` } : pass.tags;
    printFigure({
      name: `${read.name}${pass.suffix}_p50_ms`,
      value: quantile(samples, 0.5),
      unit: 'ms',
      tags,
    });
    printFigure({
      name: `${read.name}${pass.suffix}_p95_ms`,
      value: quantile(samples, 0.95),
      unit: 'ms',
      target,
      ...(read.isLeaderboard ? { ceiling: pass.ceilingP95 } : {}),
      tags,
    });
  }
}

/**
 * The same reads while a pusher sends events to the same profile at the load target, after a
 * second of warm-up; then the rate the server actually stored over the timed reads, and the
 * pushes that failed. The pusher is stopped before this returns, whatever happens.
 */
async function measureReadsUnderLoad(
  server: ServerProcess,
  dataset: AnalyticsShape,
  reads: readonly Read[],
  pass: Pass,
): Promise<void> {
  const key = await createIngestKey(server, ANALYTICS_PROFILE, 'bench-load');
  progress(`analytics: pushing ${LOAD_TARGET_EVENTS_PER_S} events/s to the profile, reads again`);
  const load = startIngestLoad(server, dataset, key);
  try {
    await new Promise((resolve) => setTimeout(resolve, LOAD_WARMUP_MS));
    const before = await load.counts();
    await measureReads(server, reads, pass);
    const after = await load.counts();
    const final = await load.stop();
    printFigure({
      name: 'analytics_load_events_per_s',
      value: ((after.stored - before.stored) / (after.at - before.at)) * 1000,
      unit: 'events/s',
      target: { op: '>=', bound: LOAD_TARGET_EVENTS_PER_S, of: 'value' },
      tags: { ...pass.tags, failed_pushes: final.failed },
    });
  } finally {
    await load.stop();
  }
}

/** A data set ready to serve: the server's settings for it and what removes the copy. */
interface Served {
  dataset: AnalyticsShape;
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** A copy of the embedded engine's data set in a temp dir. */
async function serveSqlite(temp: string): Promise<Served> {
  const dataset = await ensureAnalyticsDataset(eventsFromEnv());
  progress('analytics: copying the data set to a temp dir');
  const dataDir = path.join(temp, 'data');
  cpSync(dataset.dir, dataDir, { recursive: true });
  return { dataset, env: { STREAMPULSE_DATA_DIR: dataDir }, remove: async () => {} };
}

/** A copy of the PostgreSQL data set in a database of its own. */
async function servePostgres(temp: string): Promise<Served> {
  const dataset = await ensureAnalyticsPostgresDataset(eventsFromEnv());
  progress('analytics-postgres: copying the data set to a database of the run');
  const database = await createRunDatabase('sp_bench_run_', dataset.template);
  return {
    dataset,
    env: { STREAMPULSE_DATA_DIR: path.join(temp, 'data'), STREAMPULSE_DATABASE_URL: database.url },
    remove: () => database.drop(),
  };
}

/** Times the reads of a served data set, unloaded then under load. */
async function runAnalytics(
  engine: 'sqlite' | 'postgres',
  serve: (temp: string) => Promise<Served>,
  options: GroupOptions,
): Promise<void> {
  const isLoaded = isLoadOn();
  const temp = makeTempDir('streampulse-bench-analytics-');
  let served: Served | null = null;
  let server: ServerProcess | null = null;
  try {
    served = await serve(temp.dir);
    const { dataset } = served;
    server = await spawnServer(
      {
        ...served.env,
        STREAMPULSE_HOST: '127.0.0.1',
        STREAMPULSE_PORT: '0',
        STREAMPULSE_DEMO: 'off',
        STREAMPULSE_LOG_LEVEL: 'warn',
      },
      options.runner,
    );
    const tags = {
      engine,
      runner: server.runner,
      events: dataset.events,
      samples: SAMPLES,
      dataset_age_days: Math.floor((Date.now() - dataset.anchor) / DAY_MS),
    };
    const reads = await planReads(server, dataset);
    const ceiling = await measureLeaderboardCeiling(server, temp.dir);
    const ceilingP95 = quantile(ceiling, 0.95);
    printFigure({ name: `${LEADERBOARD_CEILING}_p50`, value: quantile(ceiling, 0.5), unit: 'ms', tags });
    printFigure({ name: `${LEADERBOARD_CEILING}_p95`, value: ceilingP95, unit: 'ms', tags });
    await measureReads(server, reads, { tags, ceilingP95, suffix: '', pauseMs: 0 });
    if (isLoaded) {
      const pass = { tags: { ...tags, pause_ms: LOAD_PAUSE_MS }, ceilingP95, suffix: '_under_load' };
      await measureReadsUnderLoad(server, dataset, reads, { ...pass, pauseMs: LOAD_PAUSE_MS });
    }
  } finally {
    await server?.stop();
    await served?.remove();
    temp.remove();
  }
}

/** The `analytics` group: p50 and p95 of the analytics reads over a month of two daily broadcasts. */
export function runAnalyticsGroup(options: GroupOptions): Promise<void> {
  return runAnalytics('sqlite', serveSqlite, options);
}

/** The `analytics-postgres` group: the same reads of the same data set, stored in PostgreSQL. */
export function runAnalyticsPostgresGroup(options: GroupOptions): Promise<void> {
  return runAnalytics('postgres', servePostgres, options);
}
