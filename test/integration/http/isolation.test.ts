import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/** Batches whose every value carries the profile's mark, so a leak is visible in any read. */
function batches(profile: 'red' | 'blue', n: number) {
  const mark = profile === 'red' ? 3 : 7;
  return Array.from({ length: n }, (_, b) =>
    Array.from({ length: 50 }, (_, i) => ({
      stream: `${profile}-s`,
      kind: i % 10 === 0 ? 'viewers' : 'like',
      at: T + (b * 50 + i) * 1000,
      id: `${profile}-${b}-${i}`,
      count: mark,
      user: { id: `${profile}-user-${i % 5}`, name: `${profile} viewer` },
    })),
  );
}

test('two profiles ingesting at once never see each other, and deleting one keeps the other', async () => {
  for (const p of ['red', 'blue'] as const) {
    await t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id: p, name: p } });
    await t.app.inject({
      method: 'POST',
      url: `/api/profiles/${p}/streams`,
      payload: { id: `${p}-s`, platform: 'custom', channel: p },
    });
  }
  const red = batches('red', 20);
  const blue = batches('blue', 20);
  const posts = red.flatMap((r, i) => [
    t.app.inject({ method: 'POST', url: '/api/profiles/red/events', payload: r }),
    t.app.inject({ method: 'POST', url: '/api/profiles/blue/events', payload: blue[i]! }),
  ]);
  for (const res of await Promise.all(posts)) expect(res.json()).toEqual({ stored: 50, duplicates: 0 });

  for (const [p, mark] of [
    ['red', 3],
    ['blue', 7],
  ] as const) {
    const stats = (await t.app.inject({ url: `/api/profiles/${p}/stats` })).json();
    expect(Object.keys(stats.streams)).toEqual([`${p}-s`]);
    expect(stats.combined.likes).toBe(20 * 45 * mark);
    expect(stats.combined.viewers).toBe(mark);
    const events = (await t.app.inject({ url: `/api/profiles/${p}/events?limit=10000` })).json().events;
    expect(events).toHaveLength(1000);
    expect(
      events.every((e: { stream: string; count: number }) => e.stream === `${p}-s` && e.count === mark),
    ).toBe(true);
    const sessions = (await t.app.inject({ url: `/api/profiles/${p}/sessions` })).json().sessions;
    expect(sessions.every((s: { stream: string }) => s.stream === `${p}-s`)).toBe(true);
  }

  const fileOf = (p: string, name: string) => path.join(t.dataDir, 'profiles', `${p}${name}`);
  const files = ['.db', '.aggregates.db'];
  expect(files.every((f) => existsSync(fileOf('red', f)))).toBe(true);
  expect((await t.app.inject({ method: 'DELETE', url: '/api/profiles/red' })).statusCode).toBe(204);
  // The log, its aggregates and their WAL files are all gone; the other profile's are untouched.
  for (const f of files) {
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(fileOf('red', f + suffix))).toBe(false);
    expect(existsSync(fileOf('blue', f))).toBe(true);
  }
  expect((await t.app.inject({ url: '/api/profiles/red/stats' })).statusCode).toBe(404);
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/profiles/red/events', payload: red[0] })).statusCode,
  ).toBe(404);
  const blueStats = (await t.app.inject({ url: '/api/profiles/blue/stats' })).json();
  expect(blueStats.combined.likes).toBe(20 * 45 * 7);
  expect((await t.app.inject({ url: '/api/profiles/blue/events?limit=10000' })).json().events).toHaveLength(
    1000,
  );

  // A new profile reusing the deleted id starts empty.
  await t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'red', name: 'again' } });
  expect((await t.app.inject({ url: '/api/profiles/red/stats' })).json().combined.likes).toBe(0);
});
