import { afterAll, beforeAll, expect, test } from 'vitest';
import { UsageService, utcDay } from '../../../src/profiles/usage.service.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
const now = Date.now();
const today = utcDay(now);

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'use', name: 'Use' });
  await t.services.profiles.createStream('use', { id: 'tt', platform: 'tiktok', channel: '@u' });
});
afterAll(() => t.close());

const push = (events: object[]) =>
  t.app.inject({ method: 'POST', url: '/api/profiles/use/events', payload: events });
const usage = async (query = '') =>
  (await t.app.inject({ method: 'GET', url: `/api/profiles/use/usage${query}` })).json();

test("a day's usage counts the events stored, their size, the API requests and the minutes each stream was live", async () => {
  // A reading every 4 minutes for 28 minutes (within the 5-minute grace: one session), then a chat.
  const readings = Array.from({ length: 8 }, (_, i) => ({
    stream: 'tt',
    kind: 'viewers',
    at: now - (28 - 4 * i) * 60_000,
    count: 10,
  }));
  expect(
    (
      await push([
        ...readings,
        { stream: 'tt', kind: 'chat', at: now - 1000, user: { id: 'u', name: 'u' }, text: 'hello there' },
      ])
    ).statusCode,
  ).toBe(200);
  // Counted before and after they are stored: the answer is the same.
  const before = (await usage()).days.find((d: { day: string }) => d.day === today);
  await t.services.usage.flush();
  const after = (await usage()).days.find((d: { day: string }) => d.day === today);
  expect(after.events).toBe(9);
  expect(after.bytes).toBeGreaterThanOrEqual(9 * 64 + 'hello there'.length);
  expect(after.requests).toBeGreaterThanOrEqual(2);
  expect(after.live_minutes.tt).toBeGreaterThanOrEqual(27);
  expect({ ...before, requests: 0 }).toEqual({ ...after, requests: 0 });
});

test('a quota of events per day refuses pushes past it with 429 and Retry-After until UTC midnight; connectors are not refused', async () => {
  const used = (await usage()).days.find((d: { day: string }) => d.day === today)?.events ?? 0;
  const set = await t.app.inject({
    method: 'PUT',
    url: '/api/profiles/use/settings/quota',
    payload: { events_per_day: used + 3 },
  });
  expect(set.json()).toEqual({ events_per_day: used + 3 });
  const like = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      stream: 'tt',
      kind: 'like' as const,
      at: now + i,
      count: 1,
      value: 0,
    }));
  expect((await push(like(2))).statusCode).toBe(200);
  const refused = await push(like(2));
  expect(refused.statusCode).toBe(429);
  expect(refused.json().error.code).toBe('QUOTA_EXCEEDED');
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(86_400);
  expect((await push(like(1))).statusCode).toBe(200);
  // Events of connectors (submitted directly) are never refused.
  const direct = await t.services.ingest.submit('use', like(5));
  expect(direct.stored).toBe(5);
  await t.app.inject({
    method: 'PUT',
    url: '/api/profiles/use/settings/quota',
    payload: { events_per_day: null },
  });
  expect((await push(like(1))).statusCode).toBe(200);
});

test('clips counted show in the usage of the UTC day they were counted on, once flushed', async () => {
  // A service of its own, on a clock that crosses midnight UTC between the counts and the flush.
  let clock = Date.parse('2020-02-29T23:59:59.500Z');
  const counter = new UsageService(t.services.profiles, t.services.engine, () => clock);
  counter.countClips('use', 2);
  counter.countClips('use', 1);
  clock = Date.parse('2020-03-01T00:00:00.500Z');
  counter.countClips('use', 4);
  await counter.flush();
  const report = await usage('?from=2020-02-28&to=2020-03-02');
  const none = { events: 0, bytes: 0, requests: 0, live_minutes: {} };
  expect(report.days).toEqual([
    { day: '2020-02-29', ...none, clips: 3 },
    { day: '2020-03-01', ...none, clips: 4 },
  ]);
});

test('a range is checked and usage of an unknown profile is 404', async () => {
  const bad = await t.app.inject({
    method: 'GET',
    url: '/api/profiles/use/usage?from=2026-05-02&to=2026-05-01',
  });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error.details[0].field).toBe('to');
  expect((await t.app.inject({ method: 'GET', url: '/api/profiles/nope/usage' })).statusCode).toBe(404);
});
