import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
let pg: TestDatabase;
let t: TestApp | undefined;

beforeAll(async () => {
  pg = await createTestDatabase();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await pg.reset();
});
afterAll(() => pg.drop());

const ENGINES = [
  { name: 'SQLite', settings: () => ({}), hasDisk: true },
  { name: 'PostgreSQL', settings: () => ({ STREAMPULSE_DATABASE_URL: pg.url }), hasDisk: false },
];

async function pushLikes(app: TestApp['app'], from: number, n: number): Promise<void> {
  const events = Array.from({ length: n }, (_, i) => ({
    stream: 's',
    kind: 'chat',
    at: T + from + i,
    id: `c${from + i}`,
    user: { id: `u${i % 50}`, name: `viewer ${i % 50}` },
    text: 'x'.repeat(200),
  }));
  const res = await app.inject({ method: 'POST', url: '/api/profiles/p/events', payload: events });
  expect(res.statusCode).toBe(200);
}

describe.each(ENGINES)('the resource monitor on $name', ({ settings, hasDisk }) => {
  test("reports the machine's load, each profile's size and retention, and the disk where it is ours", async () => {
    t = await createTestApp(settings());
    await createProfileWithStream(t.app, 'p', { id: 's', platform: 'custom', channel: 's' });
    await t.services.engine.system.putSetting('p', 'retention_days', 30);
    await pushLikes(t.app, 0, 500);

    const res = await t.app.inject({ method: 'GET', url: '/api/system/resources' });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.current.cpu.system_percent).toBeGreaterThanOrEqual(0);
    expect(report.current.cpu.system_percent).toBeLessThanOrEqual(100);
    expect(report.current.cpu.cores).toBeGreaterThanOrEqual(1);
    expect(report.current.memory.rss_bytes).toBeGreaterThan(0);
    expect(report.current.memory.heap_used_bytes).toBeLessThan(report.current.memory.heap_limit_bytes);
    const profile = report.storage.profiles.find((p: { profile: string }) => p.profile === 'p');
    expect(profile).toMatchObject({ retention_days: 30, bytes_per_day: null });
    expect(profile.bytes).toBeGreaterThan(0);
    expect(report.storage.system_bytes).toBeGreaterThan(0);
    if (hasDisk) expect(report.storage.disk.free_bytes).toBeGreaterThan(0);
    else expect(report.storage.disk).toBeNull();
    expect(report.growth).toBeNull();
    expect(report.advice.map((a: { id: string }) => a.id)).toContain('growth_unknown');
    expect(report.pace).toMatchObject({ waiting: 0 });
    expect(report.shedding).toEqual({
      active: false,
      refused_last_hour: 0,
      last_refused_at: null,
      last_cause: null,
    });
  });

  test('tells the growth of the data once it has a span of readings, and what to do about it', async () => {
    // 360 readings 10 ms apart make the span growth needs; any growth fills the disk within 100 years.
    t = await createTestApp({
      ...settings(),
      STREAMPULSE_MONITOR_INTERVAL_MS: '10',
      STREAMPULSE_DISK_WARN_DAYS: '36500',
    });
    await createProfileWithStream(t.app, 'p', { id: 's', platform: 'custom', channel: 's' });
    const { monitor } = t.services;
    await monitor.readStorage();
    monitor.start();
    let pushed = 0;
    await vi.waitFor(
      async () => {
        await pushLikes(t!.app, pushed, 2000);
        pushed += 2000;
        const report = (await t!.app.inject({ method: 'GET', url: '/api/system/resources' })).json();
        expect(report.growth?.bytes_per_day).toBeGreaterThan(0);
      },
      { timeout: 20_000, interval: 200 },
    );
    const report = (await t.app.inject({ method: 'GET', url: '/api/system/resources' })).json();
    expect(report.storage_history.length).toBeGreaterThan(1);
    expect(report.history.length).toBeGreaterThan(1);
    const advice = report.advice.map((a: { id: string }) => a.id);
    if (hasDisk) {
      expect(advice).toContain('disk_full_soon');
      expect(report.growth.days_until_full).toBeGreaterThan(0);
      const full = report.advice.find((a: { id: string }) => a.id === 'disk_full_soon');
      expect(full.text).toMatch(
        /^At today's growth \(.+ a day, measured over the last .+\) the disk is full /,
      );
      // Seconds of pushing extrapolated to a day: the shortest retention is what it takes.
      expect(full.text).toMatch(/: keep raw events (60|30|14|7) days instead of 90, /);
      expect(full.severity).toBe('critical');
    } else {
      expect(advice).toContain('database_growth');
      expect(report.growth.days_until_full).toBeNull();
    }
  });
});

test('only server admins read the resources', async () => {
  t = await createTestApp();
  expect((await t.anonymous({ method: 'GET', url: '/api/system/resources' })).statusCode).toBe(401);
});
