import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTestApp({ STREAMPULSE_DATABASE_URL: db.url });
  await t.services.profiles.create({ id: 'n', name: 'N' });
  await t.services.profiles.createStream('n', { id: 'tt', platform: 'tiktok', channel: '@n' });
});
afterAll(async () => {
  await t.close();
  await db.drop();
});

test('a platform message holding U+0000 is stored on PostgreSQL without it, not refused forever', async () => {
  const at = Date.now();
  const result = await t.services.ingest.submit('n', [
    {
      stream: 'tt',
      kind: 'chat',
      at,
      count: 1,
      value: 0,
      text: 'he\u0000llo',
      user: { id: '1', name: 'a\u0000b' },
    },
  ]);
  expect(result.stored).toBe(1);
  const { events } = await t.services.reads.listEvents('n', 0, 10);
  expect(events.map((e) => [e.text, e.user?.name])).toEqual([['hello', 'ab']]);
});
