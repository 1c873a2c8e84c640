import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { LiveChange } from '../../../src/live/live-state.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'f', name: 'F' });
  await t.services.profiles.createStream('f', { id: 'tt', platform: 'tiktok', channel: '@f' });
});
afterAll(() => t.close());

test('a live consumer that throws or rejects does not keep the ones after it from the change', async () => {
  const seen: LiveChange[] = [];
  t.services.fanout.add(() => {
    throw new Error('push failed');
  });
  t.services.fanout.add(() => Promise.reject(new Error('webhook failed')));
  t.services.fanout.add((profile, change) => {
    if (profile === 'f' && change.events.length > 0) seen.push(change);
  });
  const at = Date.now();
  await t.services.pipeline.submit('f', [
    { stream: 'tt', kind: 'trigger', at, count: 1, value: 0, data: { type: 'viewers_spike' } },
  ]);
  await vi.waitFor(() => expect(seen).toHaveLength(1));
  expect(seen[0]!.triggers.map((tr) => tr.type)).toEqual(['viewers_spike']);
  // The next batch reaches it too: the failures broke nothing.
  await t.services.pipeline.submit('f', [{ stream: 'tt', kind: 'viewers', at: at + 1, count: 5, value: 0 }]);
  await vi.waitFor(() => expect(seen).toHaveLength(2));
});
