import { expect, test } from 'vitest';
import type { LiveEvent } from '../../core/live-event.js';
import { backfillDemo } from './demo-backfill.js';

test('backfills the Twitch demo stream with bits and subscriptions, and the TikTok one with gifts', async () => {
  const heard: LiveEvent[] = [];
  await backfillDemo({
    submit: (_p, events) => {
      heard.push(...events);
      return Promise.resolve({ stored: events.length, duplicates: 0 });
    },
    profile: 'demo',
    streams: ['tiktok-demo', 'twitch-demo'],
    seed: 1,
    startAt: Date.UTC(2026, 0, 10, 18, 0, 0),
    minutes: 30,
  });
  const kindsOn = (stream: string) => new Set(heard.filter((e) => e.stream === stream).map((e) => e.kind));
  expect(kindsOn('twitch-demo')).toContain('cheer');
  expect(kindsOn('twitch-demo')).not.toContain('gift');
  expect(kindsOn('twitch-demo')).not.toContain('like');
  expect(kindsOn('tiktok-demo')).toContain('gift');
  expect(kindsOn('tiktok-demo')).not.toContain('cheer');
});
