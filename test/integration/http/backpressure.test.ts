import { afterEach, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
let t: TestApp | undefined;
afterEach(() => t?.close());

test('answers 503 with Retry-After when the queue is full, and stores the refused batch later on retry', async () => {
  t = await createTestApp({ STREAMPULSE_QUEUE_LIMIT: '100', STREAMPULSE_BATCH_DELAY_MS: '150' });
  const { app } = t;
  await app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'p', name: 'P' } });
  await app.inject({
    method: 'POST',
    url: '/api/profiles/p/streams',
    payload: { id: 's', platform: 'custom', channel: 's' },
  });
  const batch = (from: number) =>
    Array.from({ length: 60 }, (_, i) => ({
      stream: 's',
      kind: 'like',
      at: T + from + i,
      id: `e${from + i}`,
    }));

  const [first, second] = await Promise.all([
    app.inject({ method: 'POST', url: '/api/profiles/p/events', payload: batch(0) }),
    app.inject({ method: 'POST', url: '/api/profiles/p/events', payload: batch(100) }),
  ]);
  expect(first.statusCode).toBe(200);
  expect(second.statusCode).toBe(503);
  expect(second.headers['retry-after']).toBe('1');
  expect(second.json().error.code).toBe('INGEST_QUEUE_FULL');

  const retry = await app.inject({ method: 'POST', url: '/api/profiles/p/events', payload: batch(100) });
  expect(retry.json()).toEqual({ stored: 60, duplicates: 0 });
});

test('answers 413 for a batch larger than the queue limit', async () => {
  t = await createTestApp({ STREAMPULSE_QUEUE_LIMIT: '10' });
  await t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'p', name: 'P' } });
  await t.app.inject({
    method: 'POST',
    url: '/api/profiles/p/streams',
    payload: { id: 's', platform: 'custom', channel: 's' },
  });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/profiles/p/events',
    payload: Array.from({ length: 11 }, (_, i) => ({ stream: 's', kind: 'like', at: T + i })),
  });
  expect(res.statusCode).toBe(413);
  expect(res.json().error.code).toBe('BATCH_TOO_LARGE');
});
