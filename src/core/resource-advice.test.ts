import { describe, expect, test } from 'vitest';
import { adviseOnResources, DEFAULT_RETENTION_DAYS, type ResourceAdviceInput } from './resource-advice.js';
import type { LoadReading, StorageReading } from './resource-readings.js';
import type { StorageGrowth } from './storage-growth.js';

const MB = 1024 ** 2;
const GB = 1024 ** 3;
const HOUR = 3_600_000;
const T = Date.UTC(2026, 11, 7, 12);

function load(
  at: number,
  over: { cpu?: number; heapShare?: number; delay?: number; free?: number } = {},
): LoadReading {
  return {
    at,
    cpu: { systemPercent: over.cpu ?? 20, processPercent: 10, cores: 2, loadAverage: [0.5, 0.5, 0.5] },
    memory: {
      rssBytes: 300 * MB,
      heapUsedBytes: (over.heapShare ?? 0.1) * 2 * GB,
      heapLimitBytes: 2 * GB,
      systemFreeBytes: over.free ?? 4 * GB,
      systemTotalBytes: 8 * GB,
    },
    eventLoop: { delayP50Ms: 10, delayP99Ms: over.delay ?? 12, delayMaxMs: 20, utilization: 0.2 },
  };
}

function storage(profiles: Record<string, number>, disk: StorageReading['disk'], wal = 0): StorageReading {
  return {
    at: T,
    systemBytes: MB,
    profiles: Object.entries(profiles).map(([profile, bytes]) => ({ profile, bytes, walBytes: wal })),
    disk,
  };
}

function growth(perDay: Record<string, [bytes: number, perDay: number]>): StorageGrowth {
  const profiles = Object.entries(perDay).map(([profile, [bytes, bytesPerDay]]) => ({
    profile,
    bytes,
    bytesPerDay,
  }));
  return { spanMs: 3 * HOUR, bytesPerDay: profiles.reduce((s, p) => s + p.bytesPerDay, 0), profiles };
}

function input(over: Partial<ResourceAdviceInput>): ResourceAdviceInput {
  return {
    load: [load(T)],
    storage: storage({ a: 100 * MB }, { freeBytes: 500 * GB, totalBytes: 1000 * GB }),
    growth: null,
    retentionDays: () => DEFAULT_RETENTION_DAYS,
    horizonDays: 60,
    growthMinSpanMs: HOUR,
    refusedLastHour: 0,
    ...over,
  };
}

