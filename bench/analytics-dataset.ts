import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import type { LiveEvent } from '../src/core/live-event.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/main.js';
import { listMigrations } from '../src/store/sqlite/sqlite-database.js';
import {
  ANALYTICS_GENERATOR_VERSION,
  AnalyticsEventGenerator,
  type SessionPlan,
} from './analytics-event-generator.js';
import { progress } from './report.js';

export const ANALYTICS_PROFILE = 'analytics';
export const ANALYTICS_STREAMS = ['tiktok-main', 'twitch-main'] as const;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAYS = 30;
const SESSION_MS = 4 * HOUR_MS;
/** Each stream's daily start, UTC: the two broadcasts of a day follow each other. */
const START_HOURS = [13, 18];
const VIEWERS = 50_000;
const SEED = 11;
const APPEND_BATCH = 25_000;
/** A cached build is reused this long: `last7d` and `last30d` are relative to the server's clock. */
const MAX_AGE_MS = 3 * DAY_MS;

const CACHE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.cache');
const MANIFEST = 'analytics.json';

/** What a built data set holds: read back from its manifest. */
export interface AnalyticsShape {
  events: number;
  /** UTC midnight of the day after the last broadcast (the build day). */
  anchor: number;
  days: number;
  viewers: number;
}

/** A data set of the embedded engine: the data directory it was built in. */
export interface AnalyticsDataset extends AnalyticsShape {
  dir: string;
}

/** What a build depends on: the generator, its parameters and the engine's migrations. */
export function datasetKey(events: number, migrations: readonly { name: string; sql: string }[]): string {
  const hash = createHash('sha256');
  hash.update(`${ANALYTICS_GENERATOR_VERSION}\n${events}\n${DAYS}\n${VIEWERS}\n${SEED}\n`);
  for (const m of migrations) hash.update(`${m.name}\n${m.sql}\n`);
  return hash.digest('hex').slice(0, 16);
}

function sqliteMigrations(): { name: string; sql: string }[] {
  return (['system', 'profile', 'aggregates'] as const).flatMap((set) =>
    listMigrations(set).map((m) => ({ name: `${set}/${m.name}`, sql: m.sql })),
  );
}

/** Whether a build made at `anchor` may still be used (see `MAX_AGE_MS`). */
export function isFresh(shape: AnalyticsShape): boolean {
  return Date.now() - shape.anchor <= MAX_AGE_MS;
}

/** The build day's UTC midnight, and the shape a build made today gets. */
export function todaysShape(events: number): AnalyticsShape {
  return { events, anchor: Math.floor(Date.now() / DAY_MS) * DAY_MS, days: DAYS, viewers: VIEWERS };
}

/** Two 4-hour sessions a day for `DAYS` days before `anchor`, the events shared out evenly. */
function planSessions(events: number, anchor: number): SessionPlan[] {
  const count = DAYS * ANALYTICS_STREAMS.length;
  const plans: SessionPlan[] = [];
  for (let d = 0; d < DAYS; d += 1) {
    const day = anchor - (DAYS - d) * DAY_MS;
    ANALYTICS_STREAMS.forEach((stream, s) => {
      const n =
        plans.length === count - 1
          ? events - Math.floor(events / count) * (count - 1)
          : Math.floor(events / count);
      plans.push({ stream, startAt: day + START_HOURS[s]! * HOUR_MS, durationMs: SESSION_MS, events: n });
    });
  }
  return plans;
}

/**
 * Builds the data set through the real services configured by `env` (a data directory, and a
 * database URL for PostgreSQL): the profile, its two streams and every event, appended in batches.
 */
export async function buildDataset(env: Record<string, string>, shape: AnalyticsShape): Promise<void> {
  const { events, anchor } = shape;
  progress(`analytics: building a ${events.toLocaleString('en')}-event data set (cached for later runs)`);
  const config = loadConfig(env, {});
  const services = createServices(config, createLogger('silent'));
  try {
    await services.profiles.create({ id: ANALYTICS_PROFILE, name: 'Analytics bench' });
    for (const id of ANALYTICS_STREAMS)
      await services.profiles.createStream(ANALYTICS_PROFILE, {
        id,
        platform: 'custom',
        channel: id,
        enabled: true,
      });
    const store = await services.engine.openProfile(ANALYTICS_PROFILE);
    const generator = new AnalyticsEventGenerator(VIEWERS, SEED);
    const start = performance.now();
    let done = 0;
    let pending: LiveEvent[] = [];
    const flush = async () => {
      const result = await store.append(pending);
      if (result.duplicates !== 0)
        throw new Error(`unexpected duplicates while building: ${result.duplicates}`);
      done += pending.length;
      pending = [];
    };
    for (const [i, plan] of planSessions(events, anchor).entries()) {
      for (const e of generator.session(plan)) {
        pending.push(e);
        if (pending.length === APPEND_BATCH) await flush();
      }
      if (i % 10 === 9) {
        const rate = Math.round(done / ((performance.now() - start) / 1000));
        progress(
          `analytics: data set ${done.toLocaleString('en')} / ${events.toLocaleString('en')} events (${rate}/s)`,
        );
      }
    }
    if (pending.length > 0) await flush();
  } finally {
    await services.close();
  }
}

/**
 * The data directory of a profile of `events` events over the 30 days before today (UTC), from
 * `bench/.cache/` when a build of the same parameters at most 3 days old is there; otherwise built
 * and cached. Callers must not serve it directly (the server may write): copy it first.
 */
export async function ensureAnalyticsDataset(events: number): Promise<AnalyticsDataset> {
  const dir = path.join(CACHE_DIR, `analytics-${datasetKey(events, sqliteMigrations())}`);
  const manifest = path.join(dir, MANIFEST);
  if (existsSync(manifest)) {
    const cached = JSON.parse(readFileSync(manifest, 'utf8')) as AnalyticsShape;
    if (isFresh(cached)) {
      progress(`analytics: reusing the cached data set ${path.relative(process.cwd(), dir)}`);
      return { ...cached, dir };
    }
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  // One analytics data set is kept per size: stale builds and interrupted ones go.
  for (const entry of readdirSync(CACHE_DIR)) {
    if (entry === path.basename(dir) || entry.startsWith('analytics-building-'))
      rmSync(path.join(CACHE_DIR, entry), { recursive: true, force: true });
  }
  const building = path.join(CACHE_DIR, `analytics-building-${process.pid}`);
  const built = todaysShape(events);
  await buildDataset({ STREAMPULSE_DATA_DIR: building, STREAMPULSE_SQLITE_SYNC: 'normal' }, built);
  writeFileSync(path.join(building, MANIFEST), `${JSON.stringify(built)}\n`);
  renameSync(building, dir);
  return { ...built, dir };
}
