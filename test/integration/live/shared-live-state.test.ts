import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { LiveState } from '../../../src/live/live-state.js';
import { SharedLiveSource } from '../../../src/live/shared-live-source.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 's', name: 'S' });
  await t.services.profiles.createStream('s', { id: 'tt', platform: 'tiktok', channel: '@s' });
});
afterAll(() => t.close());

test('in shared mode an instance that stored nothing still reports the stats, triggers and chat velocity of the others', async () => {
  const now = Date.UTC(2026, 10, 1, 18, 0, 30);
  const events: LiveEvent[] = [
    { stream: 'tt', kind: 'viewers', at: now - 5000, count: 321, value: 0 },
    ...Array.from({ length: 12 }, (_, i): LiveEvent => ({
      stream: 'tt',
      kind: 'chat',
      at: now - 20_000 + i * 1000,
      count: 1,
      value: 0,
      text: `m${i}`,
    })),
    { stream: 'tt', kind: 'trigger', at: now - 1000, count: 1, value: 0, data: { type: 'viewers_spike' } },
  ];
  await t.services.pipeline.submit('s', events);
  await t.services.profiles.updateStream('s', 'tt', { recording: true });
  // This instance never saw the commit: it was made "elsewhere".
  const other = new LiveState(
    t.services.engine,
    () => now,
    new SharedLiveSource((p) => t.services.engine.system.listStreams(p)),
  );
  const seed = await other.seedPayload('s');
  expect(seed.viewer_counts).toEqual({ tt: 321 });
  expect(seed.chat_velocities).toEqual({ tt: 12 });
  expect(seed.recent_triggers.map((tr) => tr.type)).toEqual(['viewers_spike']);
  expect(seed.recording_status).toEqual({ tt: true });
  const stats = await other.statsPayload('s');
  expect(stats.combined).toMatchObject({ viewers: 321, comments: 12, chat_velocity: 12 });
});
