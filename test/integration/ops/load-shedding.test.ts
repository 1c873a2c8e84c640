import { afterEach, expect, test, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Holds the event loop for `ms`, as a runaway computation would. */
function blockEventLoop(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

test('an overloaded server answers 503 with Retry-After and the error body, but still answers health and readiness', async () => {
  // The heap is always past 1% of its limit: the server is overloaded from its first look on.
  t = await createTestApp({ STREAMPULSE_SHED_HEAP_PERCENT: '1' });
  const { app } = t;
  await vi.waitFor(() => expect(app.isUnderPressure()).toBe(true), { timeout: 5000 });

  const refused = await app.inject({ method: 'GET', url: '/api/profiles' });
  expect(refused.statusCode).toBe(503);
  expect(refused.headers['retry-after']).toBe('5');
  expect(refused.json()).toEqual({
    error: {
      code: 'SERVER_OVERLOADED',
      message: expect.stringMatching(/^the server is overloaded \(heap \d+ MB\): retry after 5 s$/),
    },
  });
  const push = await app.inject({ method: 'POST', url: '/api/profiles/p/events', payload: [] });
  expect(push.statusCode).toBe(503);

  expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'overloaded' });
  const ready = await app.inject({ method: 'GET', url: '/ready' });
  expect(ready.statusCode).toBe(503);
  expect(ready.json()).toEqual({ status: 'overloaded' });

  const resources = await app.inject({ method: 'GET', url: '/api/system/resources' });
  expect(resources.statusCode).toBe(200);
  expect(resources.json().shedding).toMatchObject({ active: true, refused_last_hour: 2, last_cause: 'heap' });
  const refusals = resources.json().advice.find((a: { id: string }) => a.id === 'requests_refused');
  expect(refusals.text).toBe(
    'The server refused 2 requests in the last hour because it was overloaded (503 with Retry-After); clients that retry get through once the load drops.',
  );
});

test('a blocked event loop makes the server refuse requests until it catches up', async () => {
  // A 4 s block averages at least 30 ms of delay over any second that holds it.
  t = await createTestApp({ STREAMPULSE_SHED_EVENT_LOOP_DELAY_MS: '25', STREAMPULSE_SHED_HEAP_PERCENT: '0' });
  const { app } = t;
  expect((await app.inject({ method: 'GET', url: '/api/profiles' })).statusCode).toBe(200);

  blockEventLoop(4000);
  await vi.waitFor(() => expect(app.isUnderPressure()).toBe(true), { timeout: 5000, interval: 10 });
  const refused = await app.inject({ method: 'GET', url: '/api/profiles' });
  expect(refused.statusCode).toBe(503);
  expect(refused.headers['retry-after']).toBe('5');
  expect(refused.json().error.message).toMatch(/^the server is overloaded \(event loop delay \d+ ms\)/);
  expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

  // Once a second passes without a block, requests are answered again.
  await vi.waitFor(() => expect(app.isUnderPressure()).toBe(false), { timeout: 10_000 });
  expect((await app.inject({ method: 'GET', url: '/api/profiles' })).statusCode).toBe(200);
});
