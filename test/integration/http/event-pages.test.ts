import { afterAll, beforeAll, expect, test } from 'vitest';
import { MAX_EVENT_PAGE_BYTES } from '../../../src/analytics/profile-read.service.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
const data = { note: 'y'.repeat(3900) };

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'big', name: 'Big' });
  await t.services.profiles.createStream('big', { id: 's', platform: 'custom', channel: 's' });
  const at = Date.now() - 60_000;
  const events = Array.from({ length: 1500 }, (_, i) => ({ stream: 's', kind: 'like', at: at + i, data }));
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/profiles/big/events', payload: events })).statusCode,
  ).toBe(200);
});
afterAll(() => t.close());

interface Page {
  events: { seq: number }[];
  next: number | null;
}

test('a page of the log stops at about 4 MiB of text and data, and its cursor leads on to the rest', async () => {
  const first = await t.app.inject({ url: '/api/profiles/big/events?limit=10000' });
  const page = first.json<Page>();
  expect(page.events.length).toBeLessThan(1500);
  expect(page.events.length).toBeGreaterThan(900);
  expect(first.body.length).toBeLessThan(MAX_EVENT_PAGE_BYTES + 1_000_000);
  expect(page.next).toBe(page.events.at(-1)!.seq);
  const rest = (
    await t.app.inject({ url: `/api/profiles/big/events?limit=10000&after=${page.next}` })
  ).json<Page>();
  expect(page.events.length + rest.events.length).toBe(1500);
  expect(rest.next).toBeNull();
});
