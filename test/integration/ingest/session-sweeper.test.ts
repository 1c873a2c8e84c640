import { afterEach, beforeEach, expect, test } from 'vitest';
import { SessionSweeper } from '../../../src/ingest/session-sweeper.js';
import { createLogger } from '../../../src/logger.js';
import { ev, T0 } from '../../support/events.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ STREAMPULSE_SESSION_GRACE_MS: '60000' });
  await t.services.profiles.create({ id: 'p', name: 'P' });
  await t.services.profiles.createStream('p', { id: 'tiktok-a', platform: 'tiktok', channel: '@a' });
});
afterEach(() => t.close());

test('ends a silent session with a recorded stream_end at its last event, once, and a rebuild agrees', async () => {
  const { services } = t;
  await services.pipeline.submit('p', [
    ev({ kind: 'viewers', count: 40, at: T0 }),
    ev({ kind: 'like', count: 3, at: T0 + 30_000 }),
  ]);
  let now = T0 + 60_000;
  const sweeper = new SessionSweeper({
    engine: services.engine,
    submit: (p, e) => services.pipeline.submit(p, e),
    graceMs: 60_000,
    now: () => now,
    log: createLogger('silent'),
  });
  expect(await sweeper.sweep()).toBe(0);

  now = T0 + 30_000 + 60_001;
  expect(await sweeper.sweep()).toBe(1);
  expect(await sweeper.sweep()).toBe(0);

  const [session] = await services.reads.listSessions('p', { limit: 5 });
  expect(session).toMatchObject({ ended_at: T0 + 30_000, end_reason: 'idle', is_live: false, likes: 3 });
  const { events } = await services.reads.listEvents('p', 0, 10);
  expect(events.at(-1)).toMatchObject({ kind: 'stream_end', at: T0 + 30_000, data: { reason: 'idle' } });
  expect((await services.reads.getStats('p')).streams['tiktok-a']!.viewers).toBe(0);

  const store = await services.engine.openProfile('p');
  const before = await store.dumpAggregates();
  await store.rebuild();
  expect(await store.dumpAggregates()).toEqual(before);
});
