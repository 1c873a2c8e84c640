/**
 * Retention on the embedded engine: a run over the 10-million-event analytics profile that removes
 * at least half of it (about 5 million events: archived, folded into the snapshot, deleted), timed
 * as events per second, while events keep arriving over HTTP; the push latency (a durable answer)
 * before and during the run; and the engine's raw delete rate as the ceiling.
 */
import { cpSync } from 'node:fs';
import { Agent } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ANALYTICS_PROFILE, ensureAnalyticsDataset } from './analytics-dataset.js';
import { printFigure, progress, quantile } from './report.js';
import type { GroupOptions } from './run.js';
import {
  adminHeaders,
  createIngestKey,
  postWithKey,
  spawnServer,
  type ServerProcess,
} from './server-process.js';
import { makeTempDir } from './workers.js';

const DAY_MS = 86_400_000;
const DEFAULT_EVENTS = 10_000_000;
/** Days of the data set (30) the run leaves: the older half goes. */
const KEEP_DAYS = 15;
/** The live stream beside the run: a batch of this many events every PUSH_EVERY_MS (2,000 events/s). */
const PUSH_BATCH = 100;
const PUSH_EVERY_MS = 50;
/** The server's first seconds (JIT, the profile opened, caches filled) are left out of the baseline. */
const WARMUP_MS = 5_000;
const BASELINE_MS = 15_000;
const CEILING_ROWS = 1_000_000;

function eventsFromEnv(): number {
  const raw = process.env.BENCH_OPS_EVENTS;
  if (raw === undefined || raw === '') return DEFAULT_EVENTS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10_000)
    throw new Error(`BENCH_OPS_EVENTS must be a whole number >= 10000, not ${raw}`);
  return n;
}

/** Pushes a batch every PUSH_EVERY_MS and records how long each took to be acknowledged. */
function startPushing(server: ServerProcess, key: string): { latencies: number[]; stop(): Promise<void> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const url = `${server.url}/api/profiles/${ANALYTICS_PROFILE}/events`;
  const latencies: number[] = [];
  let n = 0;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const push = () => {
    const at = Date.now();
    const body = Array.from({ length: PUSH_BATCH }, (_, i) =>
      JSON.stringify({
        stream: 'tiktok-main',
        kind: i % 10 === 0 ? 'gift' : 'chat',
        at,
        id: `retention-bench-${n}-${i}`,
        count: 1,
        value: i % 10 === 0 ? 5 : 0,
        user: { id: `live${(n * PUSH_BATCH + i) % 5000}`, name: 'viewer' },
        ...(i % 10 === 0 ? { gift: { id: 'rose', name: 'Rose' } } : { text: 'hello' }),
      }),
    ).join('\n');
    n += 1;
    const start = performance.now();
    const sent = postWithKey(agent, url, key, body).then(({ status, text }) => {
      if (status !== 200) throw new Error(`push: ${status} ${text.slice(0, 200)}`);
      latencies.push(performance.now() - start);
    });
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  };
  const timer = setInterval(() => {
    if (!stopped) push();
  }, PUSH_EVERY_MS);
  return {
    latencies,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all(inFlight);
      agent.destroy();
    },
  };
}