describe('resource advice', () => {
  test("says the disk is full in about 40 days at today's growth, and which retention keeps it from filling", () => {
    const advice = adviseOnResources(
      input({
        storage: storage({ a: 3 * GB, b: GB }, { freeBytes: 40 * GB, totalBytes: 200 * GB }),
        growth: growth({ a: [3 * GB, 0.75 * GB], b: [GB, 0.25 * GB] }),
      }),
    );
    expect(advice[0]).toEqual({
      id: 'disk_full_soon',
      severity: 'warning',
      text: "At today's growth (1 GB a day, measured over the last 3 hours) the disk is full in about 40 days: keep raw events 30 days instead of 90, so the data stops growing at about 30 GB.",
      figures: {
        days_until_full: 40,
        bytes_per_day: GB,
        free_bytes: 40 * GB,
        suggested_retention_days: 30,
        frees_bytes: 0,
        kept_bytes: 30 * GB,
      },
    });
  });

  test('counts what a shorter retention frees from what each profile holds beyond it', () => {
    const first = adviseOnResources(
      input({
        storage: storage({ a: 60 * GB }, { freeBytes: 3 * GB, totalBytes: 200 * GB }),
        growth: growth({ a: [60 * GB, GB] }),
        retentionDays: (p) => (p === 'a' ? 90 : DEFAULT_RETENTION_DAYS),
      }),
    ).find((a) => a.id === 'disk_full_soon');
    expect(first?.severity).toBe('critical');
    expect(first?.text).toBe(
      "At today's growth (1 GB a day, measured over the last 3 hours) the disk is full in about 3 days: keep raw events 30 days instead of 90, which frees about 30 GB as older events are removed.",
    );
    expect(first?.figures.frees_bytes).toBe(30 * GB);
  });

  test('says nothing of the disk while it lasts beyond the horizon, and that all is calm', () => {
    const advice = adviseOnResources(input({ growth: growth({ a: [100 * MB, 10 * MB] }) }));
    expect(advice).toEqual([
      {
        id: 'all_clear',
        severity: 'info',
        text: 'Nothing needs doing: the machine has room and time to spare.',
        figures: {},
      },
    ]);
  });

  test('says when there is not enough history to know the growth', () => {
    expect(adviseOnResources(input({}))[0]).toEqual({
      id: 'growth_unknown',
      severity: 'info',
      text: 'Not enough history yet to tell how fast the data grows: that takes 1 hour of readings.',
      figures: {},
    });
  });

  test("tells the database's growth where its disk is not this machine's", () => {
    const [first] = adviseOnResources(
      input({ storage: storage({ a: GB }, null), growth: growth({ a: [GB, 120 * MB] }) }),
    );
    expect(first?.text).toBe(
      "The data grows about 120 MB a day (1 GB now). The database server's disk is not measured here: make sure it has room for the days of events you keep.",
    );
  });

  test('warns of a nearly full disk whatever its growth', () => {
    const [first] = adviseOnResources(
      input({ storage: storage({ a: GB }, { freeBytes: 4.2 * GB, totalBytes: 100 * GB }) }),
    );
    expect(first).toMatchObject({
      id: 'disk_low',
      severity: 'critical',
      text: "Only 4.2 GB of the disk's 100 GB is free (4%): free some room, or keep raw events fewer days.",
    });
  });

  test('says background analysis slowed once the CPU stayed over 85% for 10 minutes, not before', () => {
    const busy = (minutes: number) =>
      [load(T - 20 * 60_000, { cpu: 50 })].concat(
        Array.from({ length: minutes * 6 + 1 }, (_, i) => load(T - (minutes * 6 - i) * 10_000, { cpu: 92 })),
      );
    expect(adviseOnResources(input({ load: busy(9) })).map((a) => a.id)).not.toContain('background_slowed');
    const slowed = adviseOnResources(input({ load: busy(10) })).find((a) => a.id === 'background_slowed');
    expect(slowed?.text).toBe(
      'Background analysis slowed: CPU over 85% for 10 minutes. Live ingest and the dashboards come first; if it lasts, give the server more CPU or move some streams to another instance.',
    );
    expect(slowed?.figures).toEqual({ cpu_percent: 92, minutes: 10 });
  });

  test('warns of memory near its limit, a slow event loop, large write-ahead logs and refused requests', () => {
    const advice = adviseOnResources(
      input({
        load: [load(T, { heapShare: 0.9, delay: 240, free: 200 * MB })],
        storage: storage({ demo: GB }, { freeBytes: 500 * GB, totalBytes: 1000 * GB }, 210 * MB),
        refusedLastHour: 120,
      }),
    );
    expect(Object.fromEntries(advice.map((a) => [a.id, a.text]))).toEqual({
      memory_near_limit:
        "Memory near its limit: the server's JavaScript heap uses 1.8 GB of 2 GB (90%). Past it the server stops; give Node more memory (--max-old-space-size) or spread the profiles over more instances.",
      system_memory_low:
        'The machine has only 200 MB of its 8 GB of memory free: other programs, or a smaller SQLite cache (STREAMPULSE_SQLITE_CACHE_MB), may leave the server more.',
      event_loop_slow:
        'The server is slow to answer: event loop delay 240 ms (p99, over 100 ms). Background work waits meanwhile.',
      wal_large:
        'Checkpoints are behind: the write-ahead log of profile demo holds 210 MB not yet copied into its database. It shrinks once writes calm down; if it keeps growing, a long read may be holding it.',
      requests_refused:
        'The server refused 120 requests in the last hour because it was overloaded (503 with Retry-After); clients that retry get through once the load drops.',
      growth_unknown:
        'Not enough history yet to tell how fast the data grows: that takes 1 hour of readings.',
    });
    // The most urgent first.
    expect(advice.at(-1)?.severity).toBe('info');
  });
});