async function api(server: ServerProcess, method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      ...adminHeaders(server),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

interface RunStatus {
  running: boolean;
  runs: { events: number; deleted: number; status: string; started_at: number; finished_at: number | null }[];
}

/** The engine's own delete rate: rows of the events table, with its indexes, deleted in one statement. */
function deleteCeiling(dir: string): number {
  const db = new Database(path.join(dir, 'ceiling.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY, stream TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL,
    source_id TEXT, user_id TEXT, user_name TEXT, user_display TEXT, count INTEGER NOT NULL, value REAL NOT NULL,
    text TEXT, gift_id TEXT, gift_name TEXT, data TEXT, voided_by INTEGER);
    CREATE UNIQUE INDEX events_source ON events (stream, source_id) WHERE source_id IS NOT NULL;`);
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO events (stream, kind, at, source_id, user_id, user_name, count, value, text)
     SELECT 'tiktok-main', 'chat', 1700000000000 + i, 'src' || i, 'u' || (i % 50000), 'viewer', 1, 0, 'hello there' FROM n`,
  ).run(CEILING_ROWS);
  const start = performance.now();
  db.exec('DELETE FROM events');
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return CEILING_ROWS / seconds;
}

export async function runRetentionBench(options: GroupOptions): Promise<void> {
  const dataset = await ensureAnalyticsDataset(eventsFromEnv());
  const temp = makeTempDir('streampulse-bench-retention-');
  let server: ServerProcess | null = null;
  try {
    progress('retention: copying the data set to a temp dir');
    const dataDir = path.join(temp.dir, 'data');
    cpSync(dataset.dir, dataDir, { recursive: true });
    const ceiling = deleteCeiling(temp.dir);
    progress(`retention: raw delete ceiling ${Math.round(ceiling)} rows/s`);
    server = await spawnServer(
      {
        STREAMPULSE_DATA_DIR: dataDir,
        STREAMPULSE_HOST: '127.0.0.1',
        STREAMPULSE_PORT: '0',
        STREAMPULSE_DEMO: 'off',
        STREAMPULSE_LOG_LEVEL: 'warn',
        STREAMPULSE_RETENTION_SCHEDULE: 'off',
      },
      options.runner,
    );
    const key = await createIngestKey(server, ANALYTICS_PROFILE, 'retention bench');
    const pushing = startPushing(server, key);
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    pushing.latencies.splice(0);
    await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
    const baseline = pushing.latencies.splice(0);

    // Whole days since the build, plus KEEP_DAYS: every day of the set older than its middle goes.
    const days = Math.floor((Date.now() - dataset.anchor) / DAY_MS) + KEEP_DAYS;
    await api(server, 'PUT', `/api/profiles/${ANALYTICS_PROFILE}/retention`, { retention_days: days });
    progress(`retention: run with ${days} days kept, events still arriving`);
    const started = performance.now();
    await api(server, 'POST', `/api/profiles/${ANALYTICS_PROFILE}/retention/run`);
    let status: RunStatus;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await api(server, 'GET', `/api/profiles/${ANALYTICS_PROFILE}/retention`)) as RunStatus;
      const run = status.runs[0];
      if (run && run.status === 'deleted' && !status.running) break;
      if (!status.running && (!run || run.status !== 'deleted'))
        throw new Error('retention: the run stopped unfinished');
    }
    const seconds = (performance.now() - started) / 1000;
    const during = pushing.latencies.splice(0);
    await pushing.stop();
    const run = status.runs[0]!;
    const tags = {
      engine: 'sqlite',
      runner: server.runner,
      events_in_profile: dataset.events,
      removed: run.deleted,
    };
    printFigure({
      name: 'retention_events_per_s',
      value: run.deleted / seconds,
      unit: 'events/s',
      ceiling,
      tags,
    });
    printFigure({ name: 'retention_run_s', value: seconds, unit: 's', tags });
    printFigure({
      name: 'retention_removed_events',
      value: run.deleted,
      unit: 'events',
      tags,
      target: { op: '>=', bound: 5_000_000, of: 'value' },
    });
    const pushTags = { ...tags, events_per_s: (PUSH_BATCH * 1000) / PUSH_EVERY_MS };
    printFigure({
      name: 'ingest_p99_before_retention_ms',
      value: quantile(baseline, 0.99),
      unit: 'ms',
      tags: { ...pushTags, pushes: baseline.length },
    });
    printFigure({
      name: 'ingest_p50_during_retention_ms',
      value: quantile(during, 0.5),
      unit: 'ms',
      tags: { ...pushTags, pushes: during.length },
    });
    printFigure({
      name: 'ingest_p99_during_retention_ms',
      value: quantile(during, 0.99),
      unit: 'ms',
      tags: { ...pushTags, pushes: during.length },
      target: { op: '<=', bound: 100, of: 'value' },
    });
    printFigure({
      name: 'ingest_max_during_retention_ms',
      value: Math.max(...during),
      unit: 'ms',
      tags: pushTags,
    });
  } finally {
    await server?.stop();
    temp.remove();
  }
}
